import { describe, expect, it } from 'vitest';
import { deliveryPromise, keptShare } from '../../src/delivery/calendar.ts';
import { createHolidayCalendar, turkishHolidays } from '../../src/delivery/holidays.ts';
import { istanbulTime } from '../../src/shared/dates.ts';
import { defaultOrderingSettings } from '../../src/orders/settings.ts';

const holidays = createHolidayCalendar();
const settings = defaultOrderingSettings.delivery;

describe('Turkish holidays', () => {
  it('date-holidays gives Ramazan Bayramı on 20 March 2026 and Kurban Bayramı on 27 May 2026', () => {
    const y = turkishHolidays(2026);
    expect(y.get('2026-03-20')).toMatchObject({ kind: 'bayram' });
    expect(y.get('2026-05-27')).toMatchObject({ kind: 'bayram' });
  });

  it('Kurban Bayramı 2026 runs 27–30 May with arife on 26 May; Ramazan 20–22 March with arife on 19 March', () => {
    const y = turkishHolidays(2026);
    for (const d of ['2026-05-27', '2026-05-28', '2026-05-29', '2026-05-30']) expect(y.get(d)?.kind).toBe('bayram');
    expect(y.get('2026-05-31')).toBeUndefined();
    expect(y.get('2026-05-26')).toMatchObject({ kind: 'arife' });
    for (const d of ['2026-03-20', '2026-03-21', '2026-03-22']) expect(y.get(d)?.kind).toBe('bayram');
    expect(y.get('2026-03-19')).toMatchObject({ kind: 'arife' });
    expect(y.get('2026-10-29')).toMatchObject({ kind: 'holiday' });
    expect(y.get('2026-10-28')).toMatchObject({ kind: 'arife' });
  });
});

describe('delivery promises', () => {
  it('an order on Tuesday morning: likely Wednesday, at the latest Thursday', () => {
    const p = deliveryPromise(istanbulTime('2026-11-24', 10), settings, holidays);
    expect(p.text).toBe('en geç 26 Kasım Perşembe, büyük ihtimalle 25 Kasım Çarşamba');
  });

  it('after the cut-off hour the order counts as the next working day\'s', () => {
    expect(deliveryPromise(istanbulTime('2026-11-24', 16, 5), settings, holidays)).toMatchObject({ likely: '2026-11-26', latest: '2026-11-27' });
    expect(deliveryPromise(istanbulTime('2026-11-24', 15, 59), settings, holidays)).toMatchObject({ likely: '2026-11-25' });
  });

  it('across a weekend: Friday before the cut-off → Monday, at the latest Tuesday', () => {
    const p = deliveryPromise(istanbulTime('2026-11-20', 11), settings, holidays);
    expect(p.text).toBe('en geç 24 Kasım Salı, büyük ihtimalle 23 Kasım Pazartesi');
    expect(deliveryPromise(istanbulTime('2026-11-20', 18), settings, holidays)).toMatchObject({ likely: '2026-11-24', latest: '2026-11-25' });
    expect(deliveryPromise(istanbulTime('2026-11-21', 11), settings, holidays)).toMatchObject({ likely: '2026-11-24' });
  });

  it('across Kurban Bayramı: arife may be the latest day but never the likely one; bayram days are skipped', () => {
    expect(deliveryPromise(istanbulTime('2026-05-22', 10), settings, holidays).text).toBe('en geç 26 Mayıs Salı, büyük ihtimalle 25 Mayıs Pazartesi');
    expect(deliveryPromise(istanbulTime('2026-05-25', 10), settings, holidays).text).toBe('en geç 2 Haziran Salı, büyük ihtimalle 1 Haziran Pazartesi');
    // On arife the afternoon is off: an order at 13:00 is the next working day's (after the bayram).
    expect(deliveryPromise(istanbulTime('2026-05-26', 13), settings, holidays)).toMatchObject({ likely: '2026-06-02', latest: '2026-06-03' });
  });

  it('a route served on Tuesdays and Fridays promises only those days', () => {
    const p = deliveryPromise(istanbulTime('2026-11-23', 10), settings, holidays, { weekdays: [2, 5] });
    expect(p).toMatchObject({ likely: '2026-11-24', latest: '2026-11-27' });
    const late = deliveryPromise(istanbulTime('2026-11-24', 10), settings, holidays, { weekdays: [2, 5] });
    expect(late).toMatchObject({ likely: '2026-11-27', latest: '2026-12-01' });
  });

  it('a public holiday is not a delivery day (29 Ekim)', () => {
    expect(deliveryPromise(istanbulTime('2026-10-27', 10), settings, holidays)).toMatchObject({ likely: '2026-10-30', latest: '2026-11-02' });
  });
});

describe('promises kept', () => {
  it('counts a delivery on or before the latest day as kept, a missed latest day as broken', () => {
    const now = new Date('2026-11-30T12:00:00Z');
    const r = keptShare(
      [
        { latest: '2026-11-24', deliveredAt: new Date('2026-11-24T15:00:00Z') },
        { latest: '2026-11-24', deliveredAt: new Date('2026-11-25T08:00:00Z') },
        { latest: '2026-11-26', deliveredAt: null },
        { latest: '2026-12-02', deliveredAt: null },
      ],
      now,
      95,
    );
    expect(r).toMatchObject({ decided: 3, kept: 1, broken: 2, pending: 1, meetsStandard: false });
    expect(r.share).toBeCloseTo(1 / 3);
  });
});
