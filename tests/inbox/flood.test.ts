import { describe, expect, it } from 'vitest';
import { createFloodGate } from '../../src/inbox/flood.ts';

describe('flood gate', () => {
  const t0 = Date.parse('2026-11-24T06:00:00Z');
  it('lets the limit through, answers once when it is passed, drops the rest of the window', () => {
    const gate = createFloodGate({ max: 3, windowMs: 60_000 });
    const v = Array.from({ length: 10 }, (_, i) => gate.check('a', new Date(t0 + i * 100)));
    expect(v).toEqual(['ok', 'ok', 'ok', 'notify', 'drop', 'drop', 'drop', 'drop', 'drop', 'drop']);
    // Another sender is not affected.
    expect(gate.check('b', new Date(t0 + 1000))).toBe('ok');
  });
  it('opens again once the window has passed, and tells again only in a new window', () => {
    const gate = createFloodGate({ max: 2, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) gate.check('a', new Date(t0 + i));
    expect(gate.check('a', new Date(t0 + 61_000))).toBe('ok');
    expect(gate.check('a', new Date(t0 + 61_001))).toBe('ok');
    expect(gate.check('a', new Date(t0 + 61_002))).toBe('notify');
  });
  it('keeps memory bounded for many senders', () => {
    const gate = createFloodGate({ max: 5, windowMs: 1000, maxSenders: 100 });
    for (let i = 0; i < 10_000; i++) gate.check(`s${i}`, new Date(t0 + i * 20));
    expect(gate.size()).toBeLessThanOrEqual(101);
  });
});
