/**
 * Turkish quantities: digits with decimal comma or point, number words with or
 * without spaces ("yirmi beş", "yirmibeş", "ONBEŞ"), "buçuk" (+0.5), "yarım"
 * (0.5), "düzine" (×12) and distributive forms ("ikişer", "5'er").
 * Words are expected folded (see normalize.ts).
 */
import { tokenize, splitWord } from './normalize.ts';

const WORD_VALUES: Record<string, number> = {
  sifir: 0, bir: 1, iki: 2, uc: 3, dort: 4, bes: 5, alti: 6, yedi: 7, sekiz: 8, dokuz: 9,
  on: 10, yirmi: 20, otuz: 30, kirk: 40, elli: 50, altmis: 60, yetmis: 70, seksen: 80, doksan: 90,
  yuz: 100, bin: 1000, milyon: 1_000_000,
};
const PIECES = Object.keys(WORD_VALUES).sort((a, b) => b.length - a.length);
const DISTRIBUTIVE = ['ser', 'sar', 'er', 'ar'];

const splitCache = new Map<string, string[] | null>();

/** "yirmibes" → ["yirmi","bes"]; null when the word is not made only of number words. */
export function splitNumberWord(word: string): string[] | null {
  let parts = splitCache.get(word);
  if (parts !== undefined) return parts;
  parts = decompose(word, 0);
  // "ikişer", "beşer", "onar": the distributive ending
  for (const end of DISTRIBUTIVE) if (!parts && word.length > end.length && word.endsWith(end)) parts = decompose(word.slice(0, -end.length), 0);
  if (splitCache.size > 10_000) splitCache.clear();
  splitCache.set(word, parts);
  return parts;
}

function decompose(word: string, at: number): string[] | null {
  if (at === word.length) return at === 0 ? null : [];
  for (const p of PIECES) {
    if (word.startsWith(p, at)) {
      const rest = decompose(word, at + p.length);
      if (rest) return [p, ...rest];
    }
  }
  return null;
}

/** Accumulates number words in a valid order; refuses "iki üç" or "beş on". */
class WordNumber {
  total = 0;
  hundreds = 0;
  tens = 0;
  units = 0;
  parts = 0;
  zero = false;
  lastScale = Infinity;

  get group() {
    return this.hundreds + this.tens + this.units;
  }
  get value() {
    return this.total + this.group;
  }

  accept(part: string): boolean {
    const v = WORD_VALUES[part];
    if (v === undefined || this.zero) return false;
    if (v === 0) {
      if (this.parts) return false;
      this.zero = true;
    } else if (v < 10) {
      if (this.units) return false;
      this.units = v;
    } else if (v < 100) {
      if (this.tens || this.units) return false;
      this.tens = v;
    } else if (v === 100) {
      if (this.hundreds || this.tens) return false;
      this.hundreds = (this.units || 1) * 100;
      this.units = 0;
    } else {
      if (v >= this.lastScale) return false;
      this.lastScale = v;
      this.total += (this.group || 1) * v;
      this.hundreds = this.tens = this.units = 0;
    }
    this.parts++;
    return true;
  }

  tryWord(parts: string[]): boolean {
    const saved = { ...this };
    for (const p of parts) {
      if (!this.accept(p)) {
        Object.assign(this, saved);
        return false;
      }
    }
    return true;
  }
}

export interface NumberAt {
  value: number;
  /** index after the number */
  next: number;
  /** "düzine" was used: the count is in pieces */
  dozen: boolean;
  /** written with words rather than digits */
  words: boolean;
}

const DIGITS = /^\d+(?:\.\d+)?$/;

/**
 * Reads a number starting at words[i]. "yarım" alone is 0.5; the caller decides
 * whether it is a quantity ("yarım kasa") or part of a name ("yarım yağlı").
 */
export function parseNumberAt(words: readonly string[], i: number): NumberAt | null {
  let j = i;
  let value: number | null = null;
  let byWords = false;
  const w = words[j];
  if (w === undefined) return null;
  if (DIGITS.test(w)) {
    value = parseFloat(w);
    j++;
  } else {
    const acc = new WordNumber();
    while (j < words.length) {
      const parts = splitNumberWord(words[j]);
      if (!parts || !acc.tryWord(parts)) break;
      j++;
    }
    if (acc.parts) {
      value = acc.value;
      byWords = true;
    }
  }
  if (value === null) {
    if (w === 'yarim' || w === 'ceyrek') {
      value = w === 'yarim' ? 0.5 : 0.25;
      byWords = true;
      j++;
    } else if (w === 'duzine') {
      return { value: 12, next: j + 1, dozen: true, words: true };
    } else return null;
  } else if (words[j] === 'bucuk' && Number.isInteger(value)) {
    value += 0.5;
    j++;
  }
  let dozen = false;
  if (words[j] === 'duzine') {
    value *= 12;
    dozen = true;
    j++;
  }
  return { value, next: j, dozen, words: byWords };
}

/** Whole-text helper: "yirmi beş" → 25, "2,5" → 2.5, "bir buçuk" → 1.5, "iki düzine" → 24; null otherwise. */
export function parseQuantity(text: string): number | null {
  const ws: string[] = [];
  for (const t of tokenize(text)) if (!t.sep) for (const l of splitWord(t)) ws.push(l.text);
  const n = parseNumberAt(ws, 0);
  return n && n.next === ws.length ? n.value : null;
}
