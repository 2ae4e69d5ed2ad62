/**
 * Matching key of a folded word. Not a stemmer: it strips a short list of
 * Turkish case, plural and possessive endings ("yağları" → "yag", "salçası" →
 * "salca", "kağıdı" → "kagid") and evens out the final k/ğ, t/d, p/b
 * alternation so "ekmek" and "ekmeği" meet. Both catalog and messages go
 * through it, so an odd key ("sabun" → "sab") is harmless as long as it is
 * the same on both sides.
 */

const SUFFIXES = [
  'lerinden', 'larindan', 'lerini', 'larini', 'lerin', 'larin', 'leri', 'lari', 'ler', 'lar',
  'sinden', 'sundan', 'sini', 'sunu', 'nden', 'ndan', 'nin', 'nun',
  'den', 'dan', 'ten', 'tan', 'lik', 'luk', 'si', 'su', 'yi', 'yu', 'ni', 'nu', 'in', 'un', 'i', 'u',
];

// Stems shorter than three letters only through these.
const IRREGULAR: Record<string, string> = {
  suyu: 'su', suyun: 'su', suyunu: 'su', sulari: 'su', sular: 'su', sudan: 'su',
  unu: 'un', undan: 'un', unlar: 'un', unlari: 'un',
};

const FINAL: Record<string, string> = { k: 'g', t: 'd', p: 'b' };

const cache = new Map<string, string>();

export function stem(word: string): string {
  let s = cache.get(word);
  if (s !== undefined) return s;
  s = computeStem(word);
  if (cache.size > 50_000) cache.clear();
  cache.set(word, s);
  return s;
}

function computeStem(word: string): string {
  const irregular = IRREGULAR[word];
  if (irregular) return irregular;
  if (word.length < 3 || /\d/.test(word)) return word;
  let s = word;
  for (let round = 0; round < 2; round++) {
    const suf = SUFFIXES.find((x) => s.length - x.length >= 3 && s.endsWith(x));
    if (!suf) break;
    s = s.slice(0, -suf.length);
  }
  const f = FINAL[s[s.length - 1]];
  return f ? s.slice(0, -1) + f : s;
}
