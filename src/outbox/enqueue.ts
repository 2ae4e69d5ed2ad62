import type { Db } from '../db/database.ts';
import { newOutboxMessageId } from './messageId.ts';

export type OutboxKind = 'reply' | 'proactive' | 'alert';

export interface OutgoingMessage {
  /** Unique per logical message: enqueuing the same key twice stores (and sends) it once. */
  key: string;
  jid: string;
  text: string;
  customerId?: number | null;
  kind: OutboxKind;
  /** Commercial messages need consent and follow the pacing rules; transactional ones do not. */
  commercial?: boolean;
  notBefore?: Date;
}

type Tx = Pick<Db, 'outboxMessage'>;

/** Writes a message to the outbox (before anything is sent). Returns the row id; idempotent by key. */
export async function enqueueOutbox(db: Tx, msg: OutgoingMessage): Promise<number> {
  const row = await db.outboxMessage.upsert({
    where: { idempotencyKey: msg.key },
    create: {
      idempotencyKey: msg.key,
      jid: msg.jid,
      text: msg.text,
      customerId: msg.customerId ?? null,
      kind: msg.kind,
      commercial: msg.commercial ?? false,
      notBefore: msg.notBefore ?? new Date(),
      waId: newOutboxMessageId(),
    },
    update: {},
    select: { id: true },
  });
  return row.id;
}
