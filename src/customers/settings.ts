import { z } from 'zod';

/**
 * Segment and churn thresholds. Defaults follow the seeds (002_…):
 *  A — bought in the last 30 days, 3+ orders a month, high volume;
 *  B — bought within 60 days, medium frequency and volume;
 *  C — everyone else (90+ days silent, low frequency or volume).
 * "High" and "medium" volume are monthly purchases: 10,000 TL a month is where the
 * first volume-discount tier starts, 2,500 TL a month is a steady small shop.
 */
export const segmentSettingsSchema = z.object({
  /** A: at most this many days since the last order. */
  aMaxRecencyDays: z.number().int().positive().default(30),
  /** A: at least this many orders a month over the frequency window. */
  aMinOrdersPerMonth: z.number().positive().default(3),
  /** A: at least this much bought per month (kuruş), averaged over the frequency window. */
  aMinMonthlyKurus: z.number().int().nonnegative().default(1_000_000),
  /** B: at most this many days since the last order. */
  bMaxRecencyDays: z.number().int().positive().default(60),
  /** B: at least this many orders a month. */
  bMinOrdersPerMonth: z.number().positive().default(1),
  /** B: at least this much bought per month (kuruş). */
  bMinMonthlyKurus: z.number().int().nonnegative().default(250_000),
  /** Orders and money are counted over this many days before the day of the computation. */
  frequencyWindowDays: z.number().int().min(30).default(90),

  // Churn signals
  /** Order rhythm is learned over this many days. */
  cadenceLookbackDays: z.number().int().positive().default(365),
  /** Needs at least this many order days to know a customer's rhythm. */
  cadenceMinOrders: z.number().int().min(3).default(4),
  /** Warn when the current silence is this many times the usual gap… */
  cadenceFactor: z.number().min(1).default(3),
  /** …and at least this many days longer than it (a daily buyer silent 3 days is not news). */
  cadenceMinExtraDays: z.number().int().nonnegative().default(7),
  /** The recent basket: the last N orders… */
  basketRecentOrders: z.number().int().positive().default(3),
  /** …compared with at least this many earlier orders within the rhythm lookback. */
  basketMinBaselineOrders: z.number().int().positive().default(3),
  /** Warn when the recent average basket is this much (percent) below the earlier one. */
  basketDropPercent: z.number().min(1).max(100).default(40),
  /** Payments: sales due within this many days are "recent"… */
  lateRecentDays: z.number().int().positive().default(60),
  /** …the ones due in the 180 days before that are the customer's habit. */
  lateBaselineDays: z.number().int().positive().default(180),
  /** Warn when recent payments are on average this many days late, and this much later than before. */
  lateDays: z.number().int().positive().default(7),
  /** "No order in 60 days" (the weekly at-risk filter of the seeds). */
  silentDays: z.number().int().positive().default(60),
  /** Customers silent longer than this are lost, not at risk: they leave the weekly list. */
  silentMaxDays: z.number().int().positive().default(365),
  /** No answer to messages: this many proactive messages in a row, within noReplyDays, without a word back. */
  noReplyMessages: z.number().int().positive().default(3),
  noReplyDays: z.number().int().positive().default(60),
});

export type SegmentSettings = z.infer<typeof segmentSettingsSchema>;

export const defaultSegmentSettings: SegmentSettings = segmentSettingsSchema.parse({});

export function segmentSettings(overrides: Partial<SegmentSettings> = {}): SegmentSettings {
  return segmentSettingsSchema.parse({ ...overrides });
}
