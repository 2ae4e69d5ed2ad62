import { mayReceiveCommercial } from '../consent.ts';
import type { CampaignSettings } from '../settings.ts';
import type { CampaignCustomer, PlannedMessage } from '../types.ts';

/** What the customer bought in last year's same weeks (and not lately). */
export interface LastYearFacts {
  customerId: number;
  productId: number;
  productName: string;
  quantity: number;
  unit: string;
}

/** A product often bought together with one the customer buys, which the customer never bought. */
export interface CrossSellFacts {
  customerId: number;
  productId: number;
  productName: string;
  becauseName: string;
  /** Orders holding both products. */
  together: number;
}

/**
 * One suggestion per customer: last year's same weeks first ("geçen yıl bu dönemde 5 koli…"),
 * else "bunu alanlar bunu da aldı". Commercial: consent needed.
 */
export function suggestionRecipients(
  customers: CampaignCustomer[],
  lastYear: LastYearFacts[],
  crossSell: CrossSellFacts[],
  s: CampaignSettings,
): PlannedMessage[] {
  const ly = new Map<number, LastYearFacts>();
  for (const f of lastYear) {
    const cur = ly.get(f.customerId);
    if (!cur || f.quantity > cur.quantity || (f.quantity === cur.quantity && f.productId < cur.productId)) ly.set(f.customerId, f);
  }
  const xs = new Map<number, CrossSellFacts>();
  for (const f of crossSell) {
    if (f.together < s.crossSellMinOrders) continue;
    const cur = xs.get(f.customerId);
    if (!cur || f.together > cur.together || (f.together === cur.together && f.productId < cur.productId)) xs.set(f.customerId, f);
  }
  const out: PlannedMessage[] = [];
  for (const c of customers) {
    if (!mayReceiveCommercial(c, s)) continue;
    const a = ly.get(c.id);
    if (a) {
      out.push({ customer: c, template: 'suggestion-last-year', vars: { product: a.productName, quantity: formatQty(a.quantity), unit: a.unit } });
      continue;
    }
    const b = xs.get(c.id);
    if (b) out.push({ customer: c, template: 'suggestion-cross-sell', vars: { product: b.productName, because: b.becauseName } });
  }
  return out;
}

function formatQty(q: number): string {
  return Number.isInteger(q) ? String(q) : q.toLocaleString('tr-TR', { maximumFractionDigits: 2 });
}
