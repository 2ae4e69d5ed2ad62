import { z } from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** Campaign rules and sending pace. Every number here is a setting; defaults follow the seeds. */
export const campaignSettingsSchema = z.object({
  /** Signs every commercial message ("— Yılmaz Toptan · Mesaj almamak için DUR yazın."). */
  businessName: z.string().min(1).default('Kolibot Toptan'),
  /** The word that stops commercial messages (the inbox must honour it). */
  stopWord: z.string().min(1).default('DUR'),
  /**
   * Turkish law lets merchants (tacir) receive commercial messages until they object; the
   * default is stricter: everyone needs recorded consent.
   */
  tacirWithoutConsent: z.boolean().default(false),

  // New arrivals: A first (priority access), then B, then C.
  arrivalsDelayBHours: z.number().min(0).default(24),
  arrivalsDelayCHours: z.number().min(0).default(48),

  // Win-back ("Sizi özledik…")
  winbackSilentDays: z.number().int().positive().default(60),
  /** Beyond this the customer needs a personal call, not a message (the seeds: 3 months → call). */
  winbackMaxSilentDays: z.number().int().positive().default(365),
  winbackCooldownDays: z.number().int().positive().default(30),
  winbackConversionDays: z.number().int().positive().default(14),
  winbackOffer: z.string().default('ilk siparişinizde bir koli deneme ürününü özel fiyatla gönderelim'),

  /** An order within this many days of any other campaign message counts as a result. */
  conversionDays: z.number().int().positive().default(7),
  /** A reply within this many days counts as "replied". */
  replyWindowDays: z.number().int().positive().default(3),

  // Follow-ups (transactional)
  complaintFollowUpDays: z.number().int().positive().default(7),
  creditWarnPercent: z.number().int().min(1).max(100).default(80),
  creditReminderCooldownDays: z.number().int().positive().default(7),
  paymentDueSoonDays: z.number().int().min(0).default(3),
  paymentReminderCooldownDays: z.number().int().positive().default(7),

  // Suggestions
  /** "Geçen yıl bu dönemde": last year's same days, from today to this many days ahead. */
  lastYearWindowDays: z.number().int().positive().default(14),
  /** Products bought in the last N days are not suggested again. */
  suggestionRecentDays: z.number().int().positive().default(30),
  /** Two products "go together" when at least this many orders hold both. */
  crossSellMinOrders: z.number().int().positive().default(3),

  /** Holidays greeted (keys of holidays.ts). */
  greetHolidays: z.array(z.string()).default(['yilbasi', 'ramazan', 'kurban', '23-nisan', '19-mayis', '30-agustos', '29-ekim']),
  /** How many recently bought products the templates get as last_products. */
  lastProductsCount: z.number().int().min(0).default(3),
});

export type CampaignSettings = z.infer<typeof campaignSettingsSchema>;

export function campaignSettings(overrides: Partial<CampaignSettings> = {}): CampaignSettings {
  return campaignSettingsSchema.parse({ ...overrides });
}

/** Sending pace of proactive messages from one WhatsApp number. */
export const pacingSettingsSchema = z.object({
  businessHoursStart: hhmm.default('09:00'),
  businessHoursEnd: hhmm.default('20:00'),
  gapMinSeconds: z.number().min(0).default(8),
  gapMaxSeconds: z.number().min(0).default(25),
  dailyCap: z.number().int().min(0).default(500),
  /** A new number starts at rampUpStartCap a day and reaches dailyCap after rampUpDays. */
  rampUpDays: z.number().int().min(0).default(14),
  rampUpStartCap: z.number().int().min(1).default(30),
  /** After `rate-overlimit`: pause this long, doubling on each repeat within a day, up to the max. */
  overlimitPauseMinutes: z.number().min(1).default(15),
  overlimitMaxPauseMinutes: z.number().min(1).default(24 * 60),
});

export type PacingSettings = z.infer<typeof pacingSettingsSchema>;

export function pacingSettings(overrides: Partial<PacingSettings> = {}): PacingSettings {
  return pacingSettingsSchema.parse({ ...overrides });
}

/** Maps the service configuration (src/config.ts) onto these settings. */
export function settingsFromConfig(config: {
  BUSINESS_NAME: string;
  BUSINESS_HOURS_START: string;
  BUSINESS_HOURS_END: string;
  SEND_GAP_MIN_SECONDS: number;
  SEND_GAP_MAX_SECONDS: number;
  DAILY_SEND_CAP: number;
  RAMP_UP_DAYS: number;
  CREDIT_WARN_PERCENT?: number;
}): { campaign: CampaignSettings; pacing: PacingSettings } {
  return {
    campaign: campaignSettings({ businessName: config.BUSINESS_NAME, ...(config.CREDIT_WARN_PERCENT ? { creditWarnPercent: config.CREDIT_WARN_PERCENT } : {}) }),
    pacing: pacingSettings({
      businessHoursStart: config.BUSINESS_HOURS_START,
      businessHoursEnd: config.BUSINESS_HOURS_END,
      gapMinSeconds: config.SEND_GAP_MIN_SECONDS,
      gapMaxSeconds: Math.max(config.SEND_GAP_MIN_SECONDS, config.SEND_GAP_MAX_SECONDS),
      dailyCap: config.DAILY_SEND_CAP,
      rampUpDays: config.RAMP_UP_DAYS,
    }),
  };
}
