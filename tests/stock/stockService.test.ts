import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { importFixtures } from '../imports/fixtures.ts';
import { createStockService } from '../../src/stock/stockService.ts';
import { createOrderService } from '../../src/orders/orderService.ts';
import { importStock } from '../../src/imports/catalogImports.ts';
import { manualClock } from '../../src/shared/clock.ts';
import { istanbulTime } from '../../src/shared/dates.ts';
import { customerId, PHONES } from '../orders/helpers.ts';

describeEachDatabase('stock answers', (db) => {
  const clock = manualClock(istanbulTime('2026-11-24', 10));

  beforeAll(async () => {
    await importFixtures(db().prisma);
  });

  it('"var" only when it is there; otherwise the restock day or an honest "no date yet"', async () => {
    const stock = createStockService({ db: db().prisma, clock });
    await importStock(db().prisma, 'sku,quantity,restock_date\nDET-YUM-1L,0,\n');
    const answers = await stock.availability(['BAK-PIR-BAL-1K', 'BAK-PIR-BAL-25K', 'DET-YUM-1L', 'NOPE']);
    expect(answers.map((a) => [a.sku, a.inStock, a.restockDate, a.sentence])).toEqual([
      ['BAK-PIR-BAL-1K', false, '2026-12-02', 'Baldo Pirinç 1 kg şu an stokta yok; 2 Aralık Çarşamba geliyor.'],
      ['BAK-PIR-BAL-25K', true, null, 'Baldo Pirinç 25 kg Çuval stokta var.'],
      ['DET-YUM-1L', false, null, 'Yumoş Çamaşır Yumuşatıcı 1.44 L şu an stokta yok; geliş tarihi henüz belli değil, gelince size haber vereceğim.'],
    ]);
  });

  it('stock held by confirmed orders is not offered again', async () => {
    const p = db().prisma;
    const stock = createStockService({ db: p, clock });
    const orders = createOrderService({ db: p, clock });
    // Pınar Kaşar: 2 koli in the fixtures
    const d = await orders.draft(await customerId(p, PHONES.ahmet), [{ sku: 'PEY-KAS-600', quantity: 2, unit: 'koli' }]);
    expect((await orders.confirm(d.orderId)).ok).toBe(true);
    const [kasar] = await stock.availability(['PEY-KAS-600']);
    expect(kasar).toMatchObject({ inStock: false, availableQuantity: 0 });
    const other = await orders.draft(await customerId(p, PHONES.ayse), [{ sku: 'PEY-KAS-600', quantity: 1, unit: 'koli' }]);
    expect(other.summary.lines[0].stock).toMatchObject({ state: 'out', availableQuantity: 0 });
  });

  it('a "gelince haber ver" watch is kept once, falls due when stock arrives and is marked when told', async () => {
    const p = db().prisma;
    const stock = createStockService({ db: p, clock });
    const mehmet = await customerId(p, PHONES.mehmet);
    const first = await stock.watch(mehmet, 'TEREYAG-500');
    expect(await stock.watch(mehmet, 'TEREYAG-500')).toBe(first);
    expect((await stock.due()).some((w) => w.id === first)).toBe(false);
    await importStock(p, 'sku,quantity,restock_date\nTEREYAG-500,30,\n');
    const due = (await stock.due()).filter((w) => w.id === first);
    expect(due).toMatchObject([{ customerId: mehmet, sku: 'TEREYAG-500', productName: 'Pınar Tereyağı 500 g', availableQuantity: 30 }]);
    expect(await stock.markNotified([first])).toBe(1);
    expect((await stock.due()).some((w) => w.id === first)).toBe(false);
  });
});
