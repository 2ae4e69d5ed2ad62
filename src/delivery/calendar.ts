// Honest delivery promises: "en geç <latest>, büyük ihtimalle <likely>".
import { addDays, dayToDate, formatDayTr, isoWeekday, localDate, localTime } from '../shared/dates.ts';
import type { DeliverySettings } from '../orders/settings.ts';
import type { SpecialWorkday } from './holidays.ts';

export interface RouteCalendar {
  /** ISO weekdays this customer's route is served on (defaults to the global delivery weekdays). */
  weekdays?: number[] | null;
  cutoffHour?: number | null;
}

export interface DeliveryPromise {
  /** YYYY-MM-DD */
  likely: string;
  latest: string;
  /** "25 Kasım Çarşamba" */
  likelyText: string;
  latestText: string;
  /** "en geç 26 Kasım Perşembe, büyük ihtimalle 25 Kasım Çarşamba" */
  text: string;
}

export type HolidayLookup = (ymd: string) => SpecialWorkday | undefined;

/** Arife afternoons are off: an order after this hour on an arife counts as the next working day's. */
export const ARIFE_CUTOFF_HOUR = 12;
const HORIZON_DAYS = 120;

/**
 * The promise for an order placed at `now`.
 * - Working days (for preparing the order) are the global delivery weekdays that are not holidays or bayram days;
 *   an arife is a working morning.
 * - Orders before the cut-off hour on a working day start that day; later ones start the next working day.
 * - The earliest delivery is `leadDays` working days after the start.
 * - likely = the first route delivery day from the earliest on that is a full day (not a holiday, bayram or arife);
 * - latest = the next route delivery day after likely (one delivery day of buffer); an arife may be the latest,
 *   since its morning still has deliveries.
 */
export function deliveryPromise(now: Date, settings: DeliverySettings, holidays: HolidayLookup, route: RouteCalendar = {}): DeliveryPromise {
  const today = localDate(now);
  const { hour } = localTime(now);
  const routeDays = route.weekdays && route.weekdays.length ? route.weekdays : settings.weekdays;
  if (!settings.weekdays.length || !routeDays.length) throw new Error('no delivery weekdays configured');

  const off = (d: string) => {
    const h = holidays(d);
    return h !== undefined && h.kind !== 'arife';
  };
  const isArife = (d: string) => holidays(d)?.kind === 'arife';
  const isWorkday = (d: string) => settings.weekdays.includes(isoWeekday(d)) && !off(d);
  const nextWorkday = (d: string) => {
    let x = addDays(d, 1);
    for (let i = 0; i < HORIZON_DAYS && !isWorkday(x); i++) x = addDays(x, 1);
    return x;
  };

  let cutoff = route.cutoffHour ?? settings.cutoffHour;
  if (isArife(today)) cutoff = Math.min(cutoff, ARIFE_CUTOFF_HOUR);
  let earliest = isWorkday(today) && hour < cutoff ? today : nextWorkday(today);
  for (let i = 0; i < settings.leadDays; i++) earliest = nextWorkday(earliest);

  const routeDay = (d: string) => routeDays.includes(isoWeekday(d)) && !off(d);
  let likely = earliest;
  for (let i = 0; !(routeDay(likely) && !isArife(likely)); i++) {
    if (i > HORIZON_DAYS) throw new Error('no delivery day found');
    likely = addDays(likely, 1);
  }
  let latest = addDays(likely, 1);
  for (let i = 0; !routeDay(latest); i++) {
    if (i > HORIZON_DAYS) throw new Error('no delivery day found');
    latest = addDays(latest, 1);
  }
  return promiseOf(likely, latest);
}

export function promiseOf(likely: string, latest: string): DeliveryPromise {
  const likelyText = formatDayTr(dayToDate(likely));
  const latestText = formatDayTr(dayToDate(latest));
  return { likely, latest, likelyText, latestText, text: `en geç ${latestText}, büyük ihtimalle ${likelyText}` };
}

/** A promise is kept when the goods arrive on or before the latest day (Istanbul calendar). */
export function promiseKept(latest: string, deliveredAt: Date): boolean {
  return localDate(deliveredAt) <= latest;
}

export interface PromiseRecord {
  latest: string;
  deliveredAt: Date | null;
}

export interface KeptShare {
  /** Promises whose outcome is known: delivered, or past their latest day without delivery. */
  decided: number;
  kept: number;
  broken: number;
  /** Not delivered yet and the latest day has not passed. */
  pending: number;
  /** kept / decided, 0…1 (null when nothing was decided). */
  share: number | null;
  standard: number;
  meetsStandard: boolean | null;
}

export function keptShare(records: PromiseRecord[], now: Date, standardPercent: number): KeptShare {
  const today = localDate(now);
  let kept = 0;
  let broken = 0;
  let pending = 0;
  for (const r of records) {
    if (r.deliveredAt) {
      if (promiseKept(r.latest, r.deliveredAt)) kept++;
      else broken++;
    } else if (r.latest < today) broken++;
    else pending++;
  }
  const decided = kept + broken;
  const share = decided ? kept / decided : null;
  const standard = standardPercent / 100;
  return { decided, kept, broken, pending, share, standard, meetsStandard: share === null ? null : share >= standard };
}
