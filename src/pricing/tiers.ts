// Volume discount on the calendar month's purchases (seed `002_…`).
import type { VolumeTier } from '../orders/settings.ts';

export interface VolumeDiscount {
  /** Discount in basis points (300 = 3 %); 0 = standard prices. */
  bp: number;
  /** Purchases confirmed earlier this month, this order excluded. */
  monthToDateKurus: number;
  /** What the tier was chosen on: the month's purchases including this order. */
  basedOnKurus: number;
  /** The next tier up, if any: how much more this month reaches it. */
  next: { aboveKurus: number; bp: number; missingKurus: number } | null;
}

/**
 * The tier reached by this month's purchases including this order; the rate applies to the whole order.
 * Thresholds are exclusive: "10.000 TL'yi geçerse %3".
 */
export function volumeDiscount(monthToDateKurus: number, orderSubtotalKurus: number, tiers: VolumeTier[]): VolumeDiscount {
  const sorted = [...tiers].sort((a, b) => a.aboveKurus - b.aboveKurus);
  const basedOn = monthToDateKurus + orderSubtotalKurus;
  let bp = 0;
  for (const t of sorted) if (basedOn > t.aboveKurus) bp = Math.max(bp, t.bp);
  const nextTier = sorted.find((t) => basedOn <= t.aboveKurus && t.bp > bp);
  return {
    bp,
    monthToDateKurus,
    basedOnKurus: basedOn,
    next: nextTier ? { aboveKurus: nextTier.aboveKurus, bp: nextTier.bp, missingKurus: nextTier.aboveKurus - basedOn } : null,
  };
}
