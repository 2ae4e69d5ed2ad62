// Turkish public holidays from date-holidays, with the bayram days spelled out and the arife half days added.
import Holidays from 'date-holidays';
import { addDays } from '../shared/dates.ts';

export type DayKind = 'holiday' | 'bayram' | 'arife';

export interface SpecialWorkday {
  kind: DayKind;
  name: string;
}

/** YYYY-MM-DD → what the day is; days not in the map are ordinary. */
export type HolidayMap = Map<string, SpecialWorkday>;

// date-holidays gives one entry per bayram with an odd span; the official lengths are fixed.
const BAYRAM_DAYS: { match: RegExp; days: number }[] = [
  { match: /ramazan/i, days: 3 },
  { match: /kurban/i, days: 4 },
];

/**
 * A year's special days for Turkey. Ramazan Bayramı (3 days) and Kurban Bayramı (4 days) are bayram days;
 * the day before each is arife (a half day: offices close at 13:00). 28 Ekim, the eve of Cumhuriyet Bayramı,
 * is an official half day too and counts as arife. Other public holidays are whole days off.
 */
export function turkishHolidays(year: number): HolidayMap {
  const hd = new Holidays('TR');
  const map: HolidayMap = new Map();
  const arifes: [string, string][] = [];
  for (const h of hd.getHolidays(year)) {
    if (h.type !== 'public') continue;
    const first = h.date.slice(0, 10);
    const bayram = BAYRAM_DAYS.find((b) => b.match.test(h.name));
    if (bayram) {
      for (let i = 0; i < bayram.days; i++) map.set(addDays(first, i), { kind: 'bayram', name: h.name });
      arifes.push([addDays(first, -1), `${h.name} arifesi`]);
    } else {
      map.set(first, { kind: 'holiday', name: h.name });
      if (/cumhuriyet/i.test(h.name)) arifes.push([addDays(first, -1), `${h.name} arifesi`]);
    }
  }
  for (const [day, name] of arifes) if (!map.has(day)) map.set(day, { kind: 'arife', name });
  return map;
}

/** Memoised lookups across years (a bayram can start in one year and its arife fall in the previous one only in theory; we look at both). */
export function createHolidayCalendar(): (ymd: string) => SpecialWorkday | undefined {
  const years = new Map<number, HolidayMap>();
  const forYear = (y: number) => {
    let m = years.get(y);
    if (!m) {
      m = turkishHolidays(y);
      years.set(y, m);
    }
    return m;
  };
  return (ymd: string) => {
    const y = Number(ymd.slice(0, 4));
    return forYear(y).get(ymd) ?? forYear(y + 1).get(ymd);
  };
}
