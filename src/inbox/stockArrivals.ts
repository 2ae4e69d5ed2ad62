import type { Db } from '../db/database.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import type { Clock } from '../shared/clock.ts';
import { phoneToJid } from '../shared/phone.ts';
import { dueStockWatches, markStockWatchesNotified } from '../stock/stockService.ts';
import type { ReplyTemplates } from './replyTemplates.ts';

/**
 * Keeps the "gelince haber vereyim" promise: each customer waiting for a product that is back
 * in stock gets one message (transactional, paced like every proactive message).
 */
export async function notifyStockArrivals(deps: { db: Db; clock: Clock; templates: ReplyTemplates }): Promise<number> {
  const { db, clock, templates } = deps;
  const due = await dueStockWatches(db);
  if (!due.length) return 0;
  const customers = await db.customer.findMany({
    where: { id: { in: [...new Set(due.map((w) => w.customerId))] } },
    select: { id: true, phone: true, jid: true, title: true, name: true },
  });
  const byId = new Map(customers.map((c) => [c.id, c]));
  const now = clock.now();
  let sent = 0;
  for (const w of due) {
    const c = byId.get(w.customerId);
    if (!c) continue;
    const text = templates.render('stock-arrived', { title: c.title ?? c.name, product: w.productName });
    await db.$transaction(async (tx) => {
      await enqueueOutbox(tx, { key: `stock-arrived:${w.id}`, jid: c.jid ?? phoneToJid(c.phone), text, customerId: c.id, kind: 'proactive' });
      await markStockWatchesNotified(tx, [w.id], now);
    });
    sent++;
  }
  return sent;
}
