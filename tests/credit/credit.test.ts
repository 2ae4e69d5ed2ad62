import { describe, expect, it } from 'vitest';
import { creditCheck, openBalance } from '../../src/credit/ledger.ts';
import { defaultTermsDays, dueDate, overdue } from '../../src/credit/terms.ts';
import { formatTL } from '../../src/shared/money.ts';
import { localDate } from '../../src/shared/dates.ts';

const TL = (n: number) => n * 100;

describe('credit limit', () => {
  it('an order that passes the limit is refused with the room left and the excess', () => {
    const c = creditCheck({ limitKurus: TL(15_000), balanceKurus: TL(12_000), orderKurus: TL(4_530), warnPercent: 80 });
    expect(c.ok).toBe(false);
    expect(formatTL(c.roomKurus)).toBe('3.000,00 TL');
    expect(formatTL(c.exceededByKurus)).toBe('1.530,00 TL');
  });

  it('warns once the balance passes 80 % of the limit', () => {
    const near = creditCheck({ limitKurus: TL(150_000), balanceKurus: TL(100_000), orderKurus: TL(24_000), warnPercent: 80 });
    expect(near).toMatchObject({ ok: true, warning: true, crossesWarning: true, balanceAfterKurus: TL(124_000) });
    const below = creditCheck({ limitKurus: TL(150_000), balanceKurus: TL(100_000), orderKurus: TL(20_000), warnPercent: 80 });
    expect(below.warning).toBe(false);
    const already = creditCheck({ limitKurus: TL(150_000), balanceKurus: TL(125_000), orderKurus: TL(1_000), warnPercent: 80 });
    expect(already).toMatchObject({ warning: true, crossesWarning: false });
  });

  it('exactly at the limit still fits', () => {
    expect(creditCheck({ limitKurus: TL(1_000), balanceKurus: TL(400), orderKurus: TL(600), warnPercent: 80 }).ok).toBe(true);
  });

  it('a customer without a credit limit buys cash and is not limit-checked', () => {
    expect(creditCheck({ limitKurus: 0, balanceKurus: 0, orderKurus: TL(500), warnPercent: 80 })).toMatchObject({ ok: true, cashOnly: true, warning: false });
  });

  it('the open balance is sales minus payments', () => {
    expect(openBalance([{ amountKurus: TL(1_000) }, { amountKurus: -TL(400) }, { amountKurus: TL(50) }])).toBe(TL(650));
  });
});

describe('payment terms', () => {
  it('loyal customers get 45 days, new ones 30', () => {
    expect(defaultTermsDays(true, { loyalDays: 45, newDays: 30 })).toBe(45);
    expect(defaultTermsDays(false, { loyalDays: 45, newDays: 30 })).toBe(30);
  });

  it('the due day is the delivery day plus the terms, in Istanbul', () => {
    const delivered = new Date('2026-11-25T21:30:00Z'); // 26 Nov 00:30 in Istanbul
    expect(localDate(dueDate(delivered, 30))).toBe('2026-12-26');
    expect(localDate(dueDate(delivered, 45))).toBe('2027-01-10');
  });

  it('payments settle the oldest sales first; what stays unpaid after its due day is overdue', () => {
    const sale = (amount: number, occurred: string, due: string | null, orderId: number) => ({
      kind: 'sale', amountKurus: TL(amount), occurredAt: new Date(occurred), dueAt: due ? new Date(due) : null, orderId,
    });
    const entries = [
      sale(1_000, '2026-09-01T09:00:00Z', '2026-10-01T20:59:59Z', 1),
      sale(2_000, '2026-10-01T09:00:00Z', '2026-11-01T20:59:59Z', 2),
      sale(500, '2026-11-20T09:00:00Z', null, 3),
      { kind: 'payment', amountKurus: -TL(1_500), occurredAt: new Date('2026-10-15T09:00:00Z'), dueAt: null },
    ];
    const r = overdue(entries, new Date('2026-11-23T09:00:00Z'));
    expect(r.overdueKurus).toBe(TL(1_500));
    expect(r.sales).toHaveLength(1);
    expect(r.sales[0]).toMatchObject({ orderId: 2, openKurus: TL(1_500), daysLate: 22 });
    expect(overdue(entries, new Date('2026-10-20T09:00:00Z')).overdueKurus).toBe(0);
  });
});
