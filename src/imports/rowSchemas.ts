// One zod schema per import file row (the formats of ../shared/fixtures/), turning ERP text into clean values.
import { z } from 'zod';
import { parseTL } from '../shared/money.ts';
import { normalizePhone } from '../shared/phone.ts';
import { canonicalUnit, parsePack } from '../pricing/units.ts';

const cell = z.preprocess((v) => (v === undefined || v === null ? '' : String(v).trim()), z.string());
const required = (what: string) => cell.pipe(z.string().min(1, `${what} is empty`));
const skuCell = required('sku').pipe(z.string().max(64, 'sku is too long').regex(/^[^\s,;]+$/, 'sku must not contain spaces'));

/** "2026-12-02" or "02.12.2026" → "2026-12-02"; "" → null. */
export function parseDay(raw: string): string | null | undefined {
  const s = raw.trim();
  if (!s) return null;
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(s))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return undefined;
  const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const back = new Date(`${iso}T12:00:00Z`);
  if (Number.isNaN(back.getTime()) || back.toISOString().slice(0, 10) !== iso) return undefined;
  return iso;
}

const dayCell = (what: string) =>
  cell.transform((s, ctx) => {
    const d = parseDay(s);
    if (d === undefined) {
      ctx.addIssue({ code: 'custom', message: `${what} "${s}" is not a date (YYYY-MM-DD)` });
      return z.NEVER;
    }
    return d;
  });

/** Money columns are 32-bit integers of kuruş. */
const MAX_KURUS = 2_147_483_647;

/** "1.234,50", "1234.50" (TL) → kuruş. */
const moneyCell = (what: string, allowEmpty: boolean) =>
  cell.transform((s, ctx) => {
    if (!s) {
      if (allowEmpty) return null;
      ctx.addIssue({ code: 'custom', message: `${what} is empty` });
      return z.NEVER;
    }
    const k = parseTL(s);
    if (k === null || k < 0) {
      ctx.addIssue({ code: 'custom', message: `${what} "${s}" is not an amount in TL` });
      return z.NEVER;
    }
    if (k > MAX_KURUS) {
      ctx.addIssue({ code: 'custom', message: `${what} "${s}" is too large (at most 21.474.836,47 TL)` });
      return z.NEVER;
    }
    return k;
  });

const listCode = cell.transform((s) => s.toUpperCase()).pipe(z.string().regex(/^[A-Z0-9_-]{1,32}$/, 'list code must be letters, digits, - or _'));

export const productRow = z.object({
  sku: skuCell,
  name: required('name').pipe(z.string().max(200)),
  unit: required('unit').transform(canonicalUnit),
  pack: cell,
  category: cell,
  aliases: cell.transform((s) => s.split('|').map((a) => a.trim()).filter(Boolean)),
}).transform((r) => ({ ...r, packCount: parsePack(r.pack).count }));
export type ProductRow = z.infer<typeof productRow>;

export const priceRow = z.object({
  sku: skuCell,
  list: listCode,
  price: moneyCell('price', false).refine((k) => k !== null && k > 0, 'price must be above 0'),
});
export type PriceRow = z.infer<typeof priceRow>;

export const stockRow = z.object({
  sku: skuCell,
  quantity: required('quantity').transform((s, ctx) => {
    const n = Number(s.replace(/\s/g, '').replace(',', '.'));
    if (!Number.isFinite(n) || n < 0) {
      ctx.addIssue({ code: 'custom', message: `quantity "${s}" is not a number of 0 or more` });
      return z.NEVER;
    }
    return n;
  }),
  restock_date: dayCell('restock_date'),
});
export type StockRow = z.infer<typeof stockRow>;

const yesNo = cell.transform((s, ctx) => {
  const v = s.toLocaleLowerCase('tr-TR');
  if (!v) return null;
  if (['yes', 'evet', 'e', 'true', '1', 'var', 'y'].includes(v)) return true;
  if (['no', 'hayır', 'hayir', 'h', 'false', '0', 'yok', 'n'].includes(v)) return false;
  ctx.addIssue({ code: 'custom', message: `commercial_consent "${s}" must be yes or no` });
  return z.NEVER;
});

const optionalText = cell.transform((s) => (s ? s : null));

export const customerRow = z.object({
  phone: required('phone').transform((s, ctx) => {
    const p = normalizePhone(s);
    if (!p) {
      ctx.addIssue({ code: 'custom', message: `phone "${s}" is not a valid phone number` });
      return z.NEVER;
    }
    return p;
  }),
  name: required('name').pipe(z.string().max(200)),
  title: optionalText,
  business: optionalText,
  price_list: cell.transform((s) => (s ? s.toUpperCase() : null)).pipe(z.string().regex(/^[A-Z0-9_-]{1,32}$/, 'price_list must be a list code like L1').nullable()),
  credit_limit: moneyCell('credit_limit', true),
  payment_terms_days: cell.transform((s, ctx) => {
    if (!s) return null;
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0 || n > 365) {
      ctx.addIssue({ code: 'custom', message: `payment_terms_days "${s}" must be a whole number of days (0–365)` });
      return z.NEVER;
    }
    return n;
  }),
  customer_type: cell.transform((s) => s.toLocaleLowerCase('tr-TR') || null).pipe(z.enum(['tacir', 'bireysel'], { message: 'customer_type must be tacir or bireysel' }).nullable()),
  commercial_consent: yesNo,
  birthday: dayCell('birthday'),
  notes: optionalText,
  route: optionalText,
  district: optionalText,
});
export type CustomerRow = z.infer<typeof customerRow>;
