// Every threshold of the ordering rules, with the defaults the seeds give.

export interface VolumeTier {
  /** The tier applies when the month's purchases (this order included) are above this amount. */
  aboveKurus: number;
  /** Discount in basis points (300 = 3 %). */
  bp: number;
}

export interface DeliverySettings {
  /** ISO weekdays (1 = Monday … 7 = Sunday) on which deliveries go out, unless the customer's route says otherwise. */
  weekdays: number[];
  /** Orders after this Istanbul hour count as the next working day's orders. */
  cutoffHour: number;
  /** Working days between taking an order and delivering it. */
  leadDays: number;
}

export interface OrderingSettings {
  /** Ascending by aboveKurus. Seed `002_…`: up to 10,000 TL standard, 10,000–25,000 TL 3 %, above 25,000 TL 5 %. */
  tiers: VolumeTier[];
  /** Warn the customer when the open balance passes this share of the limit. */
  creditWarnPercent: number;
  delivery: DeliverySettings;
  /** Payment terms (vade) in days: loyal customers 45, new customers 30. */
  paymentTerms: { loyalDays: number; newDays: number };
  /** A draft not confirmed within this time can no longer be confirmed as it stands. */
  draftExpiryMinutes: number;
  /** The delivery-promise standard (share of promises kept). */
  promiseStandardPercent: number;
}

export const defaultOrderingSettings: OrderingSettings = {
  tiers: [
    { aboveKurus: 10_000_00, bp: 300 },
    { aboveKurus: 25_000_00, bp: 500 },
  ],
  creditWarnPercent: 80,
  delivery: { weekdays: [1, 2, 3, 4, 5], cutoffHour: 16, leadDays: 1 },
  paymentTerms: { loyalDays: 45, newDays: 30 },
  draftExpiryMinutes: 120,
  promiseStandardPercent: 95,
};

/** The environment settings (see src/config.ts) that map onto the ordering rules. */
export interface OrderingEnv {
  TIER1_FROM_TL: number;
  TIER1_PERCENT: number;
  TIER2_FROM_TL: number;
  TIER2_PERCENT: number;
  CREDIT_WARN_PERCENT: number;
  DELIVERY_WEEKDAYS: number[];
  ORDER_CUTOFF_HOUR: number;
  DELIVERY_LEAD_DAYS: number;
  DRAFT_EXPIRY_MINUTES?: number;
}

export function orderingSettingsFromConfig(env: OrderingEnv): OrderingSettings {
  return {
    ...defaultOrderingSettings,
    tiers: [
      { aboveKurus: env.TIER1_FROM_TL * 100, bp: Math.round(env.TIER1_PERCENT * 100) },
      { aboveKurus: env.TIER2_FROM_TL * 100, bp: Math.round(env.TIER2_PERCENT * 100) },
    ].sort((a, b) => a.aboveKurus - b.aboveKurus),
    creditWarnPercent: env.CREDIT_WARN_PERCENT,
    delivery: { weekdays: [...env.DELIVERY_WEEKDAYS], cutoffHour: env.ORDER_CUTOFF_HOUR, leadDays: env.DELIVERY_LEAD_DAYS },
    draftExpiryMinutes: env.DRAFT_EXPIRY_MINUTES ?? defaultOrderingSettings.draftExpiryMinutes,
  };
}
