// Small pure helpers for how replies read in Turkish.
import { fold } from '../language/normalize.ts';
import { unitWord } from '../language/units.ts';
import { formatQuantity } from '../pricing/units.ts';
import { formatTL } from '../shared/money.ts';

/** How we address a customer: their title ("Ahmet Bey"), else their name. */
export function addressOf(c: { title: string | null; name: string } | null | undefined): string {
  return (c?.title ?? '').trim() || (c?.name ?? '').trim() || 'Merhaba';
}

/** "Mehmet Kaya (Kaya Bakkal)" for staff and owner messages. */
export function whoOf(c: { name: string; business: string | null } | null, phone?: string | null): string {
  if (!c) return phone ?? 'Bilinmeyen numara';
  return c.business ? `${c.name} (${c.business})` : c.name;
}

/** 1.260,00 (a unit price in a line, without the currency). */
export function amount(kurus: number): string {
  return formatTL(kurus).replace(/\s*TL$/, '');
}

/** 1000000 → "10.000 TL" (whole liras without decimals), otherwise as formatTL. */
export function formatTLShort(kurus: number): string {
  if (kurus % 100 === 0) return `${new Intl.NumberFormat('tr-TR', { maximumFractionDigits: 0 }).format(kurus / 100)} TL`;
  return formatTL(kurus);
}

export { formatQuantity };

/** "12 x 1 L" → "12 × 1 L" */
export function packText(pack: string): string {
  return pack.replace(/\s*[xX*]\s*/g, ' × ').trim();
}

/**
 * The first words of a message for an owner alert: "beni biri arayabilir mi…". Cut at the end of the
 * first clause when that comes early enough, else at a word boundary.
 */
export function excerpt(text: string | null | undefined, max = 60, opts: { clause?: boolean } = {}): string {
  const t = (text ?? '').replace(/\s+/g, ' ').trim();
  if (t.length <= max && !opts.clause) return t;
  if (opts.clause) {
    const m = /^(.{12,}?)[,.;!?](\s|$)/u.exec(t.slice(0, max + 1));
    if (m && m[1].length < t.length) return `${m[1]}…`;
    if (t.length <= max) return t;
  }
  const cut = t.slice(0, max);
  const sp = t[max] === ' ' ? max : cut.lastIndexOf(' ');
  return `${(sp > max / 2 ? cut.slice(0, sp) : cut).replace(/[\s,.;:!?]+$/, '')}…`;
}

const ACCUSATIVE: Record<string, string> = {
  pazartesi: "'yi",
  sali: "'yı",
  carsamba: "'yı",
  persembe: "'yi",
  cuma: "'yı",
  cumartesi: "'yi",
  pazar: "'ı",
};

/** "25 Kasım Çarşamba" → "25 Kasım Çarşamba'yı" */
export function dayAccusative(dayText: string): string {
  const last = dayText.trim().split(/\s+/).at(-1) ?? '';
  return `${dayText}${ACCUSATIVE[fold(last)] ?? "'yi"}`;
}

/** The weekday of "26 Kasım Perşembe" → "Perşembe". */
export function weekdayOf(dayText: string): string {
  return dayText.trim().split(/\s+/).at(-1) ?? dayText;
}

/** A line fragment without its quantity and pack unit: "10 koli ayçiçek yağı 5 lt" → "ayçiçek yağı 5 L". */
export function productPhrase(fragment: string): string {
  const tokens = fragment.replace(/[,;.!?]+$/g, '').trim().split(/\s+/).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const f = fold(t);
    const next = tokens[i + 1] ? fold(tokens[i + 1]) : '';
    if (/^\d+([.,]\d+)?$/.test(t)) {
      const nu = unitWord(next);
      if (nu?.kind === 'measure') {
        out.push(t, nu.unit === 'lt' ? 'L' : tokens[i + 1]);
        i++;
        continue;
      }
      if (nu?.kind === 'pack') i++;
      continue;
    }
    if (/^\d+([.,]\d+)?(lt|l|kg|gr|g|ml)$/i.test(t)) {
      out.push(t.replace(/(lt|l)$/i, ' L'));
      continue;
    }
    const u = unitWord(f);
    if (u?.kind === 'pack' && (out.length === 0 || i === tokens.length - 1)) continue;
    if (/^x\d+$/i.test(t)) continue;
    out.push(t);
  }
  return out.join(' ').trim() || fragment.trim();
}

/** p-th percentile (nearest rank) of a list of numbers; null when empty. */
export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** 240000 ms → "4 dk"; 20000 → "20 sn". */
export function durationTr(ms: number): string {
  if (ms < 60_000) return `${Math.max(0, Math.round(ms / 1000))} sn`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} dk`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.round((ms % 3_600_000) / 60_000);
  return m ? `${h} sa ${m} dk` : `${h} sa`;
}

const ONES = ['', "'i", "'si", "'ü", "'ü", "'i", "'sı", "'si", "'i", "'u"];
const TENS = ['', "'u", "'si", "'u", "'ı", "'si", "'ı", "'i", "'i", "'ı"];

/** Turkish possessive after a whole number: 98 → "'i" (%98'i), 67 → "'si", 100 → "'ü". */
export function possessiveSuffix(n: number): string {
  const v = Math.abs(Math.round(n));
  if (v === 0) return "'ı";
  if (v % 10) return ONES[v % 10];
  if (v % 100) return TENS[(v % 100) / 10];
  if (v % 1000) return "'ü";
  return "'i";
}
