import { mayReceiveCommercial } from '../consent.ts';
import type { CampaignSettings } from '../settings.ts';
import type { CampaignCustomer, PlannedMessage } from '../types.ts';

export interface SilenceFacts {
  customerId: number;
  /** Days since the last order; null for a customer who never ordered. */
  recencyDays: number | null;
}

/**
 * Win-back ("Sizi özledik…") with a trial offer: customers silent winbackSilentDays (60) or more
 * (up to winbackMaxSilentDays), at most once in winbackCooldownDays (30) each. Commercial.
 */
export function winbackRecipients(
  customers: CampaignCustomer[],
  silence: SilenceFacts[],
  lastWinbackAt: ReadonlyMap<number, Date>,
  now: Date,
  s: CampaignSettings,
): PlannedMessage[] {
  const byId = new Map(silence.map((x) => [x.customerId, x.recencyDays]));
  const cooldownMs = s.winbackCooldownDays * 86_400_000;
  const out: PlannedMessage[] = [];
  for (const c of customers) {
    const r = byId.get(c.id);
    if (r === undefined || r === null || r < s.winbackSilentDays || r > s.winbackMaxSilentDays) continue;
    const last = lastWinbackAt.get(c.id);
    if (last && now.getTime() - last.getTime() < cooldownMs) continue;
    if (!mayReceiveCommercial(c, s)) continue;
    out.push({ customer: c, template: 'winback', vars: { offer: s.winbackOffer, days_silent: r } });
  }
  return out;
}
