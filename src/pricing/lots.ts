// Lot rules: wholesale lists sell whole selling units (koli, paket, çuval…), the online list sells single pieces.
import { asMeasure, canonicalUnit, EPS, formatQuantity, isMeasureUnit, isPieceWord, isWhole, locative, parsePack } from './units.ts';

export interface LotProduct {
  name: string;
  /** The selling unit: koli, adet, paket, kg… */
  unit: string;
  /** "12 x 1 L" */
  pack: string;
  packCount?: number | null;
}

export interface LotList {
  /** Online lists sell single pieces out of a koli. */
  sellsUnits: boolean;
  /** Least quantity of one line: selling units on wholesale lists, pieces on online lists. */
  minLotUnits: number;
}

export interface LotSuggestion {
  quantity: number;
  unit: string;
  /** Pieces in it, when the selling unit holds several ("1 koli (8)"). */
  pieces: number | null;
}

export interface LotProblem {
  kind: 'quantity' | 'whole_units' | 'unit' | 'min_lot';
  /** A sentence the customer can read: "Kaşar 600 g kolide satılıyor (8 adet). 10 adet yerine 1 koli (8) ya da 2 koli (16) yazabilirim." */
  message: string;
  suggestions: LotSuggestion[];
}

export type LineResolution =
  | {
      ok: true;
      /** The line as it is sold: quantity in `unit`. */
      quantity: number;
      unit: string;
      /** How many selling units one line unit is (1, or 1/12 for a piece out of a koli of 12). Prices and stock scale by it. */
      perSellingUnit: number;
      /** Quantity in selling units, what the stock is counted in. */
      stockQuantity: number;
      /** The customer wrote it in another unit that converts exactly (24 adet → 2 koli, 5 kg sucuk → 5 adet). */
      converted: boolean;
    }
  | { ok: false; problem: LotProblem };

function suggestionText(s: LotSuggestion): string {
  return `${formatQuantity(s.quantity)} ${s.unit}${s.pieces !== null ? ` (${formatQuantity(s.pieces)})` : ''}`;
}

function joinSuggestions(list: LotSuggestion[]): string {
  return list.map(suggestionText).join(' ya da ');
}

/** Whole selling units around a quantity: below (if allowed) and above. */
function around(sellQty: number, min: number, unit: string, count: number | null): LotSuggestion[] {
  const down = Math.floor(sellQty + EPS);
  const up = Math.max(Math.ceil(sellQty - EPS), min);
  const out: LotSuggestion[] = [];
  if (down >= min && down !== up) out.push({ quantity: down, unit, pieces: count !== null ? down * count : null });
  out.push({ quantity: up, unit, pieces: count !== null ? up * count : null });
  return out;
}

/**
 * Turns what the customer asked for into a sellable line, or says plainly why not and what would work.
 * `requested.unit` null means the product's own selling unit (on online lists: single pieces).
 */
export function resolveLine(product: LotProduct, list: LotList, requested: { quantity: number; unit: string | null }): LineResolution {
  const sell = canonicalUnit(product.unit);
  const pack = parsePack(product.pack);
  const count = Math.max(1, product.packCount ?? pack.count);
  const min = Math.max(list.minLotUnits, 0);
  const q = requested.quantity;
  const asked = requested.unit ? canonicalUnit(requested.unit) : list.sellsUnits && count > 1 ? 'adet' : sell;
  const askedText = `${formatQuantity(q)} ${asked}`;

  if (!Number.isFinite(q) || q <= 0) {
    return { ok: false, problem: { kind: 'quantity', message: `${product.name} için miktarı anlayamadım.`, suggestions: [] } };
  }

  let sellQty: number | null = null;
  let pieces: number | null = null;
  let converted = false;

  if (asked === sell) {
    sellQty = q;
  } else if (isPieceWord(asked)) {
    if (count > 1) pieces = q;
    else sellQty = q; // "4 teneke" of a product sold by the piece
  } else {
    const m = asMeasure(q, asked);
    if (m && isMeasureUnit(sell) && sell === m.unit) {
      sellQty = m.amount;
      converted = true;
    } else if (m && pack.each && pack.each.unit === m.unit) {
      const perSelling = pack.each.amount * count;
      sellQty = m.amount / perSelling;
      converted = true;
      if (list.sellsUnits && count > 1 && !isWhole(sellQty)) {
        sellQty = null;
        pieces = m.amount / pack.each.amount;
      }
    }
  }

  if (sellQty === null && pieces === null) {
    const s: LotSuggestion = { quantity: Math.max(Math.ceil(q - EPS), min, 1), unit: sell, pieces: count > 1 ? Math.max(Math.ceil(q - EPS), min, 1) * count : null };
    return {
      ok: false,
      problem: {
        kind: 'unit',
        message: `${product.name} ${sell} ile satılıyor. ${askedText} yerine ${suggestionText(s)} yazabilirim.`,
        suggestions: [s],
      },
    };
  }

  if (pieces !== null) {
    if (list.sellsUnits) {
      if (isWhole(pieces) && Math.round(pieces) >= Math.max(min, 1)) {
        const n = Math.round(pieces);
        return { ok: true, quantity: n, unit: 'adet', perSellingUnit: 1 / count, stockQuantity: n / count, converted };
      }
      const lo = Math.floor(pieces + EPS);
      const hi = Math.max(Math.ceil(pieces - EPS), min, 1);
      const sug: LotSuggestion[] = [];
      if (lo >= Math.max(min, 1) && lo !== hi) sug.push({ quantity: lo, unit: 'adet', pieces: null });
      sug.push({ quantity: hi, unit: 'adet', pieces: null });
      return {
        ok: false,
        problem: { kind: 'whole_units', message: `${product.name} adet ile satılıyor. ${askedText} yerine ${joinSuggestions(sug)} yazabilirim.`, suggestions: sug },
      };
    }
    const inSelling = pieces / count;
    if (isWhole(inSelling) && Math.round(inSelling) >= min) {
      sellQty = Math.round(inSelling);
      converted = true;
    } else {
      const sug = around(inSelling, Math.max(min, 1), sell, count);
      return {
        ok: false,
        problem: {
          kind: 'whole_units',
          message: `${product.name} ${locative(sell)} satılıyor (${count} adet). ${askedText} yerine ${joinSuggestions(sug)} yazabilirim.`,
          suggestions: sug,
        },
      };
    }
  }

  const qty = sellQty as number;
  const fractionAllowed = isMeasureUnit(sell);
  if (!fractionAllowed && !isWhole(qty)) {
    const sug = around(qty, Math.max(min, 1), sell, count > 1 ? count : null);
    const head = count > 1 ? `${product.name} ${locative(sell)} satılıyor (${count} adet).` : `${product.name} ${sell} ile satılıyor.`;
    return { ok: false, problem: { kind: 'whole_units', message: `${head} ${askedText} yerine ${joinSuggestions(sug)} yazabilirim.`, suggestions: sug } };
  }
  const rounded = fractionAllowed ? Math.round(qty * 1000) / 1000 : Math.round(qty);
  const minSelling = list.sellsUnits ? 0 : min;
  if (rounded < minSelling - EPS) {
    const s: LotSuggestion = { quantity: minSelling, unit: sell, pieces: count > 1 ? minSelling * count : null };
    return {
      ok: false,
      problem: {
        kind: 'min_lot',
        message: `${product.name} en az ${formatQuantity(minSelling)} ${sell} satılıyor. ${askedText} yerine ${suggestionText(s)} yazabilirim.`,
        suggestions: [s],
      },
    };
  }
  return { ok: true, quantity: rounded, unit: sell, perSellingUnit: 1, stockQuantity: rounded, converted };
}
