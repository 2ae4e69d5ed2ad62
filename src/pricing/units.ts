// Selling units and pack sizes as a wholesaler's catalogue writes them.

export interface Pack {
  /** Pieces inside one selling unit: 12 for "12 x 1 L", 1 for "1 kg". */
  count: number;
  /** Content of one piece when it is a weight or volume ("1 L" → 1 lt, "250 g" → 0.25 kg); null for "100'lü", "1 rulo". */
  each: { amount: number; unit: 'kg' | 'lt' } | null;
}

const num = (s: string) => Number(s.replace(',', '.'));

function measure(amount: number, unitRaw: string): Pack['each'] {
  const u = unitRaw.toLocaleLowerCase('tr-TR');
  if (u === 'kg') return { amount, unit: 'kg' };
  if (u === 'g' || u === 'gr') return { amount: amount / 1000, unit: 'kg' };
  if (u === 'l' || u === 'lt' || u === 'litre') return { amount, unit: 'lt' };
  if (u === 'ml') return { amount: amount / 1000, unit: 'lt' };
  return null;
}

/** "12 x 1 L" → 12 × 1 lt; "48 x 250 g" → 48 × 0.25 kg; "1 kg" → 1 × 1 kg; "12 x 100'lü" → 12 × ?; "" → 1. */
export function parsePack(pack: string): Pack {
  const s = pack.trim();
  const m = /^(\d+)\s*[x×X*]\s*(.*)$/.exec(s);
  const count = m ? Math.max(1, Number(m[1])) : 1;
  const rest = (m ? m[2] : s).trim();
  const c = /^(\d+(?:[.,]\d+)?)\s*([a-zA-ZğüşıöçĞÜŞİÖÇ]+)\.?$/.exec(rest);
  return { count, each: c ? measure(num(c[1]), c[2]) : null };
}

/** The customer's or catalogue's unit word in one spelling: "tane" → "adet", "litre" → "lt", "gr" → "g". */
export function canonicalUnit(unit: string): string {
  const u = unit.trim().toLocaleLowerCase('tr-TR');
  const map: Record<string, string> = {
    tane: 'adet', ad: 'adet', adt: 'adet',
    l: 'lt', litre: 'lt', litr: 'lt',
    gr: 'g', gram: 'g',
    kilo: 'kg', kilogram: 'kg',
  };
  return map[u] ?? u;
}

/** Words for a single piece inside a koli/kasa/çuval: ordering in these means pieces, not whole selling units. */
const PIECE_WORDS = new Set(['adet', 'paket', 'şişe', 'kutu', 'teneke', 'kova', 'viyol', 'rulo', 'pet', 'bidon', 'kavanoz', 'poşet']);

export function isPieceWord(unit: string): boolean {
  return PIECE_WORDS.has(unit);
}

/** A requested weight/volume as kg or lt ("500 g" → 0.5 kg); null when the unit is not a measure. */
export function asMeasure(quantity: number, unit: string): { amount: number; unit: 'kg' | 'lt' } | null {
  return measure(quantity, unit);
}

export function isMeasureUnit(unit: string): boolean {
  return unit === 'kg' || unit === 'lt';
}

/** Turkish locative with vowel harmony: koli → kolide, paket → pakette, çuval → çuvalda. */
export function locative(word: string): string {
  const lower = word.toLocaleLowerCase('tr-TR');
  const vowels = [...lower].filter((ch) => 'aeıioöuü'.includes(ch));
  const last = vowels.at(-1) ?? 'e';
  const back = 'aıou'.includes(last);
  const hard = 'çfhkpsşt'.includes(lower.at(-1) ?? '');
  return `${word}${hard ? 't' : 'd'}${back ? 'a' : 'e'}`;
}

const qtyFormat = new Intl.NumberFormat('tr-TR', { maximumFractionDigits: 3 });

/** 2 → "2", 0.5 → "0,5", 1500 → "1.500". */
export function formatQuantity(n: number): string {
  return qtyFormat.format(n);
}

export const EPS = 1e-9;

export function isWhole(n: number): boolean {
  return Math.abs(n - Math.round(n)) < 1e-6;
}
