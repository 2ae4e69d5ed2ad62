import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { importCustomers, importPrices, importProducts, importStock } from '../../src/imports/catalogImports.ts';
import { dueStockWatches, markStockWatchesNotified } from '../../src/stock/stockService.ts';
import { fixture, importFixtures } from './fixtures.ts';

describeEachDatabase('catalog imports', (db) => {
  beforeAll(async () => {
    const reports = await importFixtures(db().prisma);
    expect(reports.map((r) => [r.kind, r.created])).toEqual([
      ['products', 132],
      ['prices', 528],
      ['stock', 132],
      ['customers', 8],
    ]);
  });

  it('reads pack sizes, aliases and prices in kuruş', async () => {
    const p = db().prisma;
    const yudum = await p.product.findUniqueOrThrow({ where: { sku: 'YAG-YUD-1L' } });
    expect(yudum).toMatchObject({ unit: 'koli', pack: '12 x 1 L', packCount: 12 });
    expect((await p.product.findUniqueOrThrow({ where: { sku: 'MAR-SAN-250' } })).packCount).toBe(48);
    expect((await p.product.findUniqueOrThrow({ where: { sku: 'CAY-CAY-1K' } })).packCount).toBe(1);
    expect((await p.product.findUniqueOrThrow({ where: { sku: 'KAH-NES-3U1' } })).aliases).toEqual(['3ü1arada', 'üçü bir arada', '3 ü 1 arada']);
    const price = await p.price.findFirstOrThrow({ where: { product: { sku: 'YAG-YUD-2L' }, priceList: { code: 'L2' } } });
    expect(price.priceKurus).toBe(113_120);
    const lists = await p.priceList.findMany({ orderBy: { code: 'asc' } });
    expect(lists.map((l) => [l.code, l.name, l.sellsUnits])).toEqual([
      ['L1', 'Fiyat Listesi 1', false],
      ['L2', 'Fiyat Listesi 2', false],
      ['L3', 'Fiyat Listesi 3', false],
      ['ONLINE', 'Online', true],
    ]);
    const stock = await p.stock.findFirstOrThrow({ where: { product: { sku: 'BAK-PIR-BAL-1K' } } });
    expect(stock.quantity).toBe(0);
    expect(stock.restockDate?.toISOString().slice(0, 10)).toBe('2026-12-02');
  });

  it('customers: E.164 phones, kuruş limits, consent with source and time, birthdays as special days', async () => {
    const p = db().prisma;
    const ahmet = await p.customer.findUniqueOrThrow({ where: { phone: '+905321110001' }, include: { specialDays: true, consentEvents: true } });
    expect(ahmet).toMatchObject({ title: 'Ahmet Bey', priceListCode: 'L1', creditLimitKurus: 15_000_000, paymentTermsDays: 45, commercialConsent: true, consentSource: 'import' });
    expect(ahmet.consentAt?.toISOString()).toBe('2026-11-01T09:00:00.000Z');
    expect(ahmet.birthday?.toISOString().slice(0, 10)).toBe('1978-04-12');
    expect(ahmet.specialDays.map((d) => [d.kind, d.month, d.day, d.year])).toEqual([['birthday', 4, 12, 1978]]);
    expect(ahmet.consentEvents.map((e) => [e.granted, e.source])).toEqual([[true, 'import']]);
    const fatma = await p.customer.findUniqueOrThrow({ where: { phone: '+905321110004' }, include: { consentEvents: true } });
    expect(fatma.commercialConsent).toBe(false);
    expect(fatma.consentEvents).toHaveLength(0);
  });

  it('importing the same files again changes nothing', async () => {
    const p = db().prisma;
    const reports = [
      await importProducts(p, fixture('catalog.csv')),
      await importPrices(p, fixture('prices.csv')),
      await importStock(p, fixture('stock.csv')),
      await importCustomers(p, fixture('customers.csv')),
    ];
    for (const r of reports) expect({ kind: r.kind, created: r.created, updated: r.updated, applied: r.applied }).toEqual({ kind: r.kind, created: 0, updated: 0, applied: true });
    expect(reports.map((r) => r.unchanged)).toEqual([132, 528, 132, 8]);
    expect(await p.consentEvent.count()).toBe(6);
    expect(await p.specialDay.count()).toBe(3);
  });

  it('a file with a bad row writes nothing and lists every bad line', async () => {
    const p = db().prisma;
    const csv = [
      'sku,list,price',
      'YAG-YUD-1L,L1,999.00', // good, but must not be written
      'NO-SUCH-SKU,L1,10.00',
      'YAG-YUD-2L,L1,abc',
      'YAG-YUD-5L,L9,1300.00', // a new list code: fine on its own
      'YAG-YUD-1L,L1,998.00',
    ].join('\n');
    const r = await importPrices(p, csv);
    expect(r.applied).toBe(false);
    expect(r.errors.map((e) => e.line)).toEqual([3, 4, 6]);
    expect(r.errors[0].message).toMatch(/unknown sku NO-SUCH-SKU/);
    expect(r.errors[2].message).toMatch(/first on line 2/);
    const price = await p.price.findFirstOrThrow({ where: { product: { sku: 'YAG-YUD-1L' }, priceList: { code: 'L1' } } });
    expect(price.priceKurus).toBe(102_000);
    expect(await p.priceList.findUnique({ where: { code: 'L9' } })).toBeNull();

    const badCustomers = 'phone,name,price_list,credit_limit,commercial_consent,birthday\n+905321110001,Ahmet Yılmaz,L1,150000,yes,\n123,Kimse,L1,0,yes,\n+905321110099,Yeni,L2,10000,belki,1990-02-30\n';
    const rc = await importCustomers(p, badCustomers);
    expect(rc.applied).toBe(false);
    expect(rc.errors.map((e) => e.line)).toEqual([3, 4]);
    expect(rc.errors[1].message).toMatch(/commercial_consent/);
    expect(rc.errors[1].message).toMatch(/birthday/);
    expect(await p.customer.findUnique({ where: { phone: '+905321110099' } })).toBeNull();

    const missing = await importStock(p, 'sku,restock_date\nYAG-YUD-1L,\n');
    expect(missing).toMatchObject({ applied: false, errors: [{ line: 1 }] });
  });

  it('changes are counted as updates; a new price list code is created', async () => {
    const p = db().prisma;
    const r = await importPrices(p, 'sku,list,price\nYAG-YUD-1L,L1,"1.030,00"\nYAG-YUD-1L,L4,900\nYAG-YUD-2L,L1,1010.00\n');
    expect(r).toMatchObject({ applied: true, created: 1, updated: 1, unchanged: 1, priceListsCreated: ['L4'] });
    expect((await p.priceList.findUniqueOrThrow({ where: { code: 'L4' } })).name).toBe('Fiyat Listesi L4');
    await importPrices(p, 'sku,list,price\nYAG-YUD-1L,L1,1020.00\n');
  });

  it('a customer\'s own opt-out is not undone by a file that still says yes; a change of consent is an event', async () => {
    const p = db().prisma;
    await p.customer.update({ where: { phone: '+905321110002' }, data: { commercialConsent: false, optedOutAt: new Date(), consentSource: 'whatsapp' } });
    const again = await importCustomers(p, fixture('customers.csv'));
    expect(again.updated).toBe(0);
    expect((await p.customer.findUniqueOrThrow({ where: { phone: '+905321110002' } })).commercialConsent).toBe(false);
    const r = await importCustomers(p, 'phone,name,commercial_consent\n0532 111 00 04,Fatma Şahin,yes\n');
    expect(r).toMatchObject({ updated: 1, created: 0 });
    const fatma = await p.customer.findUniqueOrThrow({ where: { phone: '+905321110004' }, include: { consentEvents: true } });
    expect(fatma).toMatchObject({ commercialConsent: true, consentSource: 'import', title: 'Fatma Hanım', priceListCode: 'L3' });
    expect(fatma.consentEvents.map((e) => e.granted)).toEqual([true]);
  });

  it('stock arriving makes the waiting customers\' watches due', async () => {
    const p = db().prisma;
    const product = await p.product.findUniqueOrThrow({ where: { sku: 'KON-TON-3' } });
    const customer = await p.customer.findUniqueOrThrow({ where: { phone: '+905321110003' } });
    await p.stockWatch.create({ data: { customerId: customer.id, productId: product.id } });
    expect((await dueStockWatches(p)).filter((w) => w.sku === 'KON-TON-3')).toHaveLength(0);
    const r = await importStock(p, 'sku,quantity,restock_date\nKON-TON-3,25,\n');
    expect(r).toMatchObject({ applied: true, updated: 1 });
    const due = (await dueStockWatches(p)).filter((w) => w.sku === 'KON-TON-3');
    expect(due).toMatchObject([{ customerId: customer.id, availableQuantity: 25, productName: 'Dardanel Ton Balığı 3\'lü' }]);
    await markStockWatchesNotified(p, due.map((w) => w.id), new Date());
    expect((await dueStockWatches(p)).filter((w) => w.sku === 'KON-TON-3')).toHaveLength(0);
  });

  it('a large file (20,000 rows) goes in quickly, with progress', async () => {
    const p = db().prisma;
    const lines = ['sku,name,unit,pack,category,aliases'];
    for (let i = 0; i < 20_000; i++) lines.push(`BULK-${i},Toplu Ürün ${i},koli,12 x 1 L,Toplu,toplu ${i}|bulk`);
    const progress: number[] = [];
    const t0 = performance.now();
    const r = await importProducts(p, lines.join('\n'), { onProgress: (done) => progress.push(done) });
    const ms = performance.now() - t0;
    expect(r).toMatchObject({ applied: true, created: 20_000 });
    expect(progress.at(-1)).toBe(20_000);
    expect(progress.length).toBeGreaterThan(5);
    expect(ms).toBeLessThan(15_000);
    const again = await importProducts(p, lines.join('\n'));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 20_000 });
  });
});
