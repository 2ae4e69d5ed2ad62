// Veresiye: the open balance is the ledger's sum (sales +, payments −); no new sale above the limit.

export interface LedgerLine {
  kind: string; // sale | payment | adjustment
  amountKurus: number;
  occurredAt: Date;
  dueAt: Date | null;
  orderId?: number | null;
}

export function openBalance(entries: Pick<LedgerLine, 'amountKurus'>[]): number {
  return entries.reduce((sum, e) => sum + e.amountKurus, 0);
}

export interface CreditCheck {
  limitKurus: number;
  balanceKurus: number;
  orderKurus: number;
  balanceAfterKurus: number;
  /** Room left before this order: what the customer can still buy on credit. */
  roomKurus: number;
  roomAfterKurus: number;
  /** How far this order would pass the limit (0 when it fits). */
  exceededByKurus: number;
  /** The balance at which we warn ("limitinize yaklaşıyoruz"). */
  warnAtKurus: number;
  /** After this order the balance is above the warning share of the limit (and within the limit). */
  warning: boolean;
  /** This order is the one that takes the balance past the warning share. */
  crossesWarning: boolean;
  /** Limit 0: the customer does not buy on credit (peşin) — no limit check. */
  cashOnly: boolean;
  ok: boolean;
}

export function creditCheck(input: { limitKurus: number; balanceKurus: number; orderKurus: number; warnPercent: number }): CreditCheck {
  const { limitKurus, balanceKurus, orderKurus, warnPercent } = input;
  const after = balanceKurus + orderKurus;
  const cashOnly = limitKurus <= 0;
  const warnAt = Math.floor((limitKurus * warnPercent) / 100);
  const ok = cashOnly || after <= limitKurus;
  const warning = !cashOnly && ok && after > warnAt;
  return {
    limitKurus,
    balanceKurus,
    orderKurus,
    balanceAfterKurus: after,
    roomKurus: cashOnly ? 0 : Math.max(0, limitKurus - balanceKurus),
    roomAfterKurus: cashOnly ? 0 : Math.max(0, limitKurus - after),
    exceededByKurus: cashOnly ? 0 : Math.max(0, after - limitKurus),
    warnAtKurus: warnAt,
    warning,
    crossesWarning: warning && balanceKurus <= warnAt,
    cashOnly,
    ok,
  };
}
