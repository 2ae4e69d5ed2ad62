/**
 * Typo tolerance: words indexed by character trigrams (as pg_trgm pads them),
 * candidates checked with an edit distance that counts a swapped pair as one.
 */

export function trigrams(s: string): string[] {
  const p = `  ${s} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= p.length; i++) out.add(p.slice(i, i + 3));
  return [...out];
}

/** Damerau-Levenshtein (optimal string alignment) distance, giving up above max. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j];
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** Words with a trigram index, for typo-tolerant lookup; each word stands for a catalog term. */
export class Vocabulary {
  private words: string[] = [];
  private termOf: number[] = [];
  private ids = new Map<string, number>();
  private grams = new Map<string, number[]>();
  private gramCount: number[] = [];

  add(word: string, term: number) {
    if (this.ids.has(word) || /\d/.test(word)) return;
    const id = this.words.length;
    this.ids.set(word, id);
    this.words.push(word);
    this.termOf.push(term);
    const gs = trigrams(word);
    this.gramCount.push(gs.length);
    for (const g of gs) {
      let list = this.grams.get(g);
      if (!list) this.grams.set(g, (list = []));
      list.push(id);
    }
  }

  /** Terms whose word is close to `s`, with a quality: one edit 0.9, two in a long word 0.8, a prefix 0.8, many shared trigrams 0.7. */
  near(s: string, found: Map<number, number>, shortestForOneEdit: number) {
    const gs = trigrams(s);
    const shared = new Map<number, number>();
    for (const g of gs) for (const id of this.grams.get(g) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    for (const [id, c] of shared) {
      const j = c / (gs.length + this.gramCount[id] - c);
      // a swapped pair in a short word leaves few trigrams in common: edit distance decides
      if (j < 0.2) continue;
      const t = this.words[id];
      if (s.length > t.length + 2) continue;
      const shortest = Math.min(t.length, s.length);
      const d = editDistance(s, t, 2);
      let q = 0;
      if (d <= 1 && shortest >= shortestForOneEdit) q = 0.9;
      else if (d <= 2 && shortest >= 7) q = 0.8;
      else if (j < 0.3) q = 0;
      else if (t.startsWith(s)) q = 0.8;
      else if (j >= 0.5 && shortest / Math.max(t.length, s.length) >= 0.7) q = 0.7;
      const term = this.termOf[id];
      if (q > (found.get(term) ?? 0)) found.set(term, q);
    }
  }
}

