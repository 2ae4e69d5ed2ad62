import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { importFixtures } from '../imports/fixtures.ts';
import { createOrderService, type OrderService } from '../../src/orders/orderService.ts';
import { createCreditService } from '../../src/credit/creditService.ts';
import { manualClock } from '../../src/shared/clock.ts';
import { istanbulTime } from '../../src/shared/dates.ts';
import { customerId, openBalance, PHONES, stockOf, TL } from './helpers.ts';

// On PostgreSQL the confirmations below really run at the same time on separate connections;
// PGlite serialises transactions in one process, so there the same test checks the sequential outcome.
describeEachDatabase('racing confirmations', (db, kind) => {
  const clock = manualClock(istanbulTime('2026-11-24', 10));
  let orders: OrderService;
  const ids: number[] = [];

  beforeAll(async () => {
    await importFixtures(db().prisma);
    orders = createOrderService({ db: db().prisma, clock });
    for (const phone of Object.values(PHONES)) ids.push(await customerId(db().prisma, phone));
  });

  it(`two customers racing for the last 2 koli of kaşar: exactly one wins [${kind}]`, async () => {
    const [ahmet, huseyin] = [ids[0], ids[6]];
    const a = await orders.draft(ahmet, [{ sku: 'PEY-KAS-600', quantity: 2, unit: 'koli' }]);
    const b = await orders.draft(huseyin, [{ sku: 'PEY-KAS-600', quantity: 2, unit: 'koli' }]);
    expect(a.summary.lines[0].stock.state).toBe('in_stock');
    expect(b.summary.lines[0].stock.state).toBe('in_stock');
    const results = await Promise.all([orders.confirm(a.orderId), orders.confirm(b.orderId)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const loser = results.find((r) => !r.ok);
    expect(loser).toMatchObject({ ok: false, reason: 'out_of_stock' });
    if (loser && !loser.ok) expect(loser.summary?.shortages[0]).toMatchObject({ sku: 'PEY-KAS-600', requested: 2, available: 0, state: 'out' });
    const stock = await stockOf(db().prisma, 'PEY-KAS-600');
    expect(stock.reserved).toBe(2);
    expect(stock.quantity).toBe(2);
  });

  it(`six customers racing for 3 koli: exactly three win, nothing oversold [${kind}]`, async () => {
    await db().prisma.stock.updateMany({ where: { product: { sku: 'KON-TUR-2K' } }, data: { quantity: 3, reserved: 0 } });
    const buyers = [ids[0], ids[1], ids[2], ids[4], ids[6], ids[7]];
    const drafts = await Promise.all(buyers.map((c) => orders.draft(c, [{ sku: 'KON-TUR-2K', quantity: 1, unit: 'koli' }])));
    const results = await Promise.all(drafts.map((d) => orders.confirm(d.orderId)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'out_of_stock')).toBe(true);
    expect((await stockOf(db().prisma, 'KON-TUR-2K')).reserved).toBe(3);
  });

  it(`two orders of one customer racing for the last credit: exactly one wins, the limit holds [${kind}]`, async () => {
    const emine = ids[7]; // L2, limit 50.000 TL
    const credit = createCreditService({ db: db().prisma, clock });
    const start = await credit.balance(emine);
    await openBalance(db().prisma, emine, TL(40_000) - start);
    // 4 koli Yudum 5 L on L2 = 5.644,80 TL each: either fits alone, both together pass 50.000 TL.
    const a = await orders.draft(emine, [{ sku: 'YAG-YUD-5L', quantity: 4, unit: 'koli' }]);
    const b = await orders.draft(emine, [{ sku: 'YAG-YUD-5L', quantity: 4, unit: 'koli' }]);
    expect(a.summary.canConfirm && b.summary.canConfirm).toBe(true);
    const results = await Promise.all([orders.confirm(a.orderId), orders.confirm(b.orderId)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const loser = results.find((r) => !r.ok);
    expect(loser).toMatchObject({ ok: false, reason: 'credit_limit' });
    // The loser is re-priced in the transaction: the winner took the month past 10.000 TL, so it would get 3 % off
    // (5.475,46 TL) and still not fit in the 4.355,20 TL left.
    if (loser && !loser.ok) expect(loser.summary).toMatchObject({ totalKurus: TL(5_475.46), credit: { roomKurus: TL(4_355.2), exceededByKurus: TL(1_120.26) } });
    expect(await credit.balance(emine)).toBe(TL(40_000 + 5_644.8));
  });

  it(`the last stock and the last credit at once: of two racing orders exactly one is confirmed [${kind}]`, async () => {
    const mustafa = ids[4]; // L2, limit 40.000 TL
    const credit = createCreditService({ db: db().prisma, clock });
    await openBalance(db().prisma, mustafa, TL(38_000) - (await credit.balance(mustafa)));
    await db().prisma.stock.updateMany({ where: { product: { sku: 'DET-ARI-6K' } }, data: { quantity: 1, reserved: 0 } });
    const a = await orders.draft(mustafa, [{ sku: 'DET-ARI-6K', quantity: 1, unit: 'koli' }]);
    const b = await orders.draft(mustafa, [{ sku: 'DET-ARI-6K', quantity: 1, unit: 'koli' }]);
    const results = await Promise.all([orders.confirm(a.orderId), orders.confirm(b.orderId)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await stockOf(db().prisma, 'DET-ARI-6K')).reserved).toBe(1);
    expect(await credit.balance(mustafa)).toBeLessThanOrEqual(TL(40_000));
  });

  it(`many rounds of racing confirmations never oversell [${kind}]`, async () => {
    const buyers = [ids[0], ids[1], ids[6], ids[7]];
    for (let round = 0; round < 5; round++) {
      await db().prisma.stock.updateMany({ where: { product: { sku: 'KUR-FIS-500' } }, data: { quantity: 2, reserved: 0 } });
      const drafts = await Promise.all(buyers.map((c) => orders.draft(c, [{ sku: 'KUR-FIS-500', quantity: 1, unit: 'koli' }])));
      const results = await Promise.all(drafts.map((d) => orders.confirm(d.orderId)));
      expect(results.filter((r) => r.ok)).toHaveLength(2);
      expect((await stockOf(db().prisma, 'KUR-FIS-500')).reserved).toBe(2);
      for (const d of drafts) await orders.cancel(d.orderId);
      expect((await stockOf(db().prisma, 'KUR-FIS-500')).reserved).toBe(0);
    }
  });
});
