import { mayReceiveCommercial } from '../consent.ts';
import type { CampaignSettings } from '../settings.ts';
import type { CampaignCustomer, PlannedMessage } from '../types.ts';

export interface PersonalDay {
  customerId: number;
  kind: 'birthday' | 'anniversary' | 'other';
  month: number;
  day: number;
  /** The year it started (birth year, first order's year) when known. */
  year: number | null;
  label?: string | null;
}

/** 29 February is celebrated on 28 February in other years. */
export function fallsOn(d: Pick<PersonalDay, 'month' | 'day'>, ymd: string): boolean {
  const [y, m, day] = ymd.split('-').map(Number);
  if (d.month === m && d.day === day) return true;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d.month === 2 && d.day === 29 && !leap && m === 2 && day === 28;
}

/**
 * Personal days from the customer card — birthday, the anniversary of the first order, other
 * noted days — one greeting per customer per day (birthday first). Commercial: consent needed.
 */
export function personalRecipients(customers: CampaignCustomer[], days: PersonalDay[], ymd: string, s: CampaignSettings): PlannedMessage[] {
  const year = Number(ymd.slice(0, 4));
  const rank = { birthday: 0, anniversary: 1, other: 2 } as const;
  const best = new Map<number, PersonalDay>();
  for (const d of days) {
    if (!fallsOn(d, ymd)) continue;
    if (d.kind === 'anniversary' && (d.year === null || d.year >= year)) continue; // not the first order's own day
    const cur = best.get(d.customerId);
    if (!cur || rank[d.kind] < rank[cur.kind]) best.set(d.customerId, d);
  }
  const out: PlannedMessage[] = [];
  for (const c of customers) {
    const d = best.get(c.id);
    if (!d || !mayReceiveCommercial(c, s)) continue;
    if (d.kind === 'birthday') out.push({ customer: c, template: 'birthday', vars: {} });
    else if (d.kind === 'anniversary') out.push({ customer: c, template: 'anniversary', vars: { years: year - (d.year ?? year) } });
    else out.push({ customer: c, template: 'special-day', vars: { label: d.label || 'özel gününüz' } });
  }
  return out;
}
