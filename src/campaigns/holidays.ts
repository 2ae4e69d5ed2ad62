import Holidays from 'date-holidays';
import { addDays } from '../shared/dates.ts';

// Turkish public holidays from date-holidays (its bayram dates follow the Umm al-Qura
// calendar, which agrees with Diyanet for 2026–2027), plus the arife half-days it lacks.

export interface HolidayDay {
  /** Istanbul calendar day, YYYY-MM-DD (the first day for multi-day bayrams). */
  date: string;
  key: string;
  name: string;
  /** religious bayrams move every year; the others are fixed. */
  religious: boolean;
  /** true for the half-day eve (arife) of a bayram. */
  arife?: boolean;
}

const KEYS: [test: (rule: string) => boolean, key: string, religious: boolean][] = [
  [(r) => r.startsWith('01-01'), 'yilbasi', false],
  [(r) => r.includes('Shawwal'), 'ramazan', true],
  [(r) => r.includes('Dhu al-Hijjah'), 'kurban', true],
  [(r) => r.startsWith('04-23'), '23-nisan', false],
  [(r) => r.startsWith('05-01'), '1-mayis', false],
  [(r) => r.startsWith('05-19'), '19-mayis', false],
  [(r) => r.startsWith('07-15'), '15-temmuz', false],
  [(r) => r.startsWith('08-30'), '30-agustos', false],
  [(r) => r.startsWith('10-29'), '29-ekim', false],
];

const hd = new Holidays('TR');
const cache = new Map<number, HolidayDay[]>();

/** Every Turkish public holiday of a year, with the arife of Ramazan and Kurban Bayramı. */
export function turkishHolidays(year: number): HolidayDay[] {
  const hit = cache.get(year);
  if (hit) return hit;
  const out: HolidayDay[] = [];
  for (const h of hd.getHolidays(year, 'tr')) {
    if (h.type !== 'public') continue;
    const match = KEYS.find(([test]) => test(String(h.rule ?? '')));
    const key = match?.[1] ?? h.name.toLowerCase().replace(/\s+/g, '-');
    const day = h.date.slice(0, 10);
    const religious = match?.[2] ?? false;
    // Arife: the eve of both bayrams, and 28 Ekim afternoon before Cumhuriyet Bayramı.
    if (religious || key === '29-ekim') out.push({ date: addDays(day, -1), key: `${key}-arife`, name: `${h.name} Arifesi`, religious, arife: true });
    out.push({ date: day, key, name: h.name, religious });
  }
  out.sort((a, b) => a.date.localeCompare(b.date));
  cache.set(year, out);
  return out;
}

/** The holiday greeted on this Istanbul day, if any (first days only, never the arife). */
export function holidayToGreet(ymd: string, greet: string[]): HolidayDay | null {
  const year = Number(ymd.slice(0, 4));
  return turkishHolidays(year).find((h) => h.date === ymd && !h.arife && greet.includes(h.key)) ?? null;
}

export function bayramDates(year: number): { ramazan: string; kurban: string } {
  const list = turkishHolidays(year);
  return { ramazan: list.find((h) => h.key === 'ramazan')!.date, kurban: list.find((h) => h.key === 'kurban')!.date };
}
