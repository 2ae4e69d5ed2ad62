// Prices of one order: the customer's list, a manual price where an admin set one, then the volume tier.
import { applyBasisPoints } from '../shared/money.ts';
import type { VolumeTier } from '../orders/settings.ts';
import { volumeDiscount, type VolumeDiscount } from './tiers.ts';

/** The price of one line unit: the list price scaled to the unit (a piece out of a koli), unless an admin set it by hand. */
export function unitPrice(listPriceKurus: number, perSellingUnit: number, manualPriceKurus?: number | null): number {
  if (manualPriceKurus !== undefined && manualPriceKurus !== null) return manualPriceKurus;
  return Math.round(listPriceKurus * perSellingUnit);
}

export function lineTotal(unitPriceKurus: number, quantity: number): number {
  return Math.round(unitPriceKurus * quantity);
}

export interface OrderTotals {
  subtotalKurus: number;
  discount: VolumeDiscount;
  discountKurus: number;
  totalKurus: number;
}

export function orderTotals(lineTotalsKurus: number[], monthToDateKurus: number, tiers: VolumeTier[]): OrderTotals {
  const subtotal = lineTotalsKurus.reduce((a, b) => a + b, 0);
  const discount = volumeDiscount(monthToDateKurus, subtotal, tiers);
  const discountKurus = applyBasisPoints(subtotal, discount.bp);
  return { subtotalKurus: subtotal, discount, discountKurus, totalKurus: subtotal - discountKurus };
}
