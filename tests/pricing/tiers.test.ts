import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { volumeDiscount } from '../../src/pricing/tiers.ts';
import { orderTotals, unitPrice } from '../../src/pricing/priceOrder.ts';
import { defaultOrderingSettings } from '../../src/orders/settings.ts';
import { formatTL } from '../../src/shared/money.ts';

const tiers = defaultOrderingSettings.tiers;
const TL = (n: number) => n * 100;

describe('volume tiers on the month to date', () => {
  it('standard up to 10.000 TL, 3 % above it, 5 % above 25.000 TL', () => {
    expect(volumeDiscount(0, TL(10_000), tiers).bp).toBe(0);
    expect(volumeDiscount(0, TL(10_000) + 1, tiers).bp).toBe(300);
    expect(volumeDiscount(TL(20_000), TL(5_000), tiers).bp).toBe(300);
    expect(volumeDiscount(TL(20_000), TL(5_000) + 1, tiers).bp).toBe(500);
  });

  it('crossing a tier in mid-month discounts the order that crosses it, and tells what the next tier needs', () => {
    const before = volumeDiscount(TL(8_000), TL(1_500), tiers);
    expect(before).toMatchObject({ bp: 0, basedOnKurus: TL(9_500), next: { aboveKurus: TL(10_000), bp: 300, missingKurus: TL(500) } });
    const crossing = orderTotals([TL(3_000)], TL(8_000), tiers);
    expect(crossing).toMatchObject({ subtotalKurus: TL(3_000), discountKurus: TL(90), totalKurus: TL(2_910) });
    expect(formatTL(crossing.totalKurus)).toBe('2.910,00 TL');
  });

  it('thresholds and percents are settings', () => {
    expect(volumeDiscount(0, TL(6_000), [{ aboveKurus: TL(5_000), bp: 200 }]).bp).toBe(200);
  });

  it('the discount never exceeds the highest tier and totals stay whole kuruş', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000_000 }), { maxLength: 20 }), fc.integer({ min: 0, max: 10_000_000 }), (lines, mtd) => {
        const t = orderTotals(lines, mtd, tiers);
        expect(Number.isInteger(t.totalKurus)).toBe(true);
        expect(t.totalKurus + t.discountKurus).toBe(t.subtotalKurus);
        expect(t.discountKurus).toBeLessThanOrEqual(Math.round(t.subtotalKurus * 0.05));
      }),
    );
  });

  it('a piece out of a koli costs the koli price divided by its pieces', () => {
    expect(unitPrice(163_200, 1 / 12)).toBe(13_600);
    expect(unitPrice(163_200, 1 / 12, 12_000)).toBe(12_000);
  });
});
