import type { SegmentSettings } from './settings.ts';

export type Segment = 'A' | 'B' | 'C';

/** What the segment rules need to know about one customer, as of one day. */
export interface RfmInput {
  /** Whole days since the last order; null when the customer never ordered. */
  recencyDays: number | null;
  /** Orders in the frequency window. */
  ordersInWindow: number;
  /** Money spent in the frequency window, kuruş. */
  monetaryKurus: number;
  /** Days between the first order and the day of computation (the window shrinks for new customers). */
  customerAgeDays: number | null;
}

export interface RfmFigures {
  recencyDays: number | null;
  ordersPerMonth: number;
  monetaryKurus: number;
  monthlyKurus: number;
  /** Classic 1–5 scores (5 best) on fixed bands, so a score means the same thing every night. */
  scores: { r: number; f: number; m: number };
  segment: Segment;
}

const DAYS_PER_MONTH = 30;

/**
 * Months the frequency and money figures are averaged over: the window, shortened for a
 * customer who started ordering inside it (never under one month, so one order in the
 * first week does not look like four a month).
 */
export function windowMonths(input: Pick<RfmInput, 'customerAgeDays'>, s: SegmentSettings): number {
  const age = input.customerAgeDays ?? s.frequencyWindowDays;
  const days = Math.max(DAYS_PER_MONTH, Math.min(s.frequencyWindowDays, age));
  return days / DAYS_PER_MONTH;
}

/**
 * The segment, exactly:
 *  A  when recency ≤ aMaxRecencyDays (30) AND orders a month ≥ aMinOrdersPerMonth (3)
 *     AND bought a month ≥ aMinMonthlyKurus (10,000 TL);
 *  B  when recency ≤ bMaxRecencyDays (60) AND orders a month ≥ bMinOrdersPerMonth (1)
 *     AND bought a month ≥ bMinMonthlyKurus (2,500 TL);
 *  C  otherwise (never ordered, 60+ days silent, or low frequency or volume).
 * Orders a month and money a month are averaged over the last frequencyWindowDays (90).
 */
export function rfm(input: RfmInput, s: SegmentSettings): RfmFigures {
  const months = windowMonths(input, s);
  const ordersPerMonth = round2(input.ordersInWindow / months);
  const monthlyKurus = Math.round(input.monetaryKurus / months);
  const r = input.recencyDays;
  let segment: Segment = 'C';
  if (r !== null && r <= s.aMaxRecencyDays && ordersPerMonth >= s.aMinOrdersPerMonth && monthlyKurus >= s.aMinMonthlyKurus) {
    segment = 'A';
  } else if (r !== null && r <= s.bMaxRecencyDays && ordersPerMonth >= s.bMinOrdersPerMonth && monthlyKurus >= s.bMinMonthlyKurus) {
    segment = 'B';
  }
  return {
    recencyDays: r,
    ordersPerMonth,
    monetaryKurus: input.monetaryKurus,
    monthlyKurus,
    scores: { r: recencyScore(r), f: frequencyScore(ordersPerMonth), m: monetaryScore(monthlyKurus) },
    segment,
  };
}

export function recencyScore(days: number | null): number {
  if (days === null) return 1;
  if (days <= 7) return 5;
  if (days <= 30) return 4;
  if (days <= 60) return 3;
  if (days <= 90) return 2;
  return 1;
}

export function frequencyScore(perMonth: number): number {
  if (perMonth >= 8) return 5;
  if (perMonth >= 3) return 4;
  if (perMonth >= 1) return 3;
  if (perMonth > 0) return 2;
  return 1;
}

export function monetaryScore(monthlyKurus: number): number {
  if (monthlyKurus >= 2_500_000) return 5;
  if (monthlyKurus >= 1_000_000) return 4;
  if (monthlyKurus >= 250_000) return 3;
  if (monthlyKurus > 0) return 2;
  return 1;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
