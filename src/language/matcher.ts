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
import { sizeFit, sizesIn, type Size } from './sizes.ts';
import { stem } from './suffixes.ts';
import { canonicalUnit, unitWord } from './units.ts';
import { Vocabulary } from './fuzzy.ts';


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
  /** bit i set when query word i matched a catalog word exactly, not through a typo */
  exact: number;
}

export interface Resolution {
  sku: string | null;
  candidates: string[];
  /** some word of the query is a catalog word as written, not only close to one */
  exact?: boolean;
}

export const MAX_CANDIDATES = 6;
const EPSILON = 0.02;
const MIN_COVER = 0.5;
const EXACT_BONUS = 0.15;
const SIZE_MATCH = 0.3;
const SIZE_CLASH = -0.6;
const UNIT_CLASH = -0.2;
const MAX_WORDS = 16;
const CATEGORY = '#';
const CATEGORY_QUALITY = 0.75;

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
};
for (const [k, vs] of Object.entries(SYNONYMS)) for (const v of vs) (SYNONYMS[v] ??= []).includes(k) || SYNONYMS[v].push(k);

const NUM = /^\d+(?:\.\d+)?$/;

interface WordMatch {
  terms: number[];
  quals: number[];
  weight: number;
}

/** Splits a catalog name/alias into content words (numbers, sizes and "x" dropped) and its sizes. */
function contentWords(ws: string[]): string[][] {
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

const better = (score: number, idx: number, than: Scored) => score > than.score || (score === than.score && idx < than.idx);

export class ProductIndex {
  readonly products: CatalogProduct[];
  private terms: string[] = [];
  private termIds = new Map<string, number>();
  private postings: number[][] = [];
  private idf: number[] = [];
  private stemVocabulary = new Vocabulary();
  private wordVocabulary = new Vocabulary();
  private phrases = new Map<string, number[]>();
  private sizes: Size[][] = [];
  private forms: Int32Array;
  private unitBits = new Map<string, number>();
  private fitCache = new Map<string, Int8Array>();
  private wordCache = new Map<string, WordMatch>();
  private acc: Float64Array;
  private best: Float64Array;
  private masks: Int32Array;
  private exactMasks: Int32Array;
  private seen: Uint8Array;
  private exactMark: Uint8Array;
  private bonuses: Float64Array;
  /** each product's term ids, sorted */
  private termsOf: Int32Array[] = [];
  private tmp: Float64Array;
  private unknownWeight: number;

  constructor(products: CatalogProduct[]) {
    this.products = products;
    const n = products.length;
    this.acc = new Float64Array(n);
    this.best = new Float64Array(n);
    this.masks = new Int32Array(n);
    this.exactMasks = new Int32Array(n);
    this.seen = new Uint8Array(n);
    this.exactMark = new Uint8Array(n);
    this.bonuses = new Float64Array(n);
    this.tmp = new Float64Array(n);
    this.forms = new Int32Array(n);
    products.forEach((p, idx) => this.add(p, idx));
    this.idf = this.postings.map((ps) => Math.log(1 + n / ps.length));
    const own: number[][] = products.map(() => []);
    this.postings.forEach((ps, id) => {
      for (const p of ps) own[p].push(id);
    });
    this.termsOf = own.map((ids) => Int32Array.from(ids));
    this.unknownWeight = 0.35 * Math.log(1 + Math.max(n, 1));
    this.terms.forEach((t, id) => {
      if (!t.startsWith(CATEGORY)) this.stemVocabulary.add(t, id);
    });
  }

  private addTerm(term: string, idx: number): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.terms.push(term);
      this.termIds.set(term, id);
      this.postings.push([]);
    }
    const list = this.postings[id];
    if (list[list.length - 1] !== idx) list.push(idx);
    return id;
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
    if (multi && Number(multi[1]) > 1) for (const u of ['koli', 'paket', 'kasa']) forms.add(u);
    if (unit === 'koli') forms.add('paket');
    const fieldWords = [p.name, ...p.aliases].map(words);
    // the category names a kind of product the name may not say ("Makarna" for "Arbella Erişte")
    for (const w of words(p.category)) if (w.length > 2 && !NUM.test(w)) this.addTerm(CATEGORY + stem(w), idx);
    this.sizes[idx] = sizesIn([...fieldWords[0], ...words(p.pack)]);
    for (const s of this.sizes[idx]) if (s.dim === 'mass') forms.add('kg');
    else if (s.dim === 'vol') forms.add('lt');

    fieldWords.forEach((ws, f) => {
      // "7 oz", "8 çeşit": a number that belongs to the name, kept as one word
      for (let i = 0; i + 1 < ws.length; i++) {
        if (NUM.test(ws[i]) && /^[a-z]{2,}$/.test(ws[i + 1]) && !unitWord(ws[i + 1]) && !/^(li|lu|lik|luk)$/.test(ws[i + 1])) this.addTerm(ws[i] + ws[i + 1], idx);
      }
      const runs = contentWords(ws);
      const all: string[] = [];
      for (const run of runs) {
        run.forEach((w, i) => {
          this.wordVocabulary.add(w, this.addTerm(stem(w), idx));
          if (i + 1 < run.length) this.addTerm(stem(w + run[i + 1]), idx);
          const u = unitWord(w);
          if (u?.kind === 'pack' && u.unit) forms.add(u.unit);
          all.push(w);
        });
      }
      if (f > 0) {
        // an alias with a size in it ("5 lt su") is not the bare word
        if (all.length && !ws.some((w) => NUM.test(w))) this.addPhrase(all.map(stem).join(' '), idx);
        return;
      }
      // the name and its tails, without packaging words at the end: "Domates Salçası 4.3 kg Teneke" → "salca";
      // also the tails of each stretch between sizes: "Komili Ayçiçek Yağı 5LT Pet" → "aycicek yag"
      for (const seq of [all, ...runs]) {
        let end = seq.length;
        while (end > 0 && unitWord(seq[end - 1])?.kind === 'pack') end--;
        const keys = seq.slice(0, end).map(stem);
        for (let i = 0; i < keys.length; i++) this.addPhrase(keys.slice(i).join(' '), idx);
      }
    });
    for (const u of forms) {
      let bit = this.unitBits.get(u);
      if (bit === undefined) this.unitBits.set(u, (bit = 1 << Math.min(30, this.unitBits.size)));
      this.forms[idx] |= bit;
    }
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
    if (!m.terms.length && word.length >= 4) this.fuzzy(word, s, m);
    if (m.terms.length) m.weight = Math.max(...m.terms.map((t) => this.idf[t]));
    const category = this.termIds.get(CATEGORY + s);
    if (category !== undefined) {
      if (!m.terms.length) m.weight = this.idf[category];
      m.terms.push(category);
      m.quals.push(CATEGORY_QUALITY);
    }
    if (this.wordCache.size > 20_000) this.wordCache.clear();
    this.wordCache.set(word, m);
    return m;
  }

  /** Typos: near the catalog's matching keys, and near its words as written ("ekmelkik" → "ekmeklik"). */
  private fuzzy(word: string, s: string, m: WordMatch) {
    const found = new Map<number, number>();
    // matching keys are short and alike ("para", "pard" for "parti"): one edit there needs five letters
    this.stemVocabulary.near(s, found, 5);
    this.wordVocabulary.near(word, found, 4);
    const best = [...found].sort((a, b) => b[1] - a[1]).slice(0, 5);
    for (const [term, q] of best) {
      m.terms.push(term);
      m.quals.push(q);
    }
  }

  private productHas(p: number, term: number): boolean {
    const ids = this.termsOf[p];
    let lo = 0;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ids[mid] === term) return true;
      if (ids[mid] < term) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** sizeFit of every product for one size, computed once per product and kept for sizes seen again */
  private fitsOf(size: Size): Int8Array {
    const key = `${size.dim}:${size.value}`;
    let fits = this.fitCache.get(key);
    if (!fits) {
      if (this.fitCache.size >= 64) this.fitCache.clear();
      this.fitCache.set(key, (fits = new Int8Array(this.products.length).fill(2)));
    }
    return fits;
  }

  /** Whether a word is a joined pair of catalog words ("bir"+"arada"), so not a number. */
  hasTerm(word: string): boolean {
    return this.termIds.has(stem(word));
  }

  /** Whether the catalog has this word or one close to it. */
  knows(word: string): boolean {
    return this.wordMatches(word).terms.length > 0;
  }

  // Per-query state of score(), kept on the instance so the hot path allocates little.
  private touched: number[] = [];
  private local: number[] = [];
  private qSizes: Size[] = [];
  private qFits: Int8Array[] = [];
  private qUnitBit = -1;

  private bonus(p: number): number {
    let b = 0;
    for (let k = 0; k < this.qSizes.length; k++) {
      let fit = this.qFits[k][p];
      if (fit === 2) this.qFits[k][p] = fit = sizeFit(this.qSizes[k], this.sizes[p]);
      b += fit > 0 ? SIZE_MATCH : fit < 0 ? SIZE_CLASH : 0;
    }
    if (this.qUnitBit >= 0 && !(this.forms[p] & this.qUnitBit)) b += UNIT_CLASH;
    return this.exactMark[p] ? b + EXACT_BONUS : b;
  }

  /** The best quality of one word per product into `best`, the products into `local`. */
  private gather(terms: number[], quals: number[], onlySeen: boolean) {
    const { best, seen, local, touched } = this;
    local.length = 0;
    for (let k = 0; k < terms.length; k++) {
      const qual = quals[k];
      const list = this.postings[terms[k]];
      if (onlySeen && list.length > 4 * touched.length) {
        // a common word: ask the few candidates rather than walk its long list
        for (const p of touched) {
          if (!this.productHas(p, terms[k])) continue;
          if (best[p] === 0) local.push(p);
          if (best[p] < qual) best[p] = qual;
        }
        continue;
      }
      for (const p of list) {
        if (onlySeen && !seen[p]) continue;
        if (best[p] === 0) local.push(p);
        if (best[p] < qual) best[p] = qual;
      }
    }
  }

  private addWord(terms: number[], quals: number[], weight: number, bit: number, addNew: boolean) {
    this.gather(terms, quals, !addNew);
    const { acc, best, masks, exactMasks, seen, bonuses, touched } = this;
    for (const p of this.local) {
      acc[p] += weight * best[p];
      masks[p] |= bit;
      if (best[p] === 1) exactMasks[p] |= bit;
      best[p] = 0;
      if (!seen[p]) {
        seen[p] = 1;
        touched.push(p);
        bonuses[p] = this.bonus(p);
      }
    }
  }

  /** The best final score among the candidates so far, counting the words not walked yet. */
  private bestSoFar(lists: WordMatch[], rest: number[], total: number): number {
    const { tmp, best, acc, bonuses } = this;
    for (const i of rest) {
      this.gather(lists[i].terms, lists[i].quals, true);
      for (const p of this.local) {
        tmp[p] += lists[i].weight * best[p];
        best[p] = 0;
      }
    }
    let b = -Infinity;
    for (const p of this.touched) {
      b = Math.max(b, (acc[p] + tmp[p]) / total + bonuses[p]);
      tmp[p] = 0;
    }
    return b;
  }

  /**
   * The best `limit` products that share something with the query, best first.
   * With `prune`, products that cannot come within EPSILON of the best are skipped
   * early: right for the best and its ties, not for a long ranking.
   */
  score(q: Query, limit = 16, minCover = MIN_COVER, prune = true): Scored[] {
    const ws = q.words.slice(0, MAX_WORDS);
    if (!ws.length) return [];
    const lists: WordMatch[] = ws.map((w) => {
      const m = this.wordMatches(w);
      return { terms: [...m.terms], quals: [...m.quals], weight: m.weight };
    });
    for (let i = 0; i + 1 < ws.length; i++) {
      const id = this.termIds.get(stem(ws[i] + ws[i + 1]));
      if (id === undefined) continue;
      for (const l of [lists[i], lists[i + 1]]) {
        l.terms.push(id);
        l.quals.push(1);
        // a word known only through the pair weighs what the pair weighs; a known word keeps its own weight
        if (l.terms.length === 1) l.weight = this.idf[id];
      }
    }
    let total = 0;
    for (const l of lists) total += l.weight;
    // the phrase as the catalog spells it: typos replaced by the word they stand for
    const key = ws.map((w, i) => (lists[i].terms.length && lists[i].quals[0] < 1 ? this.terms[lists[i].terms[0]] : stem(w)));
    const exact = this.phrases.get(key.join(' ')) ?? [];
    for (const p of exact) this.exactMark[p] = 1;
    this.qSizes = q.sizes;
    this.qFits = q.sizes.map((s) => this.fitsOf(s));
    this.qUnitBit = q.unit ? (this.unitBits.get(q.unit) ?? 0) : -1;
    this.touched.length = 0;
    const optional = (q.optional ?? []).map((w) => this.wordMatches(w)).filter((m) => m.quals[0] === 1);
    let bonusMax = q.sizes.length * SIZE_MATCH + EXACT_BONUS;
    for (const m of optional) bonusMax += (0.5 * m.weight) / total;

    // Rare words first. A product first met at a later word can only gain the weight of the
    // words left: once that cannot reach minCover, or cannot come within EPSILON of the best
    // candidate so far, common words ("gold", "peynir") only score the candidates found.
    const order = lists.map((_, i) => i).sort((a, b) => lists[b].weight - lists[a].weight);
    let remaining = total;
    let walking = true;
    for (let k = 0; k < order.length; k++) {
      const l = lists[order[k]];
      if (walking && k > 0) {
        walking = remaining >= minCover * total - 1e-9 && (!prune || remaining / total + bonusMax >= this.bestSoFar(lists, order.slice(k), total) - EPSILON);
      }
      this.addWord(l.terms, l.quals, l.weight, 1 << order[k], walking);
      remaining -= l.weight;
    }
    for (const m of optional) this.addWord(m.terms.slice(0, 1), [1], 0.5 * m.weight, 0, false);

    const { acc, masks, seen, bonuses } = this;
    const top: Scored[] = [];
    for (const p of this.touched) {
      const score = acc[p] / total + bonuses[p];
      if (masks[p] && (top.length < limit || better(score, p, top[top.length - 1]))) {
        let at = top.length;
        while (at > 0 && better(score, p, top[at - 1])) at--;
        top.splice(at, 0, { idx: p, score, cover: Math.min(1, acc[p] / total), mask: masks[p], exact: this.exactMasks[p] });
        if (top.length > limit) top.pop();
      }
      acc[p] = 0;
      masks[p] = 0;
      this.exactMasks[p] = 0;
      seen[p] = 0;
    }
    for (const p of exact) this.exactMark[p] = 0;
    this.touched.length = 0;
    return top;
  }

  /** The product, or the equally good candidates, or nothing. */
  resolve(q: Query): Resolution {
    const ranked = this.score(q);
    const top = ranked[0];
    if (!top || top.cover < MIN_COVER) return { sku: null, candidates: [] };
    const tied = ranked.filter((r) => r.score >= top.score - EPSILON && r.cover >= MIN_COVER);
    // a lone best that a size or unit speaks against is still a question, not an answer
    const exact = tied.some((r) => r.exact !== 0);
    if (tied.length === 1 && top.score >= MIN_COVER) return { sku: this.products[top.idx].sku, candidates: [], exact };
    return { sku: null, candidates: tied.slice(0, MAX_CANDIDATES).map((r) => this.products[r.idx].sku), exact };
  }

  /**
   * Does one product explain words from both sides? Decides whether
   * "ayçiçek yağı 5 lt yudum" is one product with a size, or two lines.
   */
  joins(left: string[], right: string[], sizes: Size[]): boolean {
    if (!left.length || !right.length || left.length + right.length > MAX_WORDS) return false;
    const top = this.score({ words: [...left, ...right], sizes, unit: null }, 1, 0.75)[0];
    if (!top || top.cover < 0.75) return false;
    const leftBits = (1 << left.length) - 1;
    return (top.mask & leftBits) !== 0 && (top.mask & ~leftBits) !== 0;
  }
}
