import type { Database } from '../db/database.ts';
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
export function createConsentService(deps: { db: Database; clock: Clock }) {
  const prisma = deps.db.prisma;

  async function optOut(change: ConsentChange): Promise<{ cancelled: number }> {
    const at = deps.clock.now();
    return prisma.$transaction(async (tx) => {
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
      return { cancelled: outbox.count };
    });
  }

  async function optIn(change: ConsentChange): Promise<void> {
    const at = deps.clock.now();
    await prisma.$transaction([
      prisma.customer.update({ where: { id: change.customerId }, data: { optedOutAt: null, commercialConsent: true, consentSource: change.source, consentAt: at } }),
      prisma.consentEvent.create({ data: { customerId: change.customerId, granted: true, source: change.source, text: change.text ?? null, at } }),
    ]);
  }

  return { optOut, optIn };
}

/** "DUR", "dur.", "İPTAL", "stop" → the customer wants no more commercial messages. */
export function isStopWord(text: string, stopWord = 'DUR'): boolean {
  const t = text.trim().toLocaleUpperCase('tr-TR').replace(/[.!\s]+$/u, '');
  return t === stopWord.toLocaleUpperCase('tr-TR') || t === 'STOP' || t === 'İPTAL';
}
