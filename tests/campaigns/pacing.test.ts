import { describe, expect, it } from 'vitest';
import { dailyCapOn, emptyPacingState, nextBusinessTime, nextProactiveSlot, recordOverlimit, recordSent, type PacingState } from '../../src/campaigns/pacing.ts';
import { pacingSettings } from '../../src/campaigns/settings.ts';

const s = pacingSettings({ gapMinSeconds: 10, gapMaxSeconds: 30, dailyCap: 100, rampUpDays: 10, rampUpStartCap: 20 });
const t = (iso: string) => new Date(iso);

describe('sending pace of proactive messages', () => {
  it('sends only in business hours, 09:00–20:00 Istanbul', () => {
    expect(nextBusinessTime(t('2026-03-20T03:00:00Z'), s).toISOString()).toBe('2026-03-20T06:00:00.000Z'); // 06:00 → 09:00
    expect(nextBusinessTime(t('2026-03-20T12:00:00Z'), s).toISOString()).toBe('2026-03-20T12:00:00.000Z'); // 15:00 stays
    expect(nextBusinessTime(t('2026-03-20T17:00:00Z'), s).toISOString()).toBe('2026-03-21T06:00:00.000Z'); // 20:00 → next morning
    expect(nextProactiveSlot(emptyPacingState(), t('2026-03-20T19:30:00Z'), s)).toEqual({ at: t('2026-03-21T06:00:00Z'), reason: 'hours' });
  });

  it('waits a random gap between messages, within the set bounds', () => {
    const now = t('2026-03-20T09:00:00Z');
    for (const r of [0, 0.5, 0.999]) {
      const st = recordSent(emptyPacingState(), now, s, () => r);
      const next = nextProactiveSlot(st, now, s);
      const gap = (next.at.getTime() - now.getTime()) / 1000;
      expect(gap).toBeGreaterThanOrEqual(10);
      expect(gap).toBeLessThanOrEqual(30);
      expect(next.reason).toBe('gap');
    }
  });

  it('ramps a new number up slowly, then holds the daily cap', () => {
    const st = { ...emptyPacingState(), firstSendDay: '2026-03-01' };
    expect(dailyCapOn('2026-03-01', st, s)).toBe(20);
    expect(dailyCapOn('2026-03-06', st, s)).toBe(60);
    expect(dailyCapOn('2026-03-11', st, s)).toBe(100);
    expect(dailyCapOn('2026-04-30', st, s)).toBe(100);
    expect(dailyCapOn('2026-03-01', emptyPacingState(), s)).toBe(20);
  });

  it('moves to the next morning when the day\'s cap is reached', () => {
    let st: PacingState = { ...emptyPacingState(), firstSendDay: '2026-01-01' };
    const now = t('2026-03-20T09:00:00Z');
    for (let i = 0; i < 100; i++) st = recordSent(st, now, s, () => 0);
    expect(st.sentToday).toBe(100);
    expect(nextProactiveSlot(st, now, s)).toEqual({ at: t('2026-03-21T06:00:00Z'), reason: 'cap' });
  });

  it('pauses after rate-overlimit, longer when it repeats', () => {
    const now = t('2026-03-20T09:00:00Z');
    const once = recordOverlimit(emptyPacingState(), now, s);
    expect(nextProactiveSlot(once, now, s)).toEqual({ at: t('2026-03-20T09:15:00Z'), reason: 'paused' });
    const twice = recordOverlimit(once, t('2026-03-20T09:15:00Z'), s);
    expect(twice.pausedUntil).toBe('2026-03-20T09:45:00.000Z');
    const thrice = recordOverlimit(twice, t('2026-03-20T09:45:00Z'), s);
    expect(thrice.pausedUntil).toBe('2026-03-20T10:45:00.000Z');
    // A pause running past closing time waits for the next morning.
    const late = recordOverlimit(emptyPacingState(), t('2026-03-20T16:55:00Z'), s);
    expect(nextProactiveSlot(late, t('2026-03-20T16:55:00Z'), s).at).toEqual(t('2026-03-21T06:00:00Z'));
  });
});
