/**
 * Product matching: an in-memory inverted index over the matching keys of
 * catalog names and aliases (suffixes.ts), with character trigrams over the
 * vocabulary for typos. A product's score is the share of the query it
 * explains (words weighted by rarity), plus sizes that fit or clash, plus a
 * bonus when the query is exactly an alias, the name, or the name's tail
 * ("salça" for "Tat Biber Salçası"). Products within EPSILON of the best are
 * all candidates: the conversation asks, the matcher never guesses.
 */
import type { CatalogProduct } from './catalog.ts';
import { words } from './normalize.ts';
import { parseNumberAt } from './numbers.ts';
import { catalogSizes, sizeFit, type Size } from './sizes.ts';
import { stem } from './suffixes.ts';
import { canonicalUnit, unitWord } from './units.ts';

export interface Query {
  /** folded content words, in order */
  words: string[];
  /** folded words that may help a product but count against none (a unit word, a filler word the catalog uses) */
  optional?: string[];
  sizes: Size[];
  /** the unit the customer wrote, canonical */
  unit: string | null;
}

export interface Scored {
  idx: number;
  score: number;
  /** weighted share of the query words this product explains, 0..1 */
  cover: number;
  /** bit i set when query word i matched */
  mask: number;
}

export interface Resolution {
  sku: string | null;
  candidates: string[];
}

export const MAX_CANDIDATES = 6;
const EPSILON = 0.02;
const MIN_COVER = 0.5;
const EXACT_BONUS = 0.15;
const SIZE_MATCH = 0.3;
const SIZE_CLASH = -0.6;
const UNIT_CLASH = -0.2;
const MAX_WORDS = 16;

/** General Turkish shop-talk spellings of the same thing; both directions are looked up. */
const SYNONYMS: Record<string, string[]> = {
  kola: ['cola'],
  koka: ['coca'],
  kokakola: ['cocacola'],
  neskafe: ['nescafe'],
  kesme: ['kup'],
  ketcap: ['ketchup'],
  feyri: ['fairy'],
  fayri: ['fairy'],
  aryel: ['ariel'],
  nesle: ['nestle'],
  leys: ['lays'],
  spagetti: ['spaghetti'],
  sivi: ['sivi'],
};
for (const [k, vs] of Object.entries(SYNONYMS)) for (const v of vs) (SYNONYMS[v] ??= []).includes(k) || SYNONYMS[v].push(k);

const NUM = /^\d+(?:\.\d+)?$/;

interface WordMatch {
  terms: number[];
  quals: number[];
  weight: number;
}

/** Splits a catalog name/alias into content words (numbers, sizes and "x" dropped) and its sizes. */
function contentWords(text: string): string[][] {
  const ws = words(text);
  const runs: string[][] = [[]];
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i];
    const n = NUM.test(w) ? parseNumberAt(ws, i) : null;
    if (n || w === 'x') {
      if (n && (unitWord(ws[i + 1] ?? '')?.kind === 'measure' || /^(li|lu|lik|luk)$/.test(ws[i + 1] ?? ''))) i++;
      if (runs[runs.length - 1].length) runs.push([]);
      continue;
    }
    if (w.length < 2 && !/\d/.test(w)) continue;
    runs[runs.length - 1].push(w);
  }
  return runs.filter((r) => r.length);
}

function trigrams(s: string): string[] {
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

export class ProductIndex {
  readonly products: CatalogProduct[];
  private terms: string[] = [];
  private termIds = new Map<string, number>();
  private postings: number[][] = [];
  private idf: number[] = [];
  private grams = new Map<string, number[]>();
  private termGramCount: number[] = [];
  private phrases = new Map<string, number[]>();
  private sizes: Size[][] = [];
  private forms: Set<string>[] = [];
  private wordCache = new Map<string, WordMatch>();
  private acc: Float64Array;
  private best: Float64Array;
  private masks: Int32Array;
  private seen: Uint8Array;
  private unknownWeight: number;

  constructor(products: CatalogProduct[]) {
    this.products = products;
    const n = products.length;
    this.acc = new Float64Array(n);
    this.best = new Float64Array(n);
    this.masks = new Int32Array(n);
    this.seen = new Uint8Array(n);
    products.forEach((p, idx) => this.add(p, idx));
    this.idf = this.postings.map((ps) => Math.log(1 + n / ps.length));
    this.unknownWeight = 0.7 * Math.log(1 + Math.max(n, 1));
    this.terms.forEach((t, id) => {
      const gs = trigrams(t);
      this.termGramCount[id] = gs.length;
      for (const g of gs) {
        let list = this.grams.get(g);
        if (!list) this.grams.set(g, (list = []));
        list.push(id);
      }
    });
  }

  private addTerm(term: string, idx: number) {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.terms.push(term);
      this.termIds.set(term, id);
      this.postings.push([]);
    }
    const list = this.postings[id];
    if (list[list.length - 1] !== idx) list.push(idx);
  }

  private addPhrase(key: string, idx: number) {
    let list = this.phrases.get(key);
    if (!list) this.phrases.set(key, (list = []));
    if (list[list.length - 1] !== idx) list.push(idx);
  }

  private add(p: CatalogProduct, idx: number) {
    const forms = new Set<string>(['adet']);
    const unit = canonicalUnit(p.unit);
    if (unit) forms.add(unit);
    const multi = /^\s*(\d+)\s*[x×]/i.exec(p.pack);
    if (multi && Number(multi[1]) > 1) for (const u of ['koli', 'paket', 'kasa', 'kutu', 'şişe']) forms.add(u);
    if (unit === 'koli') forms.add('paket');
    this.sizes[idx] = catalogSizes(`${p.name} ${p.pack}`);
    for (const s of this.sizes[idx]) if (s.dim === 'mass') forms.add('kg');
    else if (s.dim === 'vol') forms.add('lt');

    const fields = [p.name, ...p.aliases];
    fields.forEach((field, f) => {
      const runs = contentWords(field);
      const all: string[] = [];
      for (const run of runs) {
        run.forEach((w, i) => {
          this.addTerm(stem(w), idx);
          if (i + 1 < run.length) this.addTerm(stem(w + run[i + 1]), idx);
          const u = unitWord(w);
          if (u?.kind === 'pack' && u.unit) forms.add(u.unit);
          all.push(w);
        });
      }
      const keys = all.filter((w) => unitWord(w)?.kind !== 'pack').map(stem);
      if (!keys.length) return;
      if (f > 0) this.addPhrase(keys.join(' '), idx);
      else for (let i = 0; i < keys.length; i++) this.addPhrase(keys.slice(i).join(' '), idx);
    });
    this.forms[idx] = forms;
  }

  /** Catalog terms a folded word can stand for, with a match quality 0..1. */
  private wordMatches(word: string): WordMatch {
    let m = this.wordCache.get(word);
    if (m) return m;
    m = { terms: [], quals: [], weight: this.unknownWeight };
    const s = stem(word);
    for (const alt of [s, ...(SYNONYMS[word] ?? []).map(stem)]) {
      const id = this.termIds.get(alt);
      if (id !== undefined && !m.terms.includes(id)) {
        m.terms.push(id);
        m.quals.push(1);
      }
    }
    if (!m.terms.length && s.length >= 4) this.fuzzy(s, m);
    if (m.terms.length) m.weight = Math.max(...m.terms.map((t) => this.idf[t]));
    if (this.wordCache.size > 20_000) this.wordCache.clear();
    this.wordCache.set(word, m);
    return m;
  }

  private fuzzy(s: string, m: WordMatch) {
    const gs = trigrams(s);
    const shared = new Map<number, number>();
    for (const g of gs) for (const id of this.grams.get(g) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    const found: { id: number; q: number; j: number }[] = [];
    for (const [id, c] of shared) {
      const j = c / (gs.length + this.termGramCount[id] - c);
      if (j < 0.3) continue;
      const t = this.terms[id];
      if (/\d/.test(t)) continue;
      const shortest = Math.min(t.length, s.length);
      const d = editDistance(s, t, 2);
      let q = 0;
      if (d <= 1 && shortest >= 4) q = 0.9;
      else if (d <= 2 && shortest >= 7) q = 0.8;
      else if (t.startsWith(s)) q = 0.8;
      else if (j >= 0.5) q = 0.7;
      if (q) found.push({ id, q, j });
    }
    found.sort((a, b) => b.q - a.q || b.j - a.j);
    for (const f of found.slice(0, 5)) {
      m.terms.push(f.id);
      m.quals.push(f.q);
    }
  }

  /** Whether a word is a joined pair of catalog words ("bir"+"arada"), so not a number. */
  hasTerm(word: string): boolean {
    return this.termIds.has(stem(word));
  }

  /** All products that share something with the query, best first. */
  score(q: Query): Scored[] {
    const ws = q.words.slice(0, MAX_WORDS);
    if (!ws.length) return [];
    const lists = ws.map((w) => {
      const m = this.wordMatches(w);
      return { terms: [...m.terms], quals: [...m.quals], weight: m.weight };
    });
    for (let i = 0; i + 1 < ws.length; i++) {
      const id = this.termIds.get(stem(ws[i] + ws[i + 1]));
      if (id === undefined) continue;
      for (const k of [i, i + 1]) {
        lists[k].terms.push(id);
        lists[k].quals.push(1);
        lists[k].weight = Math.max(lists[k].weight === this.unknownWeight ? 0 : lists[k].weight, this.idf[id]);
      }
    }
    const total = lists.reduce((a, l) => a + l.weight, 0);
    const touched: number[] = [];
    const { acc, best, masks, seen } = this;
    const apply = (terms: number[], quals: number[], weight: number, bit: number) => {
      const local: number[] = [];
      terms.forEach((t, k) => {
        const qual = quals[k];
        for (const p of this.postings[t]) {
          if (best[p] === 0) local.push(p);
          if (best[p] < qual) best[p] = qual;
        }
      });
      for (const p of local) {
        acc[p] += weight * best[p];
        masks[p] |= bit;
        best[p] = 0;
        if (!seen[p]) {
          seen[p] = 1;
          touched.push(p);
        }
      }
    };
    lists.forEach((l, i) => apply(l.terms, l.quals, l.weight, 1 << i));
    for (const w of q.optional ?? []) {
      const m = this.wordMatches(w);
      if (m.quals[0] === 1) apply(m.terms.slice(0, 1), [1], 0.5 * m.weight, 0);
    }

    const exact = this.phrases.get(ws.map(stem).join(' '));
    const out: Scored[] = [];
    for (const p of touched) {
      const cover = total > 0 ? Math.min(1, acc[p] / total) : 0;
      let score = acc[p] / (total || 1);
      for (const s of q.sizes) {
        const fit = sizeFit(s, this.sizes[p]);
        score += fit > 0 ? SIZE_MATCH : fit < 0 ? SIZE_CLASH : 0;
      }
      if (q.unit && !this.forms[p].has(q.unit)) score += UNIT_CLASH;
      if (exact?.includes(p)) score += EXACT_BONUS;
      if (masks[p]) out.push({ idx: p, score, cover, mask: masks[p] });
      acc[p] = 0;
      masks[p] = 0;
      seen[p] = 0;
    }
    out.sort((a, b) => b.score - a.score || b.cover - a.cover || a.idx - b.idx);
    return out;
  }

  /** The product, or the equally good candidates, or nothing. */
  resolve(q: Query): Resolution {
    const ranked = this.score(q);
    const top = ranked[0];
    if (!top || top.cover < MIN_COVER) return { sku: null, candidates: [] };
    const tied = ranked.filter((r) => r.score >= top.score - EPSILON && r.cover >= MIN_COVER);
    if (tied.length === 1) return { sku: this.products[top.idx].sku, candidates: [] };
    return { sku: null, candidates: tied.slice(0, MAX_CANDIDATES).map((r) => this.products[r.idx].sku) };
  }

  /**
   * Does one product explain words from both sides? Decides whether
   * "ayçiçek yağı 5 lt yudum" is one product with a size, or two lines.
   */
  joins(left: string[], right: string[], sizes: Size[]): boolean {
    if (!left.length || !right.length || left.length + right.length > MAX_WORDS) return false;
    const top = this.score({ words: [...left, ...right], sizes, unit: null })[0];
    if (!top || top.cover < 0.75) return false;
    const leftBits = (1 << left.length) - 1;
    return (top.mask & leftBits) !== 0 && (top.mask & ~leftBits) !== 0;
  }
}
