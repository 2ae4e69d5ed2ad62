// "Var" only when it is there: what can be sold is what is on hand minus what confirmed orders hold.
import { dayToDate, formatDayTr } from '../shared/dates.ts';
import { formatQuantity } from '../pricing/units.ts';

export interface StockRow {
  quantity: number;
  reserved: number;
  restockDate: Date | string | null;
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** Selling units free to sell (never negative). */
export function availableQuantity(row: Pick<StockRow, 'quantity' | 'reserved'> | null | undefined): number {
  if (!row) return 0;
  return Math.max(0, round6(row.quantity - row.reserved));
}

function ymd(d: Date | string | null): string | null {
  if (d === null) return null;
  return typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10);
}

/** The expected arrival day, or null when none is known or the date has already passed (an old date is not a promise). */
export function restockDay(row: Pick<StockRow, 'restockDate'> | null | undefined, today: string): string | null {
  const d = row ? ymd(row.restockDate) : null;
  return d && d >= today ? d : null;
}

export type StockStateName = 'in_stock' | 'partial' | 'out';

export interface StockState {
  state: StockStateName;
  /** What can be had now, in the unit asked about. */
  availableQuantity: number;
  /** YYYY-MM-DD, or null: "tarih yok, haber vereceğim". */
  restockDate: string | null;
}

/** Whether `need` can be served from `available` (both in the same unit). */
export function stockState(need: number, available: number, restockDate: string | null): StockState {
  const avail = Math.max(0, available);
  if (need <= avail + 1e-9) return { state: 'in_stock', availableQuantity: avail, restockDate };
  return { state: avail > 1e-9 ? 'partial' : 'out', availableQuantity: avail, restockDate };
}

/** "Baldo Pirinç 1 kg şu an stokta yok; 2 Aralık Çarşamba geliyor." / "… stokta var." */
export function stockSentence(productName: string, available: number, restockDate: string | null): string {
  if (available > 1e-9) return `${productName} stokta var.`;
  if (restockDate) return `${productName} şu an stokta yok; ${formatDayTr(dayToDate(restockDate))} geliyor.`;
  return `${productName} şu an stokta yok; geliş tarihi henüz belli değil, gelince size haber vereceğim.`;
}

/** "Pınar Kaşar Peyniri 600 g: 2 koli var, 3 koli istediniz." */
export function partialSentence(productName: string, available: number, requested: number, unit: string): string {
  return `${productName}: ${formatQuantity(available)} ${unit} var, ${formatQuantity(requested)} ${unit} istediniz.`;
}
