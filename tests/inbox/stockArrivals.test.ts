import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { seed, START } from './harness.ts';
import { manualClock } from '../../src/shared/clock.ts';
import { loadReplyTemplates } from '../../src/inbox/replyTemplates.ts';
import { notifyStockArrivals } from '../../src/inbox/stockArrivals.ts';
import { watchStock } from '../../src/stock/stockService.ts';

describeEachDatabase('stock arrival notices', (db) => {
  beforeAll(async () => {
    await seed(db());
  });

  it('tells a waiting customer once when the product is back, and nobody while it is still out', async () => {
    const p = db().prisma;
    const clock = manualClock(START);
    const templates = await loadReplyTemplates();
    const ahmet = await p.customer.findUniqueOrThrow({ where: { phone: '+905321110001' } });
    const baldo = await p.product.findUniqueOrThrow({ where: { sku: 'BAK-PIR-BAL-1K' } });
    await p.stock.update({ where: { productId: baldo.id }, data: { quantity: 0, reserved: 0 } });
    await watchStock(p, ahmet.id, baldo.id);

    expect(await notifyStockArrivals({ db: p, clock, templates })).toBe(0);

    await p.stock.update({ where: { productId: baldo.id }, data: { quantity: 40 } });
    expect(await notifyStockArrivals({ db: p, clock, templates })).toBe(1);
    expect(await notifyStockArrivals({ db: p, clock, templates })).toBe(0);

    const msgs = await p.outboxMessage.findMany({ where: { idempotencyKey: { startsWith: 'stock-arrived:' } } });
    expect(msgs).toHaveLength(1);
    expect(msgs[0].text).toMatch(/^Ahmet Bey merhaba, .*Baldo Pirinç 1 kg geldi/);
    expect(msgs[0].jid).toBe('905321110001@s.whatsapp.net');
    expect(msgs[0].commercial).toBe(false);
  });
});
