import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { importFixtures } from '../imports/fixtures.ts';
import { createOrderService, type OrderService } from '../../src/orders/orderService.ts';
import { createCreditService } from '../../src/credit/creditService.ts';
import { manualClock } from '../../src/shared/clock.ts';
import { istanbulTime, localDate } from '../../src/shared/dates.ts';
import { formatTL } from '../../src/shared/money.ts';
import { customerId, openBalance, PHONES, stockOf, TL } from './helpers.ts';

const ORDER = [
  { sku: 'YAG-YUD-5L', quantity: 3, unit: 'koli' },
  { sku: 'CAY-TIR-1K', quantity: 2, unit: 'paket' },
  { sku: 'DET-FAI-650', quantity: 1, unit: 'koli' },
];

describeEachDatabase('order service', (db) => {
  const clock = manualClock(istanbulTime('2026-11-24', 10));
  let orders: OrderService;
  const id: Record<keyof typeof PHONES, number> = {} as never;

  beforeAll(async () => {
    await importFixtures(db().prisma);
    orders = createOrderService({ db: db().prisma, clock });
    for (const [k, phone] of Object.entries(PHONES)) id[k as keyof typeof PHONES] = await customerId(db().prisma, phone);
  });

  it('prices the same order from each customer\'s own list (L1, L2, L3) with an honest promise', async () => {
    clock.set(istanbulTime('2026-11-24', 10));
    const l1 = await orders.draft(id.ahmet, ORDER);
    const l2 = await orders.draft(id.ayse, ORDER);
    const l3 = await orders.draft(id.mehmet, ORDER);
    expect(l1.summary.lines.map((l) => [l.sku, l.quantity, l.unit, formatTL(l.unitPriceKurus), formatTL(l.lineTotalKurus)])).toEqual([
      ['YAG-YUD-5L', 3, 'koli', '1.260,00 TL', '3.780,00 TL'],
      ['CAY-TIR-1K', 2, 'paket', '255,00 TL', '510,00 TL'],
      ['DET-FAI-650', 1, 'koli', '240,00 TL', '240,00 TL'],
    ]);
    expect([l1, l2, l3].map((d) => [d.summary.priceList.name, formatTL(d.summary.totalKurus)])).toEqual([
      ['Fiyat Listesi 1', '4.530,00 TL'],
      ['Fiyat Listesi 2', '5.073,60 TL'],
      ['Fiyat Listesi 3', '5.662,50 TL'],
    ]);
    expect(l1.summary.delivery?.text).toBe('en geç 26 Kasım Perşembe, büyük ihtimalle 25 Kasım Çarşamba');
    expect(l1.summary).toMatchObject({ status: 'draft', canConfirm: true, problems: [], discount: { rateBp: 0 } });
    expect(l1.summary.credit).toMatchObject({ limitKurus: TL(150_000), balanceKurus: 0, balanceAfterKurus: TL(4_530), warning: false });
    expect(l1.summary.lines.every((l) => l.stock.state === 'in_stock')).toBe(true);
    // nothing is held or owed for a draft
    expect((await stockOf(db().prisma, 'YAG-YUD-5L')).reserved).toBe(0);

    // "çayı 4 yap"
    const edited = await orders.updateDraft(l1.orderId, { set: [{ sku: 'CAY-TIR-1K', quantity: 4 }] });
    expect(formatTL(edited.summary.totalKurus)).toBe('5.040,00 TL');
    expect(edited.summary.lines.find((l) => l.sku === 'CAY-TIR-1K')).toMatchObject({ quantity: 4, unit: 'paket' });
    for (const d of [l1, l2, l3]) await orders.cancel(d.orderId);
  });

  it('the online list sells single pieces at the koli price divided by its pieces', async () => {
    const d = await orders.draft(id.zeynep, [{ sku: 'YAG-YUD-1L', quantity: 3, unit: 'adet' }]);
    expect(d.summary.lines[0]).toMatchObject({ quantity: 3, unit: 'adet', unitPriceKurus: TL(136), lineTotalKurus: TL(408) });
    expect(d.summary.credit).toMatchObject({ cashOnly: true, ok: true });
    expect(d.summary.priceList.name).toBe('Online');
    await orders.cancel(d.orderId);
  });

  it('confirming reserves the stock, books the sale and records the promise; delivery settles it all', async () => {
    clock.set(istanbulTime('2026-11-24', 10));
    const before = await stockOf(db().prisma, 'YAG-YUD-5L');
    const d = await orders.draft(id.ahmet, ORDER);
    const r = await orders.confirm(d.orderId, { actor: 'customer' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.number).toBeGreaterThan(0);
    expect(r.promise).toMatchObject({ likely: '2026-11-25', latest: '2026-11-26' });
    expect((await stockOf(db().prisma, 'YAG-YUD-5L')).reserved).toBe(before.reserved + 3);
    expect(await createCreditService({ db: db().prisma, clock }).balance(id.ahmet)).toBe(TL(4_530));
    const open = await orders.openOrders(id.ahmet);
    expect(open.map((o) => [o.number, o.status, o.promise?.text])).toEqual([[r.number, 'confirmed', 'en geç 26 Kasım Perşembe, büyük ihtimalle 25 Kasım Çarşamba']]);
    expect((await orders.confirm(d.orderId)).ok).toBe(true); // "evet" twice confirms once
    expect(await db().prisma.ledgerEntry.count({ where: { orderId: d.orderId } })).toBe(1);

    await orders.setStatus(d.orderId, 'preparing');
    await orders.setStatus(d.orderId, 'on_the_way');
    const delivered = await orders.markDelivered(d.orderId, istanbulTime('2026-11-25', 14));
    expect(delivered.kept).toBe(true);
    expect(localDate(delivered.dueAt)).toBe('2027-01-09'); // 45 days for a loyal L1 customer
    const after = await stockOf(db().prisma, 'YAG-YUD-5L');
    expect(after.quantity).toBe(before.quantity - 3);
    expect(after.reserved).toBe(before.reserved);
    await expect(orders.setStatus(d.orderId, 'preparing')).rejects.toThrow(/cannot go from delivered/);
    expect(await orders.openOrders(id.ahmet)).toEqual([]);
  });

  it('crossing the 10.000 TL tier in mid-month discounts the order that crosses it; a new month starts again', async () => {
    clock.set(istanbulTime('2026-11-10', 11));
    const first = await orders.draft(id.huseyin, [{ sku: 'YAG-YUD-5L', quantity: 6, unit: 'koli' }]);
    expect(first.summary.discount).toMatchObject({ rateBp: 0, monthToDateKurus: 0, next: { aboveKurus: TL(10_000), missingKurus: TL(2_440) } });
    expect((await orders.confirm(first.orderId)).ok).toBe(true);

    clock.set(istanbulTime('2026-11-24', 11));
    const second = await orders.draft(id.huseyin, [{ sku: 'YAG-YUD-5L', quantity: 3, unit: 'koli' }]);
    expect(second.summary.discount).toMatchObject({ rateBp: 300, percent: 3, monthToDateKurus: TL(7_560), basedOnKurus: TL(11_340), amountKurus: TL(113.4) });
    expect(formatTL(second.summary.totalKurus)).toBe('3.666,60 TL');
    const r = await orders.confirm(second.orderId);
    expect(r.ok && r.totalKurus).toBe(TL(3_666.6));

    clock.set(istanbulTime('2026-12-01', 9));
    const december = await orders.draft(id.huseyin, [{ sku: 'YAG-YUD-5L', quantity: 3, unit: 'koli' }]);
    expect(december.summary.discount).toMatchObject({ rateBp: 0, monthToDateKurus: 0 });
    await orders.cancel(december.orderId);
  });

  it('an order that would pass the credit limit is refused with the room left and a way to fit', async () => {
    clock.set(istanbulTime('2026-11-24', 10));
    await openBalance(db().prisma, id.fatma, TL(12_000));
    const reservedBefore = (await stockOf(db().prisma, 'YAG-YUD-5L')).reserved;
    const d = await orders.draft(id.fatma, [{ sku: 'YAG-YUD-5L', quantity: 3, unit: 'koli' }]);
    expect(d.summary.canConfirm).toBe(false);
    expect(d.summary.problems).toEqual(['credit_limit']);
    const r = await orders.confirm(d.orderId);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('credit_limit');
    const c = r.summary!.credit;
    expect([formatTL(c.limitKurus), formatTL(c.roomKurus), formatTL(c.exceededByKurus)]).toEqual(['15.000,00 TL', '3.000,00 TL', '1.725,00 TL']);
    expect(c.suggestion).toMatchObject({ sku: 'YAG-YUD-5L', reduceBy: 2, unit: 'koli', newQuantity: 1 });
    expect((await stockOf(db().prisma, 'YAG-YUD-5L')).reserved).toBe(reservedBefore);

    await createCreditService({ db: db().prisma, clock }).recordPayment(id.fatma, TL(2_000));
    const ok = await orders.confirm(d.orderId);
    expect(ok.ok).toBe(true);
  });

  it('warns when the balance passes 80 % of the limit', async () => {
    await openBalance(db().prisma, id.mehmet, TL(20_000));
    const d = await orders.draft(id.mehmet, [{ sku: 'YAG-YUD-5L', quantity: 3, unit: 'koli' }]); // 4.725 TL → 24.725 TL of 30.000 TL
    expect(d.summary.credit).toMatchObject({ ok: true, warning: true, crossesWarning: true, warnAtKurus: TL(24_000) });
    expect(d.summary.canConfirm).toBe(true);
    await orders.cancel(d.orderId);
  });

  it('out of stock: the restock date, or an honest no date; partial stock can be taken and the rest followed', async () => {
    await db().prisma.stock.updateMany({ where: { product: { sku: 'DET-FAI-650' } }, data: { quantity: 40, reserved: 0 } });
    const d = await orders.draft(id.ayse, [
      { sku: 'BAK-PIR-BAL-1K', quantity: 2, unit: 'koli' },
      { sku: 'DET-FAI-650', quantity: 50, unit: 'koli' },
    ]);
    expect(d.summary.shortages).toEqual([
      { sku: 'BAK-PIR-BAL-1K', productName: 'Baldo Pirinç 1 kg', requested: 2, available: 0, unit: 'koli', restockDate: '2026-12-02', state: 'out' },
      { sku: 'DET-FAI-650', productName: 'Fairy Bulaşık Deterjanı 650 ml', requested: 50, available: 40, unit: 'koli', restockDate: null, state: 'partial' },
    ]);
    const refused = await orders.confirm(d.orderId);
    expect(refused).toMatchObject({ ok: false, reason: 'out_of_stock' });

    const partial = await orders.updateDraft(d.orderId, { acceptPartial: true });
    const fairy = partial.summary.lines.find((l) => l.sku === 'DET-FAI-650');
    const rice = partial.summary.lines.find((l) => l.sku === 'BAK-PIR-BAL-1K');
    expect(fairy).toMatchObject({ quantity: 40, backorderQuantity: 10 });
    expect(rice).toMatchObject({ quantity: 0, backorderQuantity: 2, lineTotalKurus: 0 });
    expect(formatTL(partial.summary.subtotalKurus)).toBe('10.752,00 TL'); // 40 × 268,80 — past 10.000 TL, so 3 % off
    expect(formatTL(partial.summary.totalKurus)).toBe('10.429,44 TL');
    expect(await db().prisma.stockWatch.count({ where: { customerId: id.ayse, notifiedAt: null } })).toBe(2);
    const ok = await orders.confirm(d.orderId);
    expect(ok.ok).toBe(true);
    expect((await stockOf(db().prisma, 'DET-FAI-650')).reserved).toBe(40);

    // cancelling gives the stock back and reverses the sale
    const balanceBefore = await createCreditService({ db: db().prisma, clock }).balance(id.ayse);
    await orders.cancel(d.orderId, { reason: 'müşteri vazgeçti' });
    expect((await stockOf(db().prisma, 'DET-FAI-650')).reserved).toBe(0);
    expect(await createCreditService({ db: db().prisma, clock }).balance(id.ayse)).toBe(balanceBefore - TL(10_429.44));
  });

  it('a koli-only product ordered in adet gets a clear answer and is not confirmed until fixed', async () => {
    const d = await orders.draft(id.ahmet, [{ sku: 'PEY-KAS-600', quantity: 10, unit: 'adet' }]);
    expect(d.summary.lotProblems).toEqual([
      {
        sku: 'PEY-KAS-600',
        productName: 'Pınar Kaşar Peyniri 600 g',
        kind: 'whole_units',
        message: 'Pınar Kaşar Peyniri 600 g kolide satılıyor (8 adet). 10 adet yerine 1 koli (8) ya da 2 koli (16) yazabilirim.',
        suggestions: [
          { quantity: 1, unit: 'koli', pieces: 8 },
          { quantity: 2, unit: 'koli', pieces: 16 },
        ],
      },
    ]);
    expect(await orders.confirm(d.orderId)).toMatchObject({ ok: false, reason: 'lot' });
    const fixed = await orders.updateDraft(d.orderId, { set: [{ sku: 'PEY-KAS-600', quantity: 1, unit: 'koli' }] });
    expect(fixed.summary).toMatchObject({ canConfirm: true, totalKurus: TL(840) });
    await orders.cancel(d.orderId);
  });

  it('a manual price needs an admin and a reason and is audit-logged', async () => {
    const d = await orders.draft(id.mustafa, [{ sku: 'DET-OMO-6K', quantity: 2, unit: 'koli' }]);
    expect(d.summary.lines[0].unitPriceKurus).toBe(TL(268.8));
    await expect(orders.overridePrice(d.orderId, 'DET-OMO-6K', TL(250), { admin: '', reason: 'kampanya' })).rejects.toThrow(/admin/);
    const s = await orders.overridePrice(d.orderId, 'DET-OMO-6K', TL(250), { admin: 'Selim (yönetici)', reason: 'rakip teklifi' });
    expect(s.lines[0]).toMatchObject({ unitPriceKurus: TL(250), priceSource: 'manual', overriddenBy: 'Selim (yönetici)', overrideReason: 'rakip teklifi', listPriceKurus: TL(268.8) });
    expect(s.totalKurus).toBe(TL(500));
    const audit = await db().prisma.auditLog.findFirstOrThrow({ where: { action: 'order.price_override', entityId: String(d.orderId) } });
    expect(audit).toMatchObject({ actor: 'Selim (yönetici)', data: { sku: 'DET-OMO-6K', fromKurus: TL(268.8), toKurus: TL(250), reason: 'rakip teklifi' } });
    // the manual price survives edits and confirmation
    const edited = await orders.updateDraft(d.orderId, { add: [{ sku: 'CAY-TIR-1K', quantity: 1, unit: 'paket' }] });
    expect(edited.summary.lines.find((l) => l.sku === 'DET-OMO-6K')?.unitPriceKurus).toBe(TL(250));
    const r = await orders.confirm(d.orderId);
    expect(r.ok && r.summary.lines.find((l) => l.sku === 'DET-OMO-6K')?.priceSource).toBe('manual');
  });

  it('a draft left too long is not confirmed as it stands', async () => {
    clock.set(istanbulTime('2026-11-24', 10));
    const d = await orders.draft(id.emine, [{ sku: 'CAY-TIR-1K', quantity: 1, unit: 'paket' }]);
    clock.advance(3 * 3600_000);
    expect(await orders.confirm(d.orderId)).toMatchObject({ ok: false, reason: 'expired' });
    expect(await orders.currentDraft(id.emine)).toBeNull();
    expect(await orders.expireDrafts()).toBeGreaterThanOrEqual(1);
  });

  it('promises across a weekend and across Kurban Bayramı are recorded and scored against the delivery', async () => {
    clock.set(istanbulTime('2026-11-20', 17, 30)); // Friday after the cut-off
    const weekend = await orders.draft(id.emine, [{ sku: 'CAY-TIR-1K', quantity: 2, unit: 'paket' }]);
    expect(weekend.summary.delivery?.text).toBe('en geç 25 Kasım Çarşamba, büyük ihtimalle 24 Kasım Salı');
    const w = await orders.confirm(weekend.orderId);
    expect(w.ok).toBe(true);

    clock.set(istanbulTime('2026-05-25', 10)); // Monday before arife (26 May) and Kurban Bayramı (27–30 May)
    const bayram = await orders.draft(id.emine, [{ sku: 'CAY-TIR-1K', quantity: 2, unit: 'paket' }]);
    expect(bayram.summary.delivery?.text).toBe('en geç 2 Haziran Salı, büyük ihtimalle 1 Haziran Pazartesi');
    const b = await orders.confirm(bayram.orderId);
    expect(b.ok).toBe(true);
    const row = await db().prisma.delivery.findUniqueOrThrow({ where: { orderId: bayram.orderId } });
    expect([row.likelyDate.toISOString().slice(0, 10), row.latestDate.toISOString().slice(0, 10)]).toEqual(['2026-06-01', '2026-06-02']);

    clock.set(istanbulTime('2026-11-30', 12));
    await orders.markDelivered(weekend.orderId, istanbulTime('2026-11-26', 11)); // a day late
    expect((await db().prisma.delivery.findUniqueOrThrow({ where: { orderId: weekend.orderId } })).kept).toBe(false);
    await orders.markDelivered(bayram.orderId, istanbulTime('2026-06-01', 15));
    expect((await db().prisma.delivery.findUniqueOrThrow({ where: { orderId: bayram.orderId } })).kept).toBe(true);

    const may = await orders.promiseKeptShare('2026-05-01', '2026-06-30');
    expect(may).toMatchObject({ decided: 1, kept: 1, share: 1, meetsStandard: true });
    const nov = await orders.promiseKeptShare('2026-11-01', '2026-11-30');
    expect(nov.broken).toBeGreaterThanOrEqual(1);
    expect(nov.standard).toBe(0.95);
    expect(nov.kept + nov.broken + nov.pending).toBe(nov.decided + nov.pending);
  });
});
