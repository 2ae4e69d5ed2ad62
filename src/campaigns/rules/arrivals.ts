import { mayReceiveCommercial } from '../consent.ts';
import type { CampaignSettings } from '../settings.ts';
import type { CampaignCustomer, PlannedMessage, SegmentLetter } from '../types.ts';

export interface ArrivalsParams {
  /** The owner's words ("Yeni sezon ürünleri geldi…"). */
  text: string;
  /** Segments to reach (default all); A always goes first, then B, then C. */
  segments?: SegmentLetter[];
  /** Product names shown in the message. */
  products?: string[];
  category?: string;
  /** Only customers who bought the category (or the named products' categories). */
  onlyBuyers?: boolean;
}

/**
 * New arrivals: A customers at once (priority access), B after arrivalsDelayBHours, C after
 * arrivalsDelayCHours; customers without a segment yet count as C. Commercial: consent needed.
 */
export function arrivalsRecipients(
  customers: CampaignCustomer[],
  params: ArrivalsParams,
  buyers: ReadonlySet<number> | null,
  s: CampaignSettings,
): PlannedMessage[] {
  const wanted = new Set<SegmentLetter>(params.segments?.length ? params.segments : ['A', 'B', 'C']);
  const delay: Record<SegmentLetter, number> = { A: 0, B: s.arrivalsDelayBHours, C: s.arrivalsDelayCHours };
  const out: PlannedMessage[] = [];
  for (const c of customers) {
    const seg = c.segment ?? 'C';
    if (!wanted.has(seg)) continue;
    if (params.onlyBuyers && !(buyers?.has(c.id) ?? false)) continue;
    if (!mayReceiveCommercial(c, s)) continue;
    out.push({
      customer: c,
      template: 'arrivals',
      vars: { message: params.text, products: params.products ?? [], category: params.category ?? '' },
      delayHours: delay[seg],
    });
  }
  const order: Record<SegmentLetter, number> = { A: 0, B: 1, C: 2 };
  return out.sort((a, b) => order[a.customer.segment ?? 'C'] - order[b.customer.segment ?? 'C'] || a.customer.id - b.customer.id);
}
