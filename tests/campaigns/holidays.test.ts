import { describe, expect, it } from 'vitest';
import { bayramDates, holidayToGreet, turkishHolidays } from '../../src/campaigns/holidays.ts';
import { campaignSettings } from '../../src/campaigns/settings.ts';

describe('Turkish holidays', () => {
  it('knows the bayram dates of 2026 and 2027 (Diyanet calendar)', () => {
    expect(bayramDates(2026)).toEqual({ ramazan: '2026-03-20', kurban: '2026-05-27' });
    expect(bayramDates(2027)).toEqual({ ramazan: '2027-03-09', kurban: '2027-05-16' });
  });

  it('adds the arife half-days date-holidays lacks', () => {
    const arife = turkishHolidays(2026).filter((h) => h.arife).map((h) => [h.date, h.name]);
    expect(arife).toEqual([
      ['2026-03-19', 'Ramazan Bayramı Arifesi'],
      ['2026-05-26', 'Kurban Bayramı Arifesi'],
      ['2026-10-28', 'Cumhuriyet Bayramı Arifesi'],
    ]);
  });

  it('greets on the first day of a greeted holiday only', () => {
    const greet = campaignSettings().greetHolidays;
    expect(holidayToGreet('2026-03-20', greet)?.key).toBe('ramazan');
    expect(holidayToGreet('2026-03-21', greet)).toBeNull(); // second day of the bayram
    expect(holidayToGreet('2026-03-19', greet)).toBeNull(); // arife
    expect(holidayToGreet('2027-01-01', greet)?.name).toBe('Yılbaşı');
    expect(holidayToGreet('2026-07-15', greet)).toBeNull(); // a day of remembrance, not greeted by default
    expect(holidayToGreet('2026-10-29', greet)?.name).toBe('Cumhuriyet Bayramı');
  });
});
