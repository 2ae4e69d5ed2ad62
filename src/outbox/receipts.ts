import type { Db } from '../db/database.ts';
import type { Receipt } from '../channel/port.ts';

/** Notes a delivery or read receipt on the outbox row of that WhatsApp message (first time only). */
export async function recordReceipt(db: Db, r: Receipt, at: Date): Promise<boolean> {
  const { count } =
    r.status === 'delivered'
      ? await db.outboxMessage.updateMany({ where: { waId: r.waId, deliveredAt: null }, data: { deliveredAt: at } })
      : await db.outboxMessage.updateMany({ where: { waId: r.waId, readAt: null }, data: { readAt: at } });
  // A read message was delivered, even if that receipt never came.
  if (r.status === 'read') await db.outboxMessage.updateMany({ where: { waId: r.waId, deliveredAt: null }, data: { deliveredAt: at } });
  return count > 0;
}
