import { createHash } from 'node:crypto';

/**
 * The WhatsApp message id of an outbox row, computed from its idempotency key and the row itself,
 * in Baileys' own format ("3EB0" + 18 hex). A resend after a crash uses the same id, so WhatsApp and
 * the receiving phone treat it as the same message. The row id and creation time keep ids apart
 * when keys repeat across databases (a reset, a second installation).
 */
export function outboxMessageId(row: { idempotencyKey: string; id: number; createdAt: Date }): string {
  const hash = createHash('sha256').update(`kolibot-outbox\0${row.idempotencyKey}\0${row.id}\0${row.createdAt.toISOString()}`).digest('hex');
  return `3EB0${hash.slice(0, 18).toUpperCase()}`;
}
