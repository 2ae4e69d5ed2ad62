import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createParser } from '../../src/language/index.ts';
import { fold } from '../../src/language/normalize.ts';
import { parseQuantity } from '../../src/language/numbers.ts';
import { fixtureCatalog } from './devset.ts';

const parser = createParser(fixtureCatalog());
const INTENTS = ['order', 'stock', 'price', 'status', 'complaint', 'optout', 'human', 'greeting', 'other'];

// Turkish-looking text: shop words, numbers, units, punctuation, emoji and odd code points.
const pieces = ['koli', 'KOLİ', 'yağ', 'yudum', '5 lt', '2,5', 'x5', "32'li", 'bir buçuk', 'yirmibeş', 'var mı', 'kaç lira', 'DUR', '\n', ',', ' ve ', '+', '👍', '\u200b', 'İ', 'ı', '\u0307', '’', '.', '5lt', 'düzine', 'yarım'];
const turkishish = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ unit: 'grapheme', maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 60 }).map((xs) => xs.join(' '));

function checkShape(text: string) {
  const r = parser.parse(text);
  expect(INTENTS).toContain(r.intent);
  for (const l of r.lines) {
    expect(l.quantity === null || Number.isFinite(l.quantity)).toBe(true);
    expect(l.sku === null || typeof l.sku === 'string').toBe(true);
    if (l.candidates) expect(l.candidates.length).toBeLessThanOrEqual(6);
    expect(typeof l.text).toBe('string');
  }
}

describe('parse never throws', () => {
  it('on any Unicode string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), checkShape), { numRuns: 500 });
  });
  it('on Turkish-looking order text', () => {
    fc.assert(fc.property(turkishish, checkShape), { numRuns: 500 });
  });
  it('fold and parseQuantity never throw either', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
      expect(typeof fold(s)).toBe('string');
      const q = parseQuantity(s);
      expect(q === null || Number.isFinite(q)).toBe(true);
    }), { numRuns: 500 });
  });
});

describe('parse stays fast on inputs up to 64 KB', () => {
  const KB64 = 64 * 1024;
  const timed = (text: string) => {
    const t = performance.now();
    checkShape(text);
    return performance.now() - t;
  };
  it('random Unicode of 64 KB', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', minLength: KB64 / 2, maxLength: KB64 / 2 }), (s) => {
      expect(timed(s.slice(0, KB64))).toBeLessThan(1500);
    }), { numRuns: 5 });
  });
  it('64 KB of order lines, of number words, of one long word, of separators', () => {
    const repeat = (s: string) => s.repeat(Math.ceil(KB64 / s.length)).slice(0, KB64);
    for (const text of [repeat('5 koli yudum 5 lt\n'), repeat('yirmi beş '), repeat('a'), repeat(',\n+'), repeat('👍'), repeat('ayçiçek yağı 5 lt yudum '), repeat('1 '), repeat('merhaba abi ')]) {
      expect(timed(text)).toBeLessThan(1500);
    }
  });
});
