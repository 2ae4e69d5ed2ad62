// Payment terms (vade): due date from delivery; overdue when a sale is still unpaid after it.
import { addDays, istanbulTime, localDate } from '../shared/dates.ts';
import type { LedgerLine } from './ledger.ts';

/** Loyal (A-segment) customers 45 days, new ones 30 — used when a customer has no terms of their own. */
export function defaultTermsDays(isLoyal: boolean, terms: { loyalDays: number; newDays: number }): number {
  return isLoyal ? terms.loyalDays : terms.newDays;
}

/** The last moment of the due day in Istanbul: delivery day + terms days. */
export function dueDate(deliveredAt: Date, termsDays: number): Date {
  const day = addDays(localDate(deliveredAt), Math.max(0, termsDays));
  return new Date(istanbulTime(day, 23, 59).getTime() + 59_999);
}

export interface OverdueSale {
  orderId: number | null;
  occurredAt: Date;
  dueAt: Date;
  openKurus: number;
  daysLate: number;
}

export interface OverdueReport {
  overdueKurus: number;
  sales: OverdueSale[];
  /** Days since the oldest unpaid due date (0 when nothing is overdue). */
  maxDaysLate: number;
}

/**
 * Payments settle the oldest sales first (FIFO); what is still open on a sale past its due date is overdue.
 * Negative adjustments (cancellations, credit notes) count as payments.
 */
export function overdue(entries: LedgerLine[], now: Date): OverdueReport {
  const debits = entries
    .filter((e) => e.amountKurus > 0)
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())
    .map((e) => ({ ...e, open: e.amountKurus }));
  let credit = -entries.filter((e) => e.amountKurus < 0).reduce((s, e) => s + e.amountKurus, 0);
  for (const d of debits) {
    if (credit <= 0) break;
    const used = Math.min(credit, d.open);
    d.open -= used;
    credit -= used;
  }
  const today = localDate(now);
  const sales: OverdueSale[] = debits
    .filter((d) => d.open > 0 && d.dueAt && d.dueAt.getTime() < now.getTime())
    .map((d) => ({
      orderId: d.orderId ?? null,
      occurredAt: d.occurredAt,
      dueAt: d.dueAt as Date,
      openKurus: d.open,
      daysLate: Math.max(0, Math.round((Date.parse(today) - Date.parse(localDate(d.dueAt as Date))) / 86_400_000)),
    }));
  return {
    overdueKurus: sales.reduce((s, x) => s + x.openKurus, 0),
    sales,
    maxDaysLate: sales.reduce((m, x) => Math.max(m, x.daysLate), 0),
  };
}
