import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { importFixtures } from '../imports/fixtures.ts';
import { createCreditService } from '../../src/credit/creditService.ts';
import { createOrderService } from '../../src/orders/orderService.ts';
import { manualClock } from '../../src/shared/clock.ts';
import { istanbulTime, localDate } from '../../src/shared/dates.ts';
import { customerId, PHONES, TL } from '../orders/helpers.ts';

describeEachDatabase('credit over the ledger', (db) => {
  const clock = manualClock(istanbulTime('2026-09-01', 10));

  beforeAll(async () => {
    await importFixtures(db().prisma);
  });

  it('a delivered sale falls due after the customer\'s terms and is overdue when unpaid after it', async () => {
    const p = db().prisma;
    const orders = createOrderService({ db: p, clock });
    const credit = createCreditService({ db: p, clock });
    const ayse = await customerId(p, PHONES.ayse); // 30 days
    const ahmet = await customerId(p, PHONES.ahmet); // 45 days

    clock.set(istanbulTime('2026-09-01', 10));
    for (const c of [ayse, ahmet]) {
      const d = await orders.draft(c, [{ sku: 'YAG-YUD-5L', quantity: 2, unit: 'koli' }]);
      const r = await orders.confirm(d.orderId);
      expect(r.ok).toBe(true);
      const delivered = await orders.markDelivered(d.orderId, istanbulTime('2026-09-02', 11));
      expect(localDate(delivered.dueAt)).toBe(c === ayse ? '2026-10-02' : '2026-10-17');
    }

    clock.set(istanbulTime('2026-10-10', 10));
    const overdue = await credit.overdueCustomers();
    expect(overdue.map((o) => o.customerId)).toEqual([ayse]);
    expect(overdue[0]).toMatchObject({ overdueKurus: TL(2 * 1411.2), maxDaysLate: 8 });
    const status = await credit.status(ayse);
    expect(status).toMatchObject({ balanceKurus: TL(2 * 1411.2), limitKurus: TL(60_000), roomKurus: TL(60_000 - 2 * 1411.2) });
    expect(status.overdue.sales).toHaveLength(1);

    await credit.recordPayment(ayse, TL(2 * 1411.2), { note: 'havale' });
    expect(await credit.overdueCustomers()).toEqual([]);
    expect(await credit.balance(ayse)).toBe(0);

    clock.set(istanbulTime('2026-10-20', 10));
    expect((await credit.overdueCustomers()).map((o) => o.customerId)).toEqual([ahmet]);
  });

  it('refuses a payment that is not a positive amount', async () => {
    const credit = createCreditService({ db: db().prisma, clock });
    await expect(credit.recordPayment(1, 0)).rejects.toThrow(/positive/);
  });
});
