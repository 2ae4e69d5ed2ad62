import type { ConsentFacts } from './consent.ts';

export type CampaignKind = 'arrivals' | 'holiday' | 'personal' | 'winback' | 'followup' | 'suggestion' | 'credit' | 'payment';

export const CAMPAIGN_KINDS: CampaignKind[] = ['arrivals', 'holiday', 'personal', 'winback', 'followup', 'suggestion', 'credit', 'payment'];

/** Holidays, personal days, new arrivals, win-back and suggestions need consent; the rest is service. */
export const COMMERCIAL_KINDS: ReadonlySet<CampaignKind> = new Set(['arrivals', 'holiday', 'personal', 'winback', 'suggestion']);

export type SegmentLetter = 'A' | 'B' | 'C';

/** The plain facts about a customer that the campaign rules look at. */
export interface CampaignCustomer extends ConsentFacts {
  id: number;
  phone: string;
  jid: string | null;
  name: string;
  title: string | null;
  business: string | null;
  segment: SegmentLetter | null;
}

/** One message a rule decided to send: which template, with which extra variables. */
export interface PlannedMessage {
  customer: CampaignCustomer;
  template: string;
  vars: Record<string, unknown>;
  /** Hours after the start (arrivals: B and C wait). */
  delayHours?: number;
  /** A stable key within the campaign when one customer may get several (follow-ups per complaint). */
  ref?: string;
}
