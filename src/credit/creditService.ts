// Open balances, payments and overdue sales, over the ledger.
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Clock } from '../shared/clock.ts';
import { defaultOrderingSettings, type OrderingSettings } from '../orders/settings.ts';
import { creditCheck, openBalance, type CreditCheck } from './ledger.ts';
import { overdue, type OverdueReport } from './terms.ts';

type Tx = Pick<PrismaClient, 'ledgerEntry'>;

/** The customer's open balance in kuruş (inside a transaction when given one). */
export async function balanceOf(db: Tx, customerId: number): Promise<number> {
  const agg = await db.ledgerEntry.aggregate({ where: { customerId }, _sum: { amountKurus: true } });
  return Number(agg._sum.amountKurus ?? 0);
}

export interface CreditStatus extends CreditCheck {
  overdue: OverdueReport;
}

export function createCreditService(deps: { db: PrismaClient; clock: Clock; settings?: OrderingSettings }) {
  const { db, clock } = deps;
  const settings = deps.settings ?? defaultOrderingSettings;

  async function status(customerId: number): Promise<CreditStatus> {
    const customer = await db.customer.findUniqueOrThrow({ where: { id: customerId }, select: { creditLimitKurus: true } });
    const entries = await db.ledgerEntry.findMany({ where: { customerId }, select: { kind: true, amountKurus: true, occurredAt: true, dueAt: true, orderId: true } });
    const check = creditCheck({ limitKurus: customer.creditLimitKurus, balanceKurus: openBalance(entries), orderKurus: 0, warnPercent: settings.creditWarnPercent });
    return { ...check, overdue: overdue(entries, clock.now()) };
  }

  /** A payment received (lowers the open balance). */
  async function recordPayment(customerId: number, amountKurus: number, opts: { at?: Date; note?: string; importKey?: string } = {}) {
    if (!Number.isInteger(amountKurus) || amountKurus <= 0) throw new Error('payment must be a positive amount in kuruş');
    return db.ledgerEntry.create({
      data: { customerId, kind: 'payment', amountKurus: -amountKurus, occurredAt: opts.at ?? clock.now(), note: opts.note ?? null, importKey: opts.importKey ?? null },
    });
  }

  /** Customers with sales unpaid past their due date, the latest first by days late. */
  async function overdueCustomers(): Promise<{ customerId: number; overdueKurus: number; maxDaysLate: number; balanceKurus: number }[]> {
    const now = clock.now();
    const candidates = await db.ledgerEntry.findMany({ where: { kind: 'sale', dueAt: { lt: now } }, select: { customerId: true }, distinct: ['customerId'] });
    const out = [];
    for (const { customerId } of candidates) {
      const entries = await db.ledgerEntry.findMany({ where: { customerId }, select: { kind: true, amountKurus: true, occurredAt: true, dueAt: true, orderId: true } });
      const report = overdue(entries, now);
      if (report.overdueKurus > 0) out.push({ customerId, overdueKurus: report.overdueKurus, maxDaysLate: report.maxDaysLate, balanceKurus: openBalance(entries) });
    }
    return out.sort((a, b) => b.maxDaysLate - a.maxDaysLate || b.overdueKurus - a.overdueKurus);
  }

  return { status, recordPayment, overdueCustomers, balance: (customerId: number) => balanceOf(db, customerId) };
}

export type CreditService = ReturnType<typeof createCreditService>;
