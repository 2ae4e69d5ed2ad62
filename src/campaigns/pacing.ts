import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { addDays, istanbulTime, localDate, localTime } from '../shared/dates.ts';
import type { PacingSettings } from './settings.ts';

// The pace of proactive messages from one WhatsApp number: one at a time with random gaps,
// a daily cap that grows slowly on a new number, business hours only, and a pause after
// WhatsApp answers `rate-overlimit`. Replies to a customer who just wrote are not paced.

export const pacingStateSchema = z.object({
  /** The Istanbul day sentToday counts. */
  day: z.string().nullable().default(null),
  sentToday: z.number().int().min(0).default(0),
  lastSentAt: z.string().nullable().default(null),
  /** The gap drawn after the last send, so the next slot is the same however often it is asked. */
  nextGapMs: z.number().min(0).default(0),
  /** The first day this number sent proactive messages (ramp-up starts here). */
  firstSendDay: z.string().nullable().default(null),
  pausedUntil: z.string().nullable().default(null),
  overlimitStrikes: z.number().int().min(0).default(0),
  lastOverlimitAt: z.string().nullable().default(null),
});

export type PacingState = z.infer<typeof pacingStateSchema>;

export const emptyPacingState = (): PacingState => pacingStateSchema.parse({});

export interface ProactiveSlot {
  /** The earliest moment the next proactive message may go. */
  at: Date;
  reason: 'now' | 'gap' | 'hours' | 'cap' | 'paused';
}

const hm = (s: string) => {
  const [h, m] = s.split(':').map(Number);
  return { h, m };
};

/** Opening time of business hours on an Istanbul day. */
export function openingOf(ymd: string, s: Pick<PacingSettings, 'businessHoursStart'>): Date {
  const { h, m } = hm(s.businessHoursStart);
  return istanbulTime(ymd, h, m);
}

export function closingOf(ymd: string, s: Pick<PacingSettings, 'businessHoursEnd'>): Date {
  const { h, m } = hm(s.businessHoursEnd);
  return istanbulTime(ymd, h, m);
}

/** `t` if it falls in business hours, otherwise the next opening (09:00 Istanbul by default). */
export function nextBusinessTime(t: Date, s: Pick<PacingSettings, 'businessHoursStart' | 'businessHoursEnd'>): Date {
  const day = localDate(t);
  const open = openingOf(day, s);
  const close = closingOf(day, s);
  if (t < open) return open;
  if (t >= close) return openingOf(addDays(day, 1), s);
  return t;
}

export function inBusinessHours(t: Date, s: Pick<PacingSettings, 'businessHoursStart' | 'businessHoursEnd'>): boolean {
  return nextBusinessTime(t, s).getTime() === t.getTime();
}

/** The cap of an Istanbul day: rampUpStartCap on the first day, growing linearly to dailyCap. */
export function dailyCapOn(day: string, state: Pick<PacingState, 'firstSendDay'>, s: PacingSettings): number {
  if (s.rampUpDays <= 0) return s.dailyCap;
  if (!state.firstSendDay) return Math.min(s.dailyCap, s.rampUpStartCap);
  const age = Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${state.firstSendDay}T00:00:00Z`)) / 86_400_000);
  if (age >= s.rampUpDays) return s.dailyCap;
  const start = Math.min(s.rampUpStartCap, s.dailyCap);
  return Math.floor(start + ((s.dailyCap - start) * Math.max(0, age)) / s.rampUpDays);
}

/** When may the next proactive message go? Pure: the caller stores the state. */
export function nextProactiveSlot(state: PacingState, now: Date, s: PacingSettings): ProactiveSlot {
  let at = now;
  let reason: ProactiveSlot['reason'] = 'now';
  if (state.pausedUntil && new Date(state.pausedUntil) > at) {
    at = new Date(state.pausedUntil);
    reason = 'paused';
  }
  if (state.lastSentAt) {
    const afterGap = new Date(new Date(state.lastSentAt).getTime() + state.nextGapMs);
    if (afterGap > at) {
      at = afterGap;
      if (reason === 'now') reason = 'gap';
    }
  }
  // Business hours and the daily cap, day by day (a cap already reached moves to tomorrow).
  for (let i = 0; i < 400; i++) {
    const inHours = nextBusinessTime(at, s);
    if (inHours.getTime() !== at.getTime()) {
      at = inHours;
      if (reason === 'now' || reason === 'gap') reason = 'hours';
    }
    const day = localDate(at);
    const sent = state.day === day ? state.sentToday : 0;
    if (sent < dailyCapOn(day, state, s)) return { at, reason };
    at = openingOf(addDays(day, 1), s);
    reason = 'cap';
  }
  return { at, reason: 'cap' };
}

/** The state after a proactive message went at `at`; draws the next random gap. */
export function recordSent(state: PacingState, at: Date, s: PacingSettings, random: () => number = Math.random): PacingState {
  const day = localDate(at);
  const min = s.gapMinSeconds * 1000;
  const max = Math.max(min, s.gapMaxSeconds * 1000);
  const calm = !state.lastOverlimitAt || at.getTime() - new Date(state.lastOverlimitAt).getTime() > 24 * 3_600_000;
  return {
    ...state,
    day,
    sentToday: state.day === day ? state.sentToday + 1 : 1,
    lastSentAt: at.toISOString(),
    nextGapMs: Math.round(min + random() * (max - min)),
    firstSendDay: state.firstSendDay ?? day,
    overlimitStrikes: calm ? 0 : state.overlimitStrikes,
  };
}

/** WhatsApp said `rate-overlimit` (429): pause, longer each time it repeats within a day. */
export function recordOverlimit(state: PacingState, at: Date, s: PacingSettings): PacingState {
  const recent = state.lastOverlimitAt && at.getTime() - new Date(state.lastOverlimitAt).getTime() <= 24 * 3_600_000;
  const strikes = recent ? state.overlimitStrikes + 1 : 1;
  const minutes = Math.min(s.overlimitMaxPauseMinutes, s.overlimitPauseMinutes * 2 ** (strikes - 1));
  return { ...state, overlimitStrikes: strikes, lastOverlimitAt: at.toISOString(), pausedUntil: new Date(at.getTime() + minutes * 60_000).toISOString() };
}

/** Is it inside business hours right now? (for callers that only need a yes/no) */
export function businessHoursNow(now: Date, s: PacingSettings): boolean {
  const { hour, minute } = localTime(now);
  const cur = hour * 60 + minute;
  const a = hm(s.businessHoursStart);
  const b = hm(s.businessHoursEnd);
  return cur >= a.h * 60 + a.m && cur < b.h * 60 + b.m;
}

const PACING_KEY = 'pacing';

/** The pacing state of the number, kept in the Setting table (key 'pacing'). */
export function createPacingStore(db: Database) {
  const prisma = db.prisma;
  async function load(): Promise<PacingState> {
    const row = await prisma.setting.findUnique({ where: { key: PACING_KEY } });
    const parsed = pacingStateSchema.safeParse(row?.value ?? {});
    return parsed.success ? parsed.data : emptyPacingState();
  }
  async function save(state: PacingState): Promise<void> {
    await prisma.setting.upsert({ where: { key: PACING_KEY }, create: { key: PACING_KEY, value: state }, update: { value: state } });
  }
  /** Read-modify-write in one transaction (row lock on PostgreSQL). */
  async function update(fn: (s: PacingState) => PacingState): Promise<PacingState> {
    return prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`INSERT INTO "Setting" (key, value, "updatedAt") VALUES ($1, '{}'::jsonb, now()) ON CONFLICT (key) DO NOTHING`, PACING_KEY);
      const rows = await tx.$queryRawUnsafe<{ value: unknown }[]>(`SELECT value FROM "Setting" WHERE key = $1 FOR UPDATE`, PACING_KEY);
      const parsed = pacingStateSchema.safeParse(rows[0]?.value ?? {});
      const next = fn(parsed.success ? parsed.data : emptyPacingState());
      await tx.setting.update({ where: { key: PACING_KEY }, data: { value: next } });
      return next;
    });
  }
  return { load, save, update };
}
