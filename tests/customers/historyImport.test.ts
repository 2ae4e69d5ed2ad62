import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { generateHistory, ordersCsv, paymentsCsv, seedCatalogAndCustomers, type Profile } from '../support/historyGenerator.ts';
import { importOrderHistory, importPayments, parseBusinessDate } from '../../src/imports/history.ts';
import { createSegmentService } from '../../src/customers/segmentService.ts';
import { manualClock } from '../../src/shared/clock.ts';

const asOf = new Date('2026-03-18T09:00:00Z');
const history = generateHistory({ seed: 7, asOf, counts: { weekly: 2, monthly: 2, silent100: 1, twiceWeeklySilent: 1, latePayer: 1 } });
const lineCount = history.orders.reduce((n, o) => n + o.lines.length, 0);

describeEachDatabase('ERP history import', (db) => {
  beforeAll(async () => {
    await seedCatalogAndCustomers(db(), history);
  });

  it('refuses a file with an unknown phone or sku and writes nothing', async () => {
    const csv = ordersCsv(history) + 'X1,2026-01-05,+905559998877,YAG-YUD-5L,2,980.00\nX2,2026-01-05,' + history.customers[0].phone + ',NOPE,1,10\n';
    const report = await importOrderHistory(db(), csv);
    expect(report.applied).toBe(false);
    const lines = csv.trim().split('\n').length;
    expect(report.errors).toEqual([
      { line: lines - 1, message: 'bilinmeyen müşteri: +905559998877' },
      { line: lines, message: 'bilinmeyen ürün kodu: NOPE' },
    ]);
    expect(await db().prisma.order.count()).toBe(0);
    expect(await db().prisma.ledgerEntry.count()).toBe(0);
  });

  it('imports orders with their lines and a sale on the ledger, in kuruş', async () => {
    const report = await importOrderHistory(db(), ordersCsv(history));
    expect(report).toMatchObject({ kind: 'orders', total: history.orders.length, created: history.orders.length, updated: 0, unchanged: 0, errors: [], applied: true });
    const p = db().prisma;
    expect(await p.orderLine.count()).toBe(lineCount);
    const first = history.orders[0];
    const order = await p.order.findUniqueOrThrow({ where: { externalNo: first.orderNo }, include: { lines: true, ledger: true, customer: true } });
    const total = first.lines.reduce((s, l) => s + l.quantity * l.unitPriceKurus, 0);
    expect(order).toMatchObject({ status: 'delivered', source: 'import', totalKurus: total, orderedAt: first.at });
    expect(order.customer.phone).toBe(first.phone);
    expect(order.lines.every((l) => l.priceSource === 'import')).toBe(true);
    expect(order.ledger).toHaveLength(1);
    expect(order.ledger[0]).toMatchObject({ kind: 'sale', amountKurus: total, importKey: `order:${first.orderNo}` });
    expect(order.ledger[0].dueAt).toEqual(new Date(first.at.getTime() + 30 * 86_400_000));
  });

  it('is idempotent, and a changed order is updated in place', async () => {
    const p = db().prisma;
    const again = await importOrderHistory(db(), ordersCsv(history));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: history.orders.length, applied: true });
    expect(await p.orderLine.count()).toBe(lineCount);

    const changed = structuredClone(history.orders);
    changed[0].lines[0].quantity += 3;
    const report = await importOrderHistory(db(), ordersCsv({ orders: changed }));
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: history.orders.length - 1 });
    const total = changed[0].lines.reduce((s, l) => s + l.quantity * l.unitPriceKurus, 0);
    const order = await p.order.findUniqueOrThrow({ where: { externalNo: changed[0].orderNo }, include: { lines: true, ledger: true } });
    expect(order.totalKurus).toBe(total);
    expect(order.lines).toHaveLength(changed[0].lines.length);
    expect(order.ledger.map((l) => l.amountKurus)).toEqual([total]);
    expect(await p.orderLine.count()).toBe(lineCount);
    await importOrderHistory(db(), ordersCsv(history)); // back to the ERP's truth
  });

  it('imports payments idempotently, keeping two equal payments of one day', async () => {
    const p = db().prisma;
    const extra = `${history.payments[0].at.toISOString().slice(0, 10)},${history.payments[0].phone},1.250,50\n`.replace('1.250,50', '"1.250,50"');
    const csv = paymentsCsv(history) + extra + extra;
    const report = await importPayments(db(), csv);
    expect(report).toMatchObject({ kind: 'payments', created: history.payments.length + 2, unchanged: 0, errors: [], applied: true });
    const twice = await p.ledgerEntry.findMany({ where: { kind: 'payment', amountKurus: -125_050 } });
    expect(twice).toHaveLength(2);
    const again = await importPayments(db(), csv);
    expect(again).toMatchObject({ created: 0, unchanged: history.payments.length + 2, applied: true });
    expect(await p.ledgerEntry.count({ where: { kind: 'payment' } })).toBe(history.payments.length + 2);
    await p.ledgerEntry.deleteMany({ where: { kind: 'payment', amountKurus: -125_050 } });
  });

  it('gives segments and churn reasons right from the first day', async () => {
    const rows = await createSegmentService({ db: db(), clock: manualClock(asOf) }).computeAt(asOf);
    const profile = new Map(history.customers.map((c) => [c.phone, c.profile]));
    const seg: Partial<Record<Profile, string>> = { weekly: 'A', monthly: 'B', silent100: 'C', twiceWeeklySilent: 'A', latePayer: 'A' };
    for (const r of rows) expect([r.phone, r.segment]).toEqual([r.phone, seg[profile.get(r.phone)!]]);
    const late = rows.find((r) => profile.get(r.phone) === 'latePayer')!;
    expect(late.churnReasons.map((x) => x.code)).toEqual(['late_payment']);
  });
});

describe('business dates in the history files', () => {
  it('reads a plain day as noon in Istanbul and honours explicit zones', () => {
    expect(parseBusinessDate('2026-03-20')?.toISOString()).toBe('2026-03-20T09:00:00.000Z');
    expect(parseBusinessDate('2026-03-20 08:15')?.toISOString()).toBe('2026-03-20T05:15:00.000Z');
    expect(parseBusinessDate('2026-03-20T08:15:00Z')?.toISOString()).toBe('2026-03-20T08:15:00.000Z');
    expect(parseBusinessDate('2026-02-30')).toBeNull();
    expect(parseBusinessDate('20.03.2026')).toBeNull();
  });
});
