import type { Database } from '../db/database.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { Clock } from '../shared/clock.ts';

const COMMERCIAL_KINDS = ['arrivals', 'holiday', 'personal', 'winback', 'suggestion'];

export interface ConsentChange {
  customerId: number;
  source: 'import' | 'whatsapp' | 'admin' | 'api';
  /** The customer's own words ("DUR", "BAŞLA"). */
  text?: string;
}

/**
 * Records consent changes with their history (ConsentEvent). An opt-out works at once: the
 * customer's commercial messages not yet sent are dropped from campaigns and the outbox.
 */
type Tx = Pick<Prisma.TransactionClient, 'customer' | 'consentEvent' | 'campaignRecipient' | 'outboxMessage'>;

/** Withdraws consent inside the caller's transaction; returns how many queued commercial messages were cancelled. */
export async function recordOptOut(tx: Tx, change: ConsentChange, at: Date): Promise<number> {
  await tx.customer.update({ where: { id: change.customerId }, data: { optedOutAt: at, commercialConsent: false, consentSource: change.source, consentAt: at } });
  await tx.consentEvent.create({ data: { customerId: change.customerId, granted: false, source: change.source, text: change.text ?? null, at } });
  await tx.campaignRecipient.updateMany({
    where: { customerId: change.customerId, status: 'pending', campaign: { kind: { in: COMMERCIAL_KINDS } } },
    data: { status: 'skipped' },
  });
  const outbox = await tx.outboxMessage.updateMany({
    where: { customerId: change.customerId, commercial: true, status: 'pending' },
    data: { status: 'cancelled', lastError: 'opted out' },
  });
  return outbox.count;
}

/** Grants consent again inside the caller's transaction. */
export async function recordOptIn(tx: Tx, change: ConsentChange, at: Date): Promise<void> {
  await tx.customer.update({ where: { id: change.customerId }, data: { optedOutAt: null, commercialConsent: true, consentSource: change.source, consentAt: at } });
  await tx.consentEvent.create({ data: { customerId: change.customerId, granted: true, source: change.source, text: change.text ?? null, at } });
}

export function createConsentService(deps: { db: Database; clock: Clock }) {
  const prisma = deps.db.prisma;
  return {
    optOut: async (change: ConsentChange) => ({ cancelled: await prisma.$transaction((tx) => recordOptOut(tx, change, deps.clock.now())) }),
    optIn: (change: ConsentChange) => prisma.$transaction((tx) => recordOptIn(tx, change, deps.clock.now())),
  };
}

/** "DUR", "dur.", "İPTAL", "stop" → the customer wants no more commercial messages. */
export function isStopWord(text: string, stopWord = 'DUR'): boolean {
  const t = text.trim().toLocaleUpperCase('tr-TR').replace(/[.!\s]+$/u, '');
  return t === stopWord.toLocaleUpperCase('tr-TR') || t === 'STOP' || t === 'İPTAL';
}
