// First step of every inbound message: store it, and tell whether it was seen before.
import type { Db } from '../db/database.ts';
import type { InboundMessage } from './port.ts';

export interface RecordedInbound {
  /** The same WhatsApp message (chat + id) was already stored: do not handle it again. */
  duplicate: boolean;
  /** Message.id of the stored row. */
  messageId: number;
  conversationId: number;
}

/**
 * Stores the message in Message (unique on remoteJid + waId) before anything else happens,
 * creating or updating the Conversation of its chat. A customer's message is direction 'in';
 * a message typed on the linked phone (fromMe) is a staff answer, direction 'out'.
 */
export async function recordInbound(db: Db, m: InboundMessage): Promise<RecordedInbound> {
  const customerMessage = !m.fromMe;
  const conversation = await db.conversation.upsert({
    where: { jid: m.remoteJid },
    create: { jid: m.remoteJid, phone: m.senderPhone },
    update: {
      ...(m.senderPhone ? { phone: m.senderPhone } : {}),
    },
    select: { id: true, lastInboundAt: true, lastOutboundAt: true },
  });

  const { count } = await db.message.createMany({
    data: [
      {
        conversationId: conversation.id,
        direction: customerMessage ? 'in' : 'out',
        remoteJid: m.remoteJid,
        waId: m.id,
        fromMe: m.fromMe,
        author: customerMessage ? 'customer' : 'staff',
        kind: m.kind,
        text: m.text,
        sentAt: m.timestamp,
        isHistory: m.isHistory,
      },
    ],
    skipDuplicates: true,
  });
  const row = await db.message.findUniqueOrThrow({
    where: { remoteJid_waId: { remoteJid: m.remoteJid, waId: m.id } },
    select: { id: true },
  });
  const duplicate = count === 0;

  if (!duplicate && !m.isHistory) {
    // Only move the clocks forward: an offline message may be older than what we already have.
    if (customerMessage && (!conversation.lastInboundAt || conversation.lastInboundAt < m.timestamp)) {
      await db.conversation.update({ where: { id: conversation.id }, data: { lastInboundAt: m.timestamp } });
    }
    if (!customerMessage && (!conversation.lastOutboundAt || conversation.lastOutboundAt < m.timestamp)) {
      await db.conversation.update({ where: { id: conversation.id }, data: { lastOutboundAt: m.timestamp } });
    }
  }
  return { duplicate, messageId: row.id, conversationId: conversation.id };
}

/** Marks a stored inbound message as handled (answered or deliberately left). */
export async function markHandled(db: Db, messageId: number, at: Date): Promise<void> {
  await db.message.update({ where: { id: messageId }, data: { handledAt: at } });
}
