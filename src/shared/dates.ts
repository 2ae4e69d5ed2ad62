// Dates as Turkish customers read them: "2 Aralık Salı", in the business time zone.

export const TIME_ZONE = 'Europe/Istanbul';

const dayMonthWeekday = new Intl.DateTimeFormat('tr-TR', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', weekday: 'long' });
const weekdayOnly = new Intl.DateTimeFormat('tr-TR', { timeZone: TIME_ZONE, weekday: 'long' });
const ymdParts = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const hmParts = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** → "2 Aralık Salı" */
export function formatDayTr(d: Date): string {
  const parts = dayMonthWeekday.formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('weekday')}`;
}

/** → "Salı" */
export function weekdayTr(d: Date): string {
  return weekdayOnly.format(d);
}

/** The calendar day in Istanbul, as YYYY-MM-DD. */
export function localDate(d: Date): string {
  return ymdParts.format(d);
}

/** Hours and minutes in Istanbul, e.g. { hour: 16, minute: 5 }. */
export function localTime(d: Date): { hour: number; minute: number } {
  const [h, m] = hmParts.format(d).split(':').map(Number);
  return { hour: h, minute: m };
}

/** A YYYY-MM-DD day as a Date at noon UTC (safe from zone shifts when formatted in Istanbul). */
export function dayToDate(ymd: string): Date {
  return new Date(`${ymd}T12:00:00Z`);
}

/** ISO weekday 1 = Monday … 7 = Sunday of a YYYY-MM-DD day. */
export function isoWeekday(ymd: string): number {
  const wd = dayToDate(ymd).getUTCDay();
  return wd === 0 ? 7 : wd;
}

export function addDays(ymd: string, n: number): string {
  const d = dayToDate(ymd);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Istanbul local wall time → UTC Date (Turkey has been UTC+3 all year since 2016). */
export function istanbulTime(ymd: string, hour = 0, minute = 0): Date {
  return new Date(`${ymd}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+03:00`);
}
