/**
 * Units as customers write them ("koliden", "kolisi", "pk", "tane"), mapped to
 * one canonical lowercase Turkish word. Measures (kg, lt) can be a quantity
 * ("3 kg kıyma") or a product size ("yağ 5 lt"); grams, millilitres and
 * "-lik" forms ("5 kiloluk", "18 litrelik") are always sizes.
 */

import { fold } from './normalize.ts';

export type Dim = 'vol' | 'mass' | 'count' | 'len' | 'any';

export interface UnitWord {
  /** canonical unit for quantities; null for size-only measures (g, ml, cm…) */
  unit: string | null;
  kind: 'pack' | 'measure';
  dim?: Dim;
  /** multiplier to the base unit of dim (ml, g, cm) */
  factor?: number;
  /** written with "-lik": a size, never a quantity */
  lik?: boolean;
}

const PACKS: Record<string, string[]> = {
  koli: ['koli', 'kl', 'kolli', 'koly'],
  adet: ['adet', 'ad', 'adt', 'tane', 'tn'],
  paket: ['paket', 'pk', 'pkt', 'pak'],
  kasa: ['kasa'],
  çuval: ['cuval'],
  balya: ['balya'],
  teneke: ['teneke', 'tnk'],
  kova: ['kova'],
  bidon: ['bidon'],
  rulo: ['rulo'],
  viyol: ['viyol'],
  şişe: ['sise'],
  kutu: ['kutu'],
  deste: ['deste'],
  torba: ['torba'],
  sandık: ['sandik'],
  tepsi: ['tepsi'],
  palet: ['palet'],
  çift: ['cift'],
  demet: ['demet'],
};

const MEASURES: { unit: string | null; dim: Dim; factor: number; bases: string[] }[] = [
  { unit: 'kg', dim: 'mass', factor: 1000, bases: ['kg', 'kilo', 'kilogram', 'kgr'] },
  { unit: 'lt', dim: 'vol', factor: 1000, bases: ['lt', 'l', 'litre', 'ltr', 'litr'] },
  { unit: null, dim: 'mass', factor: 1, bases: ['g', 'gr', 'gram', 'grm'] },
  { unit: null, dim: 'vol', factor: 1, bases: ['ml', 'mililitre'] },
  { unit: null, dim: 'vol', factor: 10, bases: ['cl'] },
  { unit: null, dim: 'len', factor: 1, bases: ['cm'] },
  { unit: null, dim: 'len', factor: 100, bases: ['m', 'mt', 'metre'] },
];

// Case, possessive and plural endings a unit word takes: "kolisi", "koliden", "paketi", "kasalar".
const ENDINGS = [
  'si', 'su', 'yi', 'yu', 'i', 'u', 'a', 'e', 'ya', 'ye', 'den', 'dan', 'ten', 'tan', 'da', 'de', 'ta', 'te',
  'ler', 'lar', 'leri', 'lari', 'lerden', 'lardan', 'ndan', 'nden', 'sinden', 'sindan', 'sundan', 'ni', 'nu',
];

const TABLE = new Map<string, UnitWord>();

for (const [unit, bases] of Object.entries(PACKS)) {
  for (const base of bases) {
    TABLE.set(base, { unit, kind: 'pack' });
    if (base.length < 3) continue;
    for (const e of ENDINGS) if (!TABLE.has(base + e)) TABLE.set(base + e, { unit, kind: 'pack' });
    for (const e of ['lik', 'luk']) TABLE.set(base + e, { unit, kind: 'pack' });
  }
}
for (const m of MEASURES) {
  for (const base of m.bases) {
    TABLE.set(base, { unit: m.unit, kind: 'measure', dim: m.dim, factor: m.factor });
    for (const e of ['lik', 'luk']) TABLE.set(base + e, { unit: m.unit, kind: 'measure', dim: m.dim, factor: m.factor, lik: true });
    if (base.length >= 2) for (const e of ['dan', 'den', 'ten', 'tan', 'yi', 'yu', 'si', 'su', 'nin', 'nun', 'in', 'un']) if (!TABLE.has(base + e)) TABLE.set(base + e, { unit: m.unit, kind: 'measure', dim: m.dim, factor: m.factor });
  }
}

/** The unit a folded word names, if any. */
export function unitWord(word: string): UnitWord | undefined {
  return TABLE.get(word);
}

/** Canonical units a catalog's "unit" column may hold, folded → canonical. */
export function canonicalUnit(text: string): string | null {
  const u = TABLE.get(fold(text));
  return u?.unit ?? null;
}
