/**
 * Turkish message understanding: intent, order lines, products. Build one
 * parser per catalog (the index is precomputed) and reuse it.
 */
import type { CatalogProduct } from './catalog.ts';
import { signals, type Intent } from './intents.ts';
import { ProductIndex, type Query, type Resolution } from './matcher.ts';
import { segment, type RawLine, type SegmentHooks } from './segment.ts';
import { catalogSizes, sizeFit, type Size } from './sizes.ts';
import { fold, tokenize } from './normalize.ts';
import { canonicalUnit } from './units.ts';

export { fold, tokenize } from './normalize.ts';
export { parseQuantity, parseNumberAt, splitNumberWord } from './numbers.ts';
export { unitWord, canonicalUnit } from './units.ts';
export { catalogSizes, sizeFit } from './sizes.ts';
export { stem } from './suffixes.ts';
export { readCatalogCsv, type CatalogProduct } from './catalog.ts';
export { ProductIndex, type Query, type Resolution } from './matcher.ts';
export type { Intent } from './intents.ts';

export interface ParsedLine {
  sku: string | null;
  quantity: number | null;
  unit: string | null;
  candidates?: string[];
  /** the original fragment, for display */
  text: string;
}

export interface ParsedMessage {
  intent: Intent;
  lines: ParsedLine[];
}

export interface ParseOptions {
  /**
   * phrase → sku, learned from staff corrections; wins over everything. Keys are
   * folded here; a key matches a line's product words (quantity, unit, size and
   * polite words left out) or the line's whole fragment.
   */
  customerAliases?: Map<string, string>;
}

export interface Parser {
  parse(text: string, opts?: ParseOptions): ParsedMessage;
  /** Ranked products for a free-text query ("bulamadım, bunlardan biri mi?"). */
  matchProducts(query: string, limit?: number): { sku: string; score: number }[];
}

/** What the parser needs from a product matcher; the bench plugs a Fuse.js one in to compare. */
export interface PhraseMatcher extends SegmentHooks {
  resolve(q: Query): Resolution;
  rank(q: Query, limit: number): { sku: string; score: number }[];
}

export function createIndexMatcher(products: CatalogProduct[]): PhraseMatcher {
  const index = new ProductIndex(products);
  return {
    hasTerm: (w) => index.hasTerm(w),
    knows: (w) => index.knows(w),
    joins: (a, b, s) => index.joins(a, b, s),
    resolve: (q) => index.resolve(q),
    rank: (q, limit) => index.score(q, limit, 0, false).map((r) => ({ sku: products[r.idx].sku, score: Math.round(r.score * 1000) / 1000 })),
  };
}

const foldedAliases = new WeakMap<Map<string, string>, Map<string, string>>();

function foldAliases(map: Map<string, string>): Map<string, string> {
  let f = foldedAliases.get(map);
  if (!f) {
    f = new Map([...map].map(([k, v]) => [fold(k), v]));
    foldedAliases.set(map, f);
  }
  return f;
}

export function createParser(products: CatalogProduct[], options: { matcher?: PhraseMatcher } = {}): Parser {
  const matcher = options.matcher ?? createIndexMatcher(products);
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const packSizes = new Map<string, Size[]>();

  /** "yudum 5 lt" names the 5 L product rather than 5 litres of it, unless the product is sold by weight or volume. */
  const namesSize = (sku: string, size: Size): boolean => {
    const p = bySku.get(sku);
    if (!p) return false;
    const unit = canonicalUnit(p.unit);
    if (unit === 'kg' || unit === 'lt' || !/^\s*\d+\s*[x×]/i.test(p.pack)) return false;
    let sizes = packSizes.get(sku);
    if (!sizes) packSizes.set(sku, (sizes = catalogSizes(`${p.name} ${p.pack}`)));
    return sizeFit(size, sizes) === 1;
  };

  const resolveLine = (text: string, raw: RawLine, aliases: Map<string, string> | null, question = false): ParsedLine | null => {
    const fragment = text.slice(raw.start, raw.end);
    let quantity = raw.quantity;
    let unit = raw.unit;
    let res: Resolution = { sku: null, candidates: [] };
    const learned = aliases && (aliases.get(raw.words.join(' ')) ?? aliases.get([...raw.words, ...raw.optional].join(' ')) ?? aliases.get(fold(fragment)));
    if (learned) res = { sku: learned, candidates: [] };
    else if (raw.words.length || raw.optional.length) {
      const q: Query = { words: raw.words, optional: raw.optional, sizes: raw.sizes, unit };
      if (!raw.words.length) q.words = raw.optional;
      res = matcher.resolve(q);
      if (raw.measure) {
        const alt = matcher.resolve({ ...q, sizes: [...raw.sizes, raw.measure], unit: null });
        if (alt.sku && namesSize(alt.sku, raw.measure)) {
          res = alt;
          quantity = null;
          unit = null;
        }
      }
    }
    if (!res.sku && !res.candidates.length && quantity === null) return null;
    // a phrase without a quantity in an order is kept only for a catalog word as written, not a near miss ("parası" ≈ "parti")
    if (quantity === null && raw.quantity === null && !question && !learned && res.exact === false) return null;
    if (!res.sku && !res.candidates.length && !raw.words.length) return null;
    const line: ParsedLine = { sku: res.sku, quantity, unit, text: fragment };
    if (!res.sku && res.candidates.length) line.candidates = res.candidates;
    return line;
  };

  const parse = (text: string, opts: ParseOptions = {}): ParsedMessage => {
    const aliases = opts.customerAliases?.size ? foldAliases(opts.customerAliases) : null;
    const tokens = tokenize(text);
    const sig = signals(tokens.filter((t) => !t.sep).map((t) => t.text).join(' '), matcher.hasTerm);
    if (sig.optout) return { intent: 'optout', lines: [] };
    if (sig.complaint) return { intent: 'complaint', lines: [] };
    if (sig.human) return { intent: 'human', lines: [] };
    if (sig.status) return { intent: 'status', lines: [] };
    if (sig.price || sig.stock) {
      const asked = segment(text, matcher, true, tokens)
        .map((raw) => resolveLine(text, { ...raw, quantity: null, unit: null }, aliases, true))
        .filter((l): l is ParsedLine => l !== null && (l.sku !== null || !!l.candidates));
      if (!asked.length && sig.when && !sig.price) return { intent: 'status', lines: [] };
      return { intent: sig.price ? 'price' : 'stock', lines: asked };
    }
    const lines = segment(text, matcher, false, tokens)
      .map((raw) => resolveLine(text, raw, aliases))
      .filter((l): l is ParsedLine => l !== null);
    if (lines.length) return { intent: 'order', lines };
    return { intent: sig.greeting ? 'greeting' : 'other', lines: [] };
  };

  const matchProducts = (query: string, limit = 10) => {
    const q: Query = { words: [], optional: [], sizes: [], unit: null };
    for (const raw of segment(query, matcher, true)) {
      q.words.push(...raw.words);
      q.optional!.push(...raw.optional);
      q.sizes.push(...raw.sizes);
    }
    return matcher.rank(q, limit);
  };

  return { parse, matchProducts };
}
