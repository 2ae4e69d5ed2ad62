/**
 * One fold for matching: Turkish lowercase (İ→i, I→ı), marks stripped, ı→i,
 * everything that is not a letter or digit becomes a word break. Tokens keep
 * their offsets in the original text so fragments can be shown as written.
 */

export interface Token {
  /** folded text; for separators the separator character */
  text: string;
  start: number;
  end: number;
  /** a hard break between order lines: new line, comma, semicolon, "+", "." … */
  sep: boolean;
}

const APOSTROPHES = new Set(["'", '’', '‘', '`', '´', 'ʼ', '′']);
const SEPARATORS = new Set(['\n', '\r', ',', ';', '+', '.', '!', '?', '•', '·', '|', '/', '&', ':', '\u2028', '\u2029']);
const WORD_RE = /[\p{L}\p{N}\p{M}]/u;

const foldCache = new Map<string, string>();

function foldWord(word: string): string {
  let f = foldCache.get(word);
  if (f === undefined) {
    f = word.toLocaleLowerCase('tr-TR').normalize('NFD').replace(/\p{M}/gu, '').replace(/ı/g, 'i');
    if (foldCache.size > 20_000) foldCache.clear();
    foldCache.set(word, f);
  }
  return f;
}

function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined || ch === '') return false;
  const c = ch.charCodeAt(0);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return WORD_RE.test(ch);
}

const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';

const isAsciiAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

function pushSep(out: Token[], ch: string, i: number, len: number) {
  const last = out[out.length - 1];
  if (last?.sep) {
    if (ch === '\n') last.text = '\n';
    last.end = i + len;
  } else out.push({ text: ch, start: i, end: i + len, sep: true });
}

/** Splits text into folded word tokens and separator tokens (runs of separators collapse to one). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isAsciiAlnum(c) || (c >= 128 && isWordChar(String.fromCodePoint(text.codePointAt(i)!)))) {
      // fast path: a plain ASCII word folds with toLowerCase
      let j = i;
      while (j < n && isAsciiAlnum(text.charCodeAt(j))) j++;
      const stop = text[j];
      if (j === n || !(text.charCodeAt(j) >= 128 || APOSTROPHES.has(stop) || stop === ',' || stop === '.')) {
        out.push({ text: text.slice(i, j).toLowerCase(), start: i, end: j, sep: false });
        i = j;
        continue;
      }
      let raw = '';
      let end = i;
      j = i;
      while (j < n) {
        const cp = text.codePointAt(j)!;
        const len = cp > 0xffff ? 2 : 1;
        const ch = len === 1 ? text[j] : String.fromCodePoint(cp);
        const next = text[j + len];
        if (isWordChar(ch)) {
          raw += ch;
          end = j + len;
        } else if (APOSTROPHES.has(ch) && isWordChar(next)) {
          // "32'li", "Komili'den", "Lay's": the apostrophe joins, it does not split
        } else if ((ch === ',' || ch === '.') && isDigit(raw[raw.length - 1]) && isDigit(next)) {
          raw += '.';
        } else break;
        j += len;
      }
      const buf = foldWord(raw);
      if (buf) out.push({ text: buf, start: i, end, sep: false });
      i = j;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const ch = len === 1 ? text[i] : String.fromCodePoint(cp);
    if (ch === '×') out.push({ text: 'x', start: i, end: i + len, sep: false });
    else if (SEPARATORS.has(ch)) pushSep(out, ch === '\r' ? '\n' : ch, i, len);
    i += len;
  }
  return out;
}

/** The matching form of a text: folded words separated by single spaces. */
export function fold(text: string): string {
  let s = '';
  for (const t of tokenize(text)) {
    if (t.sep) continue;
    s = s ? `${s} ${t.text}` : t.text;
  }
  return s;
}

export interface Lexeme {
  text: string;
  start: number;
  end: number;
}

const NUM_THEN_LETTERS = /^(\d+(?:\.\d+)?)([a-z]+)$/;
const X_THEN_NUM = /^x(\d+(?:\.\d+)?)$/;
const PACK = /^(\d+)x(\d+(?:\.\d+)?)([a-z]*)$/;

/** Word tokens with glued numbers pulled apart: "5lt" → 5 lt, "x5" → x 5, "32li" → 32 li, "6x1l" → 6 x 1 l. */
export function splitWord(t: Token): Lexeme[] {
  const p = PACK.exec(t.text);
  if (p) return [p[1], 'x', p[2], p[3]].filter(Boolean).map((text) => ({ text, start: t.start, end: t.end }));
  let m = NUM_THEN_LETTERS.exec(t.text);
  if (m) return [{ text: m[1], start: t.start, end: t.end }, { text: m[2], start: t.start, end: t.end }];
  m = X_THEN_NUM.exec(t.text);
  if (m) return [{ text: 'x', start: t.start, end: t.end }, { text: m[1], start: t.start, end: t.end }];
  return [{ text: t.text, start: t.start, end: t.end }];
}

/** Folded words of a text with glued numbers split; used for catalog names and aliases. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) if (!t.sep) for (const l of splitWord(t)) out.push(l.text);
  return out;
}
