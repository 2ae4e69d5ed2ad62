import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { importFixtures } from '../imports/fixtures.ts';
import { createOrderService, type OrderService } from '../../src/orders/orderService.ts';
import { ensureDefaultPriceLists } from '../../src/pricing/priceLists.ts';
import { manualClock } from '../../src/shared/clock.ts';
import { istanbulTime } from '../../src/shared/dates.ts';
import { formatTL } from '../../src/shared/money.ts';
import { customerId, PHONES, TL } from './helpers.ts';

describeEachDatabase('order questions', (db) => {
  const clock = manualClock(istanbulTime('2026-11-24', 10));
  let orders: OrderService;

  beforeAll(async () => {
    await importFixtures(db().prisma);
    orders = createOrderService({ db: db().prisma, clock });
  });

  it('"omo 6 kg kaç lira": the customer\'s own list price and how far the next tier is', async () => {
    const q = await orders.priceQuote(await customerId(db().prisma, PHONES.ayse), ['DET-OMO-6K']);
    expect(q.priceList).toEqual({ code: 'L2', name: 'Fiyat Listesi 2' });
    expect(q.items).toMatchObject([{ sku: 'DET-OMO-6K', unit: 'koli', pack: '3 x 6 kg', priceKurus: TL(268.8), perPieceKurus: null }]);
    expect(q.nextTier).toMatchObject({ aboveKurus: TL(10_000), percent: 3 });
    const online = await orders.priceQuote(await customerId(db().prisma, PHONES.zeynep), ['YAG-YUD-1L']);
    expect(online.items[0]).toMatchObject({ priceKurus: TL(1632), perPieceKurus: TL(136) });
  });

  it('a confirmed order reads back with the prices that were applied, even after the list changes', async () => {
    const p = db().prisma;
    const ahmet = await customerId(p, PHONES.ahmet);
    const d = await orders.draft(ahmet, [{ sku: 'CAY-TIR-1K', quantity: 2, unit: 'paket' }]);
    const r = await orders.confirm(d.orderId);
    expect(r.ok).toBe(true);
    await p.price.updateMany({ where: { product: { sku: 'CAY-TIR-1K' }, priceList: { code: 'L1' } }, data: { priceKurus: TL(300) } });
    const s = await orders.summary(d.orderId);
    expect(s).toMatchObject({ status: 'confirmed', totalKurus: TL(510), lines: [{ sku: 'CAY-TIR-1K', unitPriceKurus: TL(255), priceSource: 'list', stock: { state: 'in_stock' } }] });
    expect(s.delivery?.text).toBe('en geç 26 Kasım Perşembe, büyük ihtimalle 25 Kasım Çarşamba');
    expect(s.credit.balanceAfterKurus).toBe(TL(510));
    const fresh = await orders.draft(ahmet, [{ sku: 'CAY-TIR-1K', quantity: 2, unit: 'paket' }]);
    expect(formatTL(fresh.summary.totalKurus)).toBe('600,00 TL');
    expect(await orders.currentDraft(ahmet)).toBe(fresh.orderId);
    expect((await orders.promiseForCustomer(ahmet)).likely).toBe('2026-11-25');
  });

  it('unknown SKUs are reported, not guessed', async () => {
    const d = await orders.draft(await customerId(db().prisma, PHONES.mehmet), [
      { sku: 'NO-SUCH', quantity: 1, unit: null },
      { sku: 'CAY-TIR-1K', quantity: 1, unit: null },
    ]);
    expect(d.unknownSkus).toEqual(['NO-SUCH']);
    expect(d.summary.lines.map((l) => l.sku)).toEqual(['CAY-TIR-1K']);
  });

  it('a route\'s delivery days shape the promise', async () => {
    const p = db().prisma;
    await p.deliveryRoute.create({ data: { code: 'KADIKOY', name: 'Kadıköy', weekdays: [2, 5], cutoffHour: 12 } });
    const mustafa = await customerId(p, PHONES.mustafa);
    await p.customer.update({ where: { id: mustafa }, data: { routeCode: 'KADIKOY' } });
    clock.set(istanbulTime('2026-11-23', 13)); // Monday after the route's 12:00 cut-off
    const d = await orders.draft(mustafa, [{ sku: 'CAY-TIR-1K', quantity: 1, unit: null }]);
    expect(d.summary.delivery).toMatchObject({ likely: '2026-11-27', latest: '2026-12-01' });
  });

  it('start-up gives the four seed price lists, and repairs lists created with bare defaults', async () => {
    const p = db().prisma;
    await p.priceList.create({ data: { code: 'TMP', name: 'TMP' } });
    await p.priceList.update({ where: { code: 'L3' }, data: { minLotUnits: 12, name: 'L3' } });
    await ensureDefaultPriceLists(p);
    expect(await p.priceList.findUniqueOrThrow({ where: { code: 'L3' } })).toMatchObject({ name: 'Fiyat Listesi 3', minLotUnits: 1 });
    expect((await p.priceList.findUniqueOrThrow({ where: { code: 'TMP' } })).minLotUnits).toBe(1);
    await p.priceList.update({ where: { code: 'L2' }, data: { minLotUnits: 2 } });
    await ensureDefaultPriceLists(p);
    expect((await p.priceList.findUniqueOrThrow({ where: { code: 'L2' } })).minLotUnits).toBe(2);
  });
});
