/**
 * Order lines from a message. Quantities ("5 koli", "x5", "iki düzine",
 * "bir buçuk kg") are anchors; the product phrases lie between them, with the
 * quantity before or after. A measure ("5 lt") next to a count is a size;
 * between two phrases it is a size only when one product explains both sides
 * ("ayçiçek yağı 5lt yudum 8 koli"), otherwise a quantity ("sucuk 5 kg sosis 3 kg").
 */
import { isFiller, LINE_BREAK_WORDS, looksLikeVerb, TITLES } from './fillers.ts';
import { splitWord, tokenize, type Lexeme, type Token } from './normalize.ts';
import { parseNumberAt } from './numbers.ts';
import { measureSize, sizeSuffix, sizeWord, type Size } from './sizes.ts';
import { unitWord } from './units.ts';

export interface SegmentHooks {
  /** the folded word (or joined pair) is a catalog word */
  hasTerm(word: string): boolean;
  /** the catalog has this word or one close to it (a typo) */
  knows(word: string): boolean;
  /** one product explains words from both phrases */
  joins(left: string[], right: string[], sizes: Size[]): boolean;
}

export interface RawLine {
  words: string[];
  optional: string[];
  sizes: Size[];
  quantity: number | null;
  unit: string | null;
  /** the quantity came from a measure ("3 kg"): it may still be the product's size */
  measure?: Size;
  start: number;
  end: number;
}

interface Phrase {
  kind: 'P';
  words: string[];
  optional: string[];
  sizes: Size[];
  start: number;
  end: number;
}
interface Anchor {
  kind: 'Q' | 'M';
  value: number;
  unit: string | null;
  size?: Size;
  start: number;
  end: number;
}
interface Break {
  kind: 'B';
}
type Item = Phrase | Anchor | Break;

// Endings a number takes that change nothing: "3'te", "5'er", "2'si", "10'dan".
const NUMBER_ENDINGS = new Set(['te', 'ta', 'de', 'da', 'den', 'dan', 'ten', 'tan', 'er', 'ar', 'ser', 'sar', 'e', 'a', 'ye', 'ya', 'i', 'u', 'si', 'su', 'yi', 'yu', 'nci', 'inci', 'uncu', 'nin', 'in', 'un']);
const MAX_ITEMS = 400;
const CURRENCY = new Set(['tl', 'tlden', 'tlye', 'tllik', 'lira', 'liradan', 'liraya', 'liralik', 'try']);
/** A message is read up to this many order lines; the rest of a huge paste is ignored. */
export const MAX_LINES = 200;

export interface Chunk {
  lex: Lexeme[];
  /** the chunk follows a lone full stop, which may be an abbreviation ("Dr. Oetker") */
  afterStop: boolean;
}

/** Splits the message at hard separators (new line, comma, "+", "ve", "ile"…) into lexeme chunks. */
export function chunks(tokens: Token[]): Chunk[] {
  const out: Chunk[] = [{ lex: [], afterStop: false }];
  for (const t of tokens) {
    if (t.sep || LINE_BREAK_WORDS.has(t.text)) {
      if (out[out.length - 1].lex.length) out.push({ lex: [], afterStop: false });
      out[out.length - 1].afterStop = t.sep && t.text === '.' && t.end - t.start === 1;
      continue;
    }
    out[out.length - 1].lex.push(...splitWord(t));
  }
  return out.filter((c) => c.lex.length);
}

function phrase(l: Lexeme): Phrase {
  return { kind: 'P', words: [], optional: [], sizes: [], start: l.start, end: l.end };
}

/** Items of one chunk. With `question`, counts are dropped and measures are sizes. */
function items(lex: Lexeme[], hooks: SegmentHooks, question: boolean): Item[] {
  const texts = lex.map((l) => l.text);
  const out: Item[] = [];
  const current = (l: Lexeme): Phrase => {
    const last = out[out.length - 1];
    if (last?.kind === 'P') {
      last.start = Math.min(last.start, l.start);
      last.end = Math.max(last.end, l.end);
      return last;
    }
    const p = phrase(l);
    out.push(p);
    return p;
  };
  const brk = () => {
    if (out.length && out[out.length - 1].kind !== 'B') out.push({ kind: 'B' });
  };
  for (let i = 0; i < lex.length && out.length < MAX_ITEMS; ) {
    const w = texts[i];
    const next = texts[i + 1];
    // "bir de 2 koli şeker": "also", not one
    if ((w === 'bir' || w === 'bi') && (next === 'de' || next === 'da')) {
      brk();
      i += 2;
      continue;
    }
    const num = numberHere(texts, i, hooks);
    if (num && CURRENCY.has(texts[num.next] ?? '')) {
      // a price ("1200 tl'den"), not a quantity
      i = num.next + 1;
      continue;
    }
    if (num) {
      const end = lex[num.next - 1]?.end ?? lex[i].end;
      const anchor = readAnchor(texts, num.next, num.value, num.dozen, lex[i].start, end, lex);
      const start = i;
      i = anchor.next;
      const span = { text: w, start: lex[start].start, end: lex[i - 1].end };
      if (anchor.size && !anchor.item) current(span).sizes.push(anchor.size);
      else if (anchor.item) {
        if (question) {
          if (anchor.item.kind === 'M' && anchor.item.size) current(span).sizes.push(anchor.item.size);
          else brk();
        } else out.push(anchor.item);
      }
      continue;
    }
    if (w === 'x' && i + 1 < lex.length && /^\d/.test(next)) {
      i++;
      continue;
    }
    const size = sizeWord(w);
    if (size) {
      // a size first; a word only for a catalog that names it ("damacana su")
      const p = current(lex[i]);
      p.sizes.push(size);
      if (hooks.hasTerm(w)) p.optional.push(w);
      i++;
      continue;
    }
    if (TITLES.has(next) && !isFiller(w) && !unitWord(w)) {
      brk();
      i += 2;
      continue;
    }
    const unit = unitWord(w);
    if (isFiller(w) || unit) {
      const last = out[out.length - 1];
      if (!hooks.hasTerm(w)) {
        if (!unit) brk();
      } else if ((last?.kind === 'P' && last.words.length) || isContentWord(next)) {
        // inside a product phrase, a catalog word that is also shop talk ("Reis", "Bizim")
        // or a unit ("Yudum Teneke Ayçiçek Yağı", "kutu kola") is part of the name
        current(lex[i]).words.push(w);
      } else if (unit) current(lex[i]).optional.push(w);
      else brk();
      i++;
      continue;
    }
    if (looksLikeVerb(w) && !hooks.knows(w)) {
      brk();
      i++;
      continue;
    }
    current(lex[i]).words.push(w);
    i++;
  }
  return out;
}

const isContentWord = (w: string | undefined) => w !== undefined && !isFiller(w) && !unitWord(w) && parseNumberAt([w], 0) === null;

function numberHere(texts: string[], i: number, hooks: SegmentHooks) {
  const w = texts[i];
  if (w === 'bi' && unitWord(texts[i + 1] ?? '')?.kind === 'pack') return { value: 1, next: i + 1, dozen: false, words: true };
  const n = parseNumberAt(texts, i);
  if (!n) return null;
  // "7 oz", "8 çeşit": a number that is part of a catalog name
  if (!n.words && n.next === i + 1 && texts[n.next] && !unitWord(texts[n.next]) && hooks.hasTerm(w + texts[n.next])) return null;
  if (n.words) {
    // "üçü bir arada", "yarım yağlı": number words that are part of a catalog name
    const prev = texts[i - 1];
    const after = texts[n.next];
    if ((prev && hooks.hasTerm(prev + w)) || (after && hooks.hasTerm(texts[n.next - 1] + after))) return null;
    if (w === 'yarim' && n.next === i + 1 && !unitWord(after ?? '')) return null;
  }
  return n;
}

function readAnchor(texts: string[], j: number, value: number, dozen: boolean, start: number, end: number, lex: Lexeme[]) {
  // endings glued to the number change nothing: "3'te", "2'şer koli", "5'er"
  while (j < texts.length && NUMBER_ENDINGS.has(texts[j]) && lex[j].start === lex[j - 1].start) j++;
  if (texts[j] === 'x') j++;
  const w = texts[j];
  const endAt = (k: number) => lex[k]?.end ?? end;
  const suffixSize = sizeSuffix(value, w);
  if (suffixSize) return { next: j + 1, size: suffixSize, item: null };
  const u = w === undefined ? undefined : unitWord(w);
  if (u?.kind === 'measure') {
    const size = measureSize(value, w)!;
    if (u.lik || !u.unit) return { next: j + 1, size, item: null };
    return { next: j + 1, item: { kind: 'M', value, unit: u.unit, size, start, end: endAt(j) } as Anchor };
  }
  if (u?.kind === 'pack') {
    return { next: j + 1, item: { kind: 'Q', value: dozen ? value * 12 : value, unit: dozen ? 'adet' : u.unit, start, end: endAt(j) } as Anchor };
  }
  return { next: j, item: { kind: 'Q', value, unit: dozen ? 'adet' : null, start, end } as Anchor };
}

const isAnchor = (it: Item | undefined): it is Anchor => it?.kind === 'Q' || it?.kind === 'M';

/** Index of the next/previous item that is not a break. */
function step(list: Item[], i: number, dir: 1 | -1): number {
  let k = i + dir;
  while (list[k]?.kind === 'B') k += dir;
  return k;
}

function mergeInto(a: Phrase, b: Phrase): Phrase {
  return { kind: 'P', words: [...a.words, ...b.words], optional: [...a.optional, ...b.optional], sizes: [...a.sizes, ...b.sizes], start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

function asSizePhrase(a: Anchor): Phrase {
  return { kind: 'P', words: [], optional: [], sizes: a.size ? [a.size] : [], start: a.start, end: a.end };
}

/** Turns measures that sit next to a count into sizes, then joins phrases one product explains. */
function settle(list: Item[], hooks: SegmentHooks): Item[] {
  let out = list.map((it, i) => {
    if (it.kind !== 'M') return it;
    if (list[i - 1]?.kind === 'Q' || list[i + 1]?.kind === 'Q') return asSizePhrase(it);
    return it;
  });
  out = joinAdjacent(out);
  // phrase, measure, phrase: one product with a size, or two lines?
  for (let i = 0; i < out.length; i++) {
    const it = out[i];
    if (it.kind !== 'M') continue;
    const a = out[i - 1];
    const b = out[i + 1];
    if (a?.kind === 'P' && b?.kind === 'P' && it.size && hooks.joins(a.words, b.words, [...a.sizes, it.size, ...b.sizes])) {
      out[i] = asSizePhrase(it);
    }
  }
  out = joinAdjacent(out);
  // phrase, filler, phrase: keep together when one product explains both
  for (let i = 0; i < out.length; i++) {
    const a = out[i];
    const k = step(out, i, 1);
    const b = out[k];
    if (a.kind === 'P' && b?.kind === 'P' && k > i + 1 && hooks.joins(a.words, b.words, [...a.sizes, ...b.sizes])) {
      out.splice(i, k - i + 1, mergeInto(a, b));
      i--;
    }
  }
  return out;
}

function joinAdjacent(list: Item[]): Item[] {
  const out: Item[] = [];
  for (const it of list) {
    const last = out[out.length - 1];
    if (it.kind === 'P' && last?.kind === 'P') out[out.length - 1] = mergeInto(last, it);
    else out.push(it);
  }
  return out;
}

function line(p: Phrase | undefined, a: Anchor | undefined): RawLine {
  const measure = a?.kind === 'M' ? a.size : undefined;
  const start = Math.min(p?.start ?? Infinity, a?.start ?? Infinity);
  const end = Math.max(p?.end ?? -1, a?.end ?? -1);
  return { words: p?.words ?? [], optional: p?.optional ?? [], sizes: p?.sizes ?? [], quantity: a?.value ?? null, unit: a?.unit ?? null, ...(measure ? { measure } : {}), start, end };
}

/**
 * Pairs phrases with quantities so that as many phrases as possible get one;
 * on a tie, quantities come before the product if the chunk starts with one
 * (or does not end with one), else after. A measure left over right after a
 * line is that line's size ("3 koli yağ 5 lt").
 */
function pair(list: Item[], hooks: SegmentHooks): RawLine[] {
  const seq = list.filter((it): it is Phrase | Anchor => it.kind !== 'B');
  const n = seq.length;
  if (!n) return [];
  const quantityFirst = isAnchor(seq[0]) || !isAnchor(seq[n - 1]);
  // best[i] for seq[i..], compared in order: pairs of a count with a phrase the catalog knows, of a
  // measure with a known phrase, of a count with an unknown phrase, of a measure with one, and
  // pairs in the preferred direction
  const best: number[][] = new Array(n + 2).fill([0, 0, 0, 0, 0]);
  const pairs = new Uint8Array(n);
  const better = (a: number[], b: number[]) => {
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k] > b[k];
    return false;
  };
  const known = seq.map((it) => it.kind === 'P' && it.words.some((w) => hooks.knows(w)));
  for (let i = n - 1; i >= 0; i--) {
    best[i] = best[i + 1];
    const next = seq[i + 1];
    if (next && isAnchor(seq[i]) !== isAnchor(next)) {
      const anchor = (isAnchor(seq[i]) ? seq[i] : next) as Anchor;
      const slot = (known[i] || known[i + 1] ? 0 : 2) + (anchor.kind === 'Q' ? 0 : 1);
      const cand = [...best[i + 2]];
      cand[slot]++;
      if (isAnchor(seq[i]) === quantityFirst) cand[4]++;
      if (better(cand, best[i])) {
        best[i] = cand;
        pairs[i] = 1;
      }
    }
  }
  const lines: RawLine[] = [];
  let lastEnd = -1;
  let sizeForNext: Anchor | undefined;
  for (let i = 0; i < n; i++) {
    const it = seq[i];
    if (pairs[i]) {
      const next = seq[i + 1];
      lines.push(it.kind === 'P' ? line(it, next as Anchor) : line(next as Phrase, it));
      lastEnd = ++i;
    } else if (it.kind === 'P') {
      lines.push(line(it, undefined));
      lastEnd = i;
    } else if (it.kind === 'M' && it.size) {
      // a measure left over is the size of the line it touches: "3 koli yağ 5 lt", "5 litre erikli 10 adet"
      const last = lines[lines.length - 1];
      if (last && lastEnd === i - 1 && !last.measure) {
        last.sizes.push(it.size);
        last.end = Math.max(last.end, it.end);
      } else if (pairs[i + 1] || seq[i + 1]?.kind === 'P') sizeForNext = it;
      continue;
    }
    if (sizeForNext?.size && lines.length) {
      const l = lines[lines.length - 1];
      l.sizes.push(sizeForNext.size);
      l.start = Math.min(l.start, sizeForNext.start);
    }
    sizeForNext = undefined;
  }
  return absorbSizeOnly(joinOrphans(lines, hooks));
}

/** "Pınar'dan 2 koli süt": a phrase without a quantity next to a line one product explains with it. */
function joinOrphans(lines: RawLine[], hooks: SegmentHooks): RawLine[] {
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.quantity !== null || !l.words.length) continue;
    for (const k of [i + 1, i - 1]) {
      const other = lines[k];
      if (!other || other.quantity === null || !other.words.length) continue;
      const [a, b] = k > i ? [l, other] : [other, l];
      if (!hooks.joins(a.words, b.words, [...a.sizes, ...b.sizes])) continue;
      other.words = [...a.words, ...b.words];
      other.optional = [...a.optional, ...b.optional];
      other.sizes = [...a.sizes, ...b.sizes];
      other.start = Math.min(a.start, b.start);
      other.end = Math.max(a.end, b.end);
      lines.splice(i--, 1);
      break;
    }
  }
  return lines;
}

/** A line of sizes alone ("yudumdan 10 koli 5 litrelik") belongs to its neighbour. */
function absorbSizeOnly(lines: RawLine[]): RawLine[] {
  const out: RawLine[] = [];
  for (const l of lines) {
    const prev = out[out.length - 1];
    if (!l.words.length && !l.optional.length && prev && (prev.quantity === null || l.quantity === null)) {
      prev.sizes.push(...l.sizes);
      if (prev.quantity === null && l.quantity !== null) Object.assign(prev, { quantity: l.quantity, unit: l.unit, measure: l.measure });
      prev.start = Math.min(prev.start, l.start);
      prev.end = Math.max(prev.end, l.end);
    } else out.push(l);
  }
  return out.filter((l) => l.words.length || l.optional.length);
}

/** Order lines of a message (or, with `question`, the phrases a stock or price question names). */
export function segment(text: string, hooks: SegmentHooks, question = false, tokens: Token[] = tokenize(text)): RawLine[] {
  const lines: RawLine[] = [];
  for (const { lex, afterStop } of chunks(tokens)) {
    if (lines.length >= MAX_LINES) break;
    const found = pair(settle(items(lex, hooks, question), hooks), hooks);
    // "3 koli Mr. Muscle", "Dr. Oetker 5 koli": a full stop inside a name
    const prev = lines[lines.length - 1];
    const first = found[0];
    if (afterStop && prev && first && prev.words.length <= 2 && hooks.joins(prev.words, first.words, [...prev.sizes, ...first.sizes])) {
      // one quantity for the joined line; a measure beside a count is a size
      const counted = prev.quantity !== null && (first.quantity === null || (first.measure && !prev.measure)) ? prev : first.quantity !== null && (prev.quantity === null || (prev.measure && !first.measure)) ? first : null;
      if (counted) {
        const other = counted === prev ? first : prev;
        const sizes = [...prev.sizes, ...first.sizes, ...(other.measure ? [other.measure] : [])];
        lines.pop();
        Object.assign(first, { words: [...prev.words, ...first.words], optional: [...prev.optional, ...first.optional], sizes, start: prev.start, quantity: counted.quantity, unit: counted.unit, measure: counted.measure });
      }
    }
    lines.push(...found);
  }
  lines.length = Math.min(lines.length, MAX_LINES);
  shareUnits(lines);
  return lines;
}

/** "halley 3, petito 2, eti cin 2 koli": a bare count takes the unit written on a neighbouring line. */
function shareUnits(lines: RawLine[]) {
  lines.forEach((l, i) => {
    if (l.quantity === null || l.unit !== null) return;
    const after = lines.slice(i + 1).find((x) => x.unit !== null && !x.measure);
    const before = lines.slice(0, i).reverse().find((x) => x.unit !== null && !x.measure);
    l.unit = (after ?? before)?.unit ?? null;
  });
}
