import { formatDayTr } from '../../shared/dates.ts';
import { mayReceiveTransactional } from '../consent.ts';
import type { CampaignSettings } from '../settings.ts';
import type { CampaignCustomer, PlannedMessage } from '../types.ts';

export interface ComplaintFacts {
  id: number;
  number: number;
  customerId: number;
  createdAt: Date;
  followUpAt: Date | null;
  followUpSentAt: Date | null;
  productName: string | null;
}

/**
 * "Her şey yolunda mı?" a week after a complaint (or at its own follow-up time), once.
 * Service, not commercial: it goes without marketing consent. One per customer per run (the oldest).
 */
export function complaintFollowUps(customers: CampaignCustomer[], complaints: ComplaintFacts[], now: Date, s: CampaignSettings): PlannedMessage[] {
  const due = new Map<number, ComplaintFacts>();
  for (const k of complaints) {
    if (k.followUpSentAt) continue;
    const at = k.followUpAt ?? new Date(k.createdAt.getTime() + s.complaintFollowUpDays * 86_400_000);
    if (at > now) continue;
    const cur = due.get(k.customerId);
    if (!cur || k.createdAt < cur.createdAt) due.set(k.customerId, k);
  }
  const out: PlannedMessage[] = [];
  for (const c of customers) {
    const k = due.get(c.id);
    if (!k || !mayReceiveTransactional(c)) continue;
    out.push({
      customer: c,
      template: 'complaint-followup',
      vars: { complaint_no: k.number, complaint_day: formatDayTr(k.createdAt), product: k.productName ?? '', complaint_id: k.id },
      ref: `complaint:${k.id}`,
    });
  }
  return out;
}
