import { existsSync, statSync } from 'node:fs';
import { z } from 'zod';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

// Every setting Kolibot reads from the environment, parsed once. `.env.example` lists them all.

const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? def : v),
    z.coerce
      .number({ error: `must be a whole number from ${min} to ${max}` })
      .int({ error: `must be a whole number from ${min} to ${max}` })
      .min(min, { error: `must be a whole number from ${min} to ${max}` })
      .max(max, { error: `must be a whole number from ${min} to ${max}` }),
  );
const bool = (def: boolean) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? def : v),
    z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((s) => ['true', '1', 'yes'].includes(s))]),
  );
const str = (def: string) => z.preprocess((v) => (v === undefined || v === '' ? def : v), z.string().min(1));
const optionalStr = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

const phoneList = z.preprocess(
  (v) => (v === undefined || v === '' ? [] : String(v).split(',').map((s) => s.trim()).filter(Boolean)),
  z.array(
    z.string().transform((raw, ctx) => {
      const p = parsePhoneNumberFromString(raw, 'TR');
      if (!p || !p.isValid()) {
        ctx.addIssue({ code: 'custom', message: `"${raw}" is not a valid phone number` });
        return z.NEVER;
      }
      return p.number as string;
    }),
  ),
);

const hhmm = (def: string) =>
  z.preprocess((v) => (v === undefined || v === '' ? def : v), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM'));

export const configSchema = z.object({
  PORT: int(3000, 0, 65535),
  HOST: str('0.0.0.0'),
  DATA_DIR: str('./data'),
  TEMPLATES_DIR: optionalStr.pipe(z.string().refine((d) => existsSync(d) && statSync(d).isDirectory(), 'no such folder').optional()),
  DATABASE_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgresql:// URL').optional(),
  ),
  ADMIN_TOKEN: optionalStr.pipe(z.string().min(12, 'must be at least 12 characters').optional()),
  OWNER_PHONES: phoneList,
  BUSINESS_NAME: str('Kolibot Toptan'),
  TZ_NAME: z.preprocess((v) => (v === undefined || v === '' ? 'Europe/Istanbul' : v), z.string().refine(validTimeZone, 'unknown time zone')),
  RESPONSE_STANDARD_MINUTES: int(30, 1, 24 * 60),
  HANDOFF_QUIET_MINUTES: int(120, 1, 7 * 24 * 60),
  DRAFT_EXPIRY_MINUTES: int(120, 5, 7 * 24 * 60),
  WHATSAPP_ENABLED: bool(true),
  WHATSAPP_WS_URL: optionalStr.pipe(z.string().url().optional()),
  WHATSAPP_PAIRING_PHONE: optionalStr.pipe(
    z
      .string()
      .transform((raw, ctx) => {
        const p = parsePhoneNumberFromString(raw, 'TR');
        if (!p || !p.isValid()) {
          ctx.addIssue({ code: 'custom', message: `"${raw}" is not a valid phone number` });
          return z.NEVER;
        }
        return p.number as string;
      })
      .optional(),
  ),
  LOG_LEVEL: z.preprocess((v) => (v === undefined || v === '' ? 'info' : v), z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  // Ordering rules (defaults from the seeds)
  TIER1_FROM_TL: int(10_000, 0),
  TIER1_PERCENT: z.preprocess((v) => (v === undefined || v === '' ? 3 : v), z.coerce.number().min(0).max(100)),
  TIER2_FROM_TL: int(25_000, 0),
  TIER2_PERCENT: z.preprocess((v) => (v === undefined || v === '' ? 5 : v), z.coerce.number().min(0).max(100)),
  CREDIT_WARN_PERCENT: int(80, 1, 100),
  DELIVERY_WEEKDAYS: z.preprocess(
    (v) => (v === undefined || v === '' ? '1,2,3,4,5' : v),
    z.string().regex(/^[1-7](,[1-7])*$/, 'expected ISO weekdays like 1,2,3,4,5').transform((s) => s.split(',').map(Number)),
  ),
  ORDER_CUTOFF_HOUR: int(16, 0, 23),
  DELIVERY_LEAD_DAYS: int(1, 0, 30),
  // Sending pace for proactive messages
  BUSINESS_HOURS_START: hhmm('09:00'),
  BUSINESS_HOURS_END: hhmm('20:00'),
  SEND_GAP_MIN_SECONDS: int(8, 0),
  SEND_GAP_MAX_SECONDS: int(25, 0),
  DAILY_SEND_CAP: int(500, 0),
  RAMP_UP_DAYS: int(14, 0),
  FLOOD_MAX_PER_MINUTE: int(20, 1),
  // Embedded database memory (PostgreSQL shared_buffers inside PGlite)
  EMBEDDED_SHARED_BUFFERS_MB: int(16, 1, 1024),
});

export type Config = z.infer<typeof configSchema>;

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export class ConfigError extends Error {}

/** Parses the environment; a bad value gives one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => {
    const name = String(i.path[0] ?? '?');
    const value = env[name];
    return `Invalid setting ${name}${value !== undefined ? `=${JSON.stringify(value)}` : ''}: ${i.message}`;
  });
  throw new ConfigError(lines.join('\n'));
}
