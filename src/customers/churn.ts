import { formatTL } from '../shared/money.ts';
import { formatDayTr } from '../shared/dates.ts';
import type { SegmentSettings } from './settings.ts';

export type ChurnCode = 'cadence' | 'basket' | 'late_payment' | 'silent' | 'no_reply';

export interface ChurnReason {
  code: ChurnCode;
  /** What the owner reads in the at-risk list. */
  text: string;
}

/** One customer's own rhythm, as of one day (all figures come from SQL aggregates). */
export interface ChurnInput {
  recencyDays: number | null;
  lastOrderAt: Date | null;
  /** Median gap in days between the customer's order days over the lookback; null if too few orders. */
  usualGapDays: number | null;
  /** Distinct order days in the lookback. */
  orderDays: number;
  /** Average of the last basketRecentOrders orders, kuruş (null without orders). */
  recentBasketKurus: number | null;
  /** Average of the earlier orders in the lookback, kuruş, and how many there were. */
  baselineBasketKurus: number | null;
  baselineOrders: number;
  /** Average days late of sales due recently (0 when paid on time), and how many. */
  lateRecentAvgDays: number | null;
  lateRecentCount: number;
  /** The same for the sales due before that (the customer's habit). */
  lateBaselineAvgDays: number | null;
  lateBaselineCount: number;
  /** Proactive messages sent since the customer last wrote to us (within the no-reply window). */
  unansweredMessages?: number;
}

/**
 * Early churn signals, from the customer's own habits:
 *  cadence      — silent for cadenceFactor× the usual gap and at least cadenceMinExtraDays more
 *                 (only before the 60-day rule takes over, so one silence is named once);
 *  basket       — the last orders average basketDropPercent % less than the earlier ones;
 *  late_payment — recent sales paid (or still unpaid) lateDays+ late on average, and that much
 *                 later than the customer used to pay;
 *  silent       — no order in silentDays (60) days (up to silentMaxDays: after that the customer is lost);
 *  no_reply     — noReplyMessages (3) of our messages in a row went unanswered.
 */
export function churnReasons(c: ChurnInput, s: SegmentSettings): ChurnReason[] {
  const reasons: ChurnReason[] = [];
  const r = c.recencyDays;
  const silent = r !== null && r >= s.silentDays && r <= s.silentMaxDays;

  if (!silent && r !== null && c.usualGapDays !== null && c.orderDays >= s.cadenceMinOrders) {
    const gap = Math.max(1, c.usualGapDays);
    if (r >= gap * s.cadenceFactor && r >= gap + s.cadenceMinExtraDays) {
      reasons.push({ code: 'cadence', text: `normalde ${rhythmTr(gap)} sipariş verirken ${r} gündür sipariş yok` });
    }
  }

  if (
    r !== null &&
    r <= s.silentMaxDays &&
    c.recentBasketKurus !== null &&
    c.baselineBasketKurus !== null &&
    c.baselineBasketKurus > 0 &&
    c.baselineOrders >= s.basketMinBaselineOrders
  ) {
    const drop = 1 - c.recentBasketKurus / c.baselineBasketKurus;
    if (drop * 100 >= s.basketDropPercent) {
      reasons.push({
        code: 'basket',
        text: `ortalama sipariş tutarı ${formatTL(roundTl(c.baselineBasketKurus))}'den ${formatTL(roundTl(c.recentBasketKurus))}'ye düştü (%${Math.round(drop * 100)} azaldı)`,
      });
    }
  }

  if (c.lateRecentAvgDays !== null && c.lateRecentCount > 0) {
    const recent = c.lateRecentAvgDays;
    const before = c.lateBaselineCount > 0 ? c.lateBaselineAvgDays ?? 0 : null;
    if (recent >= s.lateDays && (before === null || recent >= before + s.lateDays)) {
      const habit = before === null ? '' : before < 1 ? ' (önceden zamanında ödüyordu)' : ` (önceden ortalama ${Math.round(before)} gün)`;
      reasons.push({ code: 'late_payment', text: `son ödemeler ortalama ${Math.round(recent)} gün gecikmeli${habit}` });
    }
  }

  const unanswered = c.unansweredMessages ?? 0;
  if (unanswered >= s.noReplyMessages) {
    reasons.push({ code: 'no_reply', text: `son ${unanswered} mesajımıza yanıt vermedi` });
  }

  if (silent) {
    const last = c.lastOrderAt ? ` (son sipariş ${formatDayTr(c.lastOrderAt)})` : '';
    reasons.push({ code: 'silent', text: `${r} gündür sipariş yok${last}` });
  }
  return reasons;
}

/** 3.5 → "4 günde bir", 7 → "haftada bir", 14 → "iki haftada bir", 1 → "her gün". */
export function rhythmTr(gapDays: number): string {
  const d = Math.round(gapDays);
  if (d <= 1) return 'her gün';
  if (d === 7) return 'haftada bir';
  if (d === 14) return 'iki haftada bir';
  if (d >= 28 && d <= 31) return 'ayda bir';
  return `${d} günde bir`;
}

/** Baskets are shown in whole lira: "4.200,00 TL" reads better than "4.187,33 TL". */
function roundTl(kurus: number): number {
  return Math.round(kurus / 100) * 100;
}
