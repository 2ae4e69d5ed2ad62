// Baileys' getMessage: WhatsApp asks us to re-encrypt a message we sent when a device could not read it.
import { proto, type WAMessageKey } from '@whiskeysockets/baileys';
import type { Db } from '../../db/database.ts';
import { deserialize, serialize } from './authState.ts';

/** Message content → JSON that survives the database (bytes as BufferJSON). */
export function toStoredPayload(message: proto.IMessage | null | undefined): unknown {
  if (!message) return undefined;
  return JSON.parse(serialize(message));
}

export function fromStoredPayload(payload: unknown): proto.IMessage | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  return proto.Message.fromObject(deserialize(JSON.stringify(payload)) as object);
}

/** Looks a sent message up by its WhatsApp id: outbox rows first, then recorded messages. */
export async function findSentMessage(db: Db, key: WAMessageKey): Promise<proto.IMessage | undefined> {
  const id = key.id;
  if (!id) return undefined;
  const out = await db.outboxMessage.findFirst({ where: { waId: id }, select: { payload: true, text: true } });
  if (out) return fromStoredPayload(out.payload) ?? { conversation: out.text };
  const msg = await db.message.findFirst({
    where: { waId: id, fromMe: true },
    select: { payload: true, text: true },
  });
  if (!msg) return undefined;
  return fromStoredPayload(msg.payload) ?? (msg.text ? { conversation: msg.text } : undefined);
}
