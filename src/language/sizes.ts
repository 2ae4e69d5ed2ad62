/**
 * Sizes choose among variants: "5 lt", "1,5 luk", "830 gr", "32'li",
 * "yarımlık" (0.5 L), "damacana" (19 L). A size is kept in a base unit
 * (ml, g, pieces, cm) and also as written, for "-lik" sizes with no unit.
 */
import { words } from './normalize.ts';
import { unitWord, type Dim } from './units.ts';

export interface Size {
  dim: Dim;
  /** in ml, g, pieces or cm; for dim "any" the number as written */
  value: number;
  /** the number as written next to its unit (5 for "5 L", 0.5 for "500 ml" is 500) */
  shown: number;
}

/** Words that are a size by themselves. */
const SIZE_WORDS: Record<string, Size> = {
  yarimlik: { dim: 'vol', value: 500, shown: 0.5 },
  damacana: { dim: 'vol', value: 19000, shown: 19 },
};

export function sizeWord(word: string): Size | undefined {
  return SIZE_WORDS[word];
}

/** "li"/"lu" after a number is a count ("32'li"); "lik"/"luk" a size of unknown unit ("1,5 luk"). */
export function sizeSuffix(value: number, suffix: string | undefined): Size | null {
  if (suffix === 'li' || suffix === 'lu') return { dim: 'count', value, shown: value };
  if (suffix === 'lik' || suffix === 'luk') return { dim: 'any', value, shown: value };
  return null;
}

export function measureSize(value: number, word: string): Size | null {
  const u = unitWord(word);
  if (!u || u.kind !== 'measure' || !u.dim || !u.factor) return null;
  return { dim: u.dim, value: value * u.factor, shown: value };
}

const NUM = /^\d+(?:\.\d+)?$/;

/** Sizes written in a catalog name or pack ("Yudum Ayçiçek Yağı 5 L", "12 x 100'lü"). */
export function catalogSizes(text: string): Size[] {
  return sizesIn(words(text));
}

/** Sizes in folded, split words (see words()). */
export function sizesIn(ws: readonly string[]): Size[] {
  const out: Size[] = [];
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i];
    const fixed = SIZE_WORDS[w];
    if (fixed) out.push(fixed);
    if (!NUM.test(w) || ws[i + 1] === 'x') continue;
    const v = parseFloat(w);
    const s = measureSize(v, ws[i + 1]) ?? sizeSuffix(v, ws[i + 1]);
    if (s) out.push(s);
  }
  return out;
}

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

/** 1 when the product has this size, -1 when it has another size of the same kind, 0 when it says nothing. */
export function sizeFit(q: Size, sizes: readonly Size[]): 1 | 0 | -1 {
  let relevant = false;
  for (const s of sizes) {
    if (q.dim === 'any') {
      if (s.dim !== 'vol' && s.dim !== 'mass') continue;
      relevant = true;
      if (near(s.shown, q.value) || near(s.value, q.value)) return 1;
    } else if (s.dim === q.dim) {
      relevant = true;
      if (near(s.value, q.value)) return 1;
    }
  }
  return relevant ? -1 : 0;
}
