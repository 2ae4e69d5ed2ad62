import { randomBytes } from 'node:crypto';

/**
 * A new WhatsApp message id for an outbox row, in Baileys' own format ("3EB0" + 18 hex). It is
 * stored with the row when the row is written, so a resend after a crash uses the same id and
 * WhatsApp and the receiving phone treat it as the same message.
 */
export function newOutboxMessageId(): string {
  return `3EB0${randomBytes(9).toString('hex').toUpperCase()}`;
}
