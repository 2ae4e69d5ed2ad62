// Money is integer kuruş everywhere; TL only at the edges (CSV, display).

const tl = new Intl.NumberFormat('tr-TR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 123450 → "1.234,50 TL" */
export function formatTL(kurus: number): string {
  return `${tl.format(kurus / 100)} TL`;
}

/** "1234.50", "1.234,50", "1234,5", 1234.5 → 123450; null when it is not an amount. */
export function parseTL(input: string | number): number | null {
  if (typeof input === 'number') return Number.isFinite(input) ? Math.round(input * 100) : null;
  let s = input.trim().replace(/\s|TL|₺/gi, '');
  if (!s) return null;
  if (s.includes(',') && s.includes('.')) {
    s = s.lastIndexOf(',') > s.lastIndexOf('.') ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (s.includes(',')) {
    s = s.replace(',', '.');
  }
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Math.round(Number(s) * 100);
}

/** percentage of an amount in kuruş, rounded half up; bp = basis points (300 = 3 %). */
export function applyBasisPoints(kurus: number, bp: number): number {
  return Math.round((kurus * bp) / 10_000);
}
