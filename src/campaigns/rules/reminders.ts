import { addDays, formatDayTr, localDate } from '../../shared/dates.ts';
import { formatTL } from '../../shared/money.ts';
import { mayReceiveTransactional } from '../consent.ts';
import type { CampaignSettings } from '../settings.ts';
import type { CampaignCustomer, PlannedMessage } from '../types.ts';

/** A customer's open account, as sums over the ledger (kuruş). */
export interface AccountFacts {
  customerId: number;
  creditLimitKurus: number;
  /** Sales minus payments. */
  balanceKurus: number;
  /** Sales whose due date has not come yet (as of now). */
  notYetDueKurus: number;
  /** Sales falling due from now to the end of the due-soon window. */
  dueSoonKurus: number;
  /** Earliest due date among the due-soon sales. */
  dueSoonAt: Date | null;
  /** Due date of the oldest sale not covered by payments (first in, first out). */
  oldestUnpaidDueAt: Date | null;
}

/** Payments pay the oldest sales first: what is past due is the balance minus what is not due yet. */
export function overdueKurus(a: AccountFacts): number {
  return Math.max(0, a.balanceKurus - a.notYetDueKurus);
}

/**
 * The unpaid part of what falls due soon: of the sales not yet due, payments have covered the
 * oldest first, and the due-soon ones are the oldest of those.
 */
export function dueSoonUnpaid(a: AccountFacts): number {
  const unpaidNotYetDue = Math.min(Math.max(0, a.balanceKurus), a.notYetDueKurus);
  return Math.max(0, unpaidNotYetDue - (a.notYetDueKurus - a.dueSoonKurus));
}

/** Credit nearly used up: balance at creditWarnPercent (80 %) of the limit or more. Transactional. */
export function creditReminders(
  customers: CampaignCustomer[],
  accounts: AccountFacts[],
  lastSent: ReadonlyMap<number, Date>,
  now: Date,
  s: CampaignSettings,
): PlannedMessage[] {
  const byId = new Map(accounts.map((a) => [a.customerId, a]));
  const out: PlannedMessage[] = [];
  for (const c of customers) {
    const a = byId.get(c.id);
    if (!a || a.creditLimitKurus <= 0 || !mayReceiveTransactional(c)) continue;
    const percent = Math.floor((a.balanceKurus * 100) / a.creditLimitKurus);
    if (percent < s.creditWarnPercent) continue;
    if (recently(lastSent.get(c.id), now, s.creditReminderCooldownDays)) continue;
    out.push({
      customer: c,
      template: 'credit-near-limit',
      vars: {
        balance: formatTL(a.balanceKurus),
        limit: formatTL(a.creditLimitKurus),
        percent,
        available: formatTL(Math.max(0, a.creditLimitKurus - a.balanceKurus)),
      },
    });
  }
  return out;
}

/** Payment overdue (first) or falling due within paymentDueSoonDays. Transactional. */
export function paymentReminders(
  customers: CampaignCustomer[],
  accounts: AccountFacts[],
  lastSent: ReadonlyMap<number, Date>,
  now: Date,
  s: CampaignSettings,
): PlannedMessage[] {
  const byId = new Map(accounts.map((a) => [a.customerId, a]));
  const out: PlannedMessage[] = [];
  for (const c of customers) {
    const a = byId.get(c.id);
    if (!a || a.balanceKurus <= 0 || !mayReceiveTransactional(c)) continue;
    if (recently(lastSent.get(c.id), now, s.paymentReminderCooldownDays)) continue;
    const overdue = overdueKurus(a);
    if (overdue > 0 && a.oldestUnpaidDueAt) {
      const days = Math.max(1, Math.round((Date.parse(localDate(now)) - Date.parse(localDate(a.oldestUnpaidDueAt))) / 86_400_000));
      out.push({ customer: c, template: 'payment-overdue', vars: { amount: formatTL(overdue), days_overdue: days } });
      continue;
    }
    const soon = dueSoonUnpaid(a);
    if (soon > 0 && a.dueSoonAt) {
      const day = localDate(a.dueSoonAt);
      const label = day === localDate(now) ? `bugün (${formatDayTr(a.dueSoonAt)})` : day === addDays(localDate(now), 1) ? `yarın (${formatDayTr(a.dueSoonAt)})` : formatDayTr(a.dueSoonAt);
      out.push({ customer: c, template: 'payment-due', vars: { amount: formatTL(soon), due_day: label } });
    }
  }
  return out;
}

function recently(last: Date | undefined, now: Date, days: number): boolean {
  return !!last && now.getTime() - last.getTime() < days * 86_400_000;
}
