import { fileURLToPath } from 'node:url';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Liquid, type Template } from 'liquidjs';

// Owner-editable Turkish message templates (templates/*.liquid), rendered by LiquidJS with
// safe settings: templates live in memory (no file access while rendering), unknown
// variables and filters are errors, and parsing and rendering are bounded.

export type TemplateContext = Record<string, unknown>;

export class TemplateError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/** What every customer message can use. */
const BASE_SAMPLE: TemplateContext = {
  title: 'Ahmet Bey',
  name: 'Ahmet Yılmaz',
  business: 'Yılmaz Market',
  business_name: 'Kolibot Toptan',
  segment: 'A',
  last_products: ['Yudum Ayçiçek Yağı 5 L', 'Doğuş Çay 1 kg'],
  today: '20 Mart Cuma',
};

/** Variables each known template gets, with sample values used to check it at start-up. */
export const TEMPLATE_SAMPLES: Record<string, TemplateContext> = {
  arrivals: { message: 'Yeni sezon ürünleri geldi.', products: ['Yudum Ayçiçek Yağı 5 L'], category: 'Yağ' },
  holiday: { holiday_name: 'Ramazan Bayramı', holiday_key: 'ramazan' },
  birthday: {},
  anniversary: { years: 3 },
  'special-day': { label: 'İş yeri açılış yıldönümünüz' },
  winback: { offer: 'ilk siparişinizde bir koli deneme ürününü özel fiyatla gönderelim', days_silent: 64 },
  'complaint-followup': { complaint_no: 12, complaint_day: '13 Mart Cuma', product: 'Yudum Ayçiçek Yağı 5 L' },
  'credit-near-limit': { balance: '25.000,00 TL', limit: '30.000,00 TL', percent: 83, available: '5.000,00 TL' },
  'payment-due': { amount: '8.500,00 TL', due_day: '23 Mart Pazartesi' },
  'payment-overdue': { amount: '8.500,00 TL', days_overdue: 12 },
  'suggestion-last-year': { product: 'Yudum Ayçiçek Yağı 5 L', quantity: 5, unit: 'koli' },
  'suggestion-cross-sell': { product: 'Doğuş Çay 1 kg', because: 'Yudum Ayçiçek Yağı 5 L' },
  'commercial-footer': { stop_word: 'DUR' },
};

/** The templates the campaigns need; start-up fails when one is missing. */
export const REQUIRED_TEMPLATES = Object.keys(TEMPLATE_SAMPLES);

export const LIMITS = { parseLimit: 100_000, renderLimit: 1_000, memoryLimit: 10_000_000 };

export interface Templates {
  render(name: string, context: TemplateContext): string;
  has(name: string): boolean;
  names(): string[];
  source(name: string): string;
}

/** LiquidJS as owners' templates need it: in-memory only, strict variables and filters, bounded work. */
export function createSafeLiquid(sources: Record<string, string>): Liquid {
  return new Liquid({
    templates: sources,
    relativeReference: false,
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    cache: false,
    ...LIMITS,
  });
}

/** Builds the template set from file contents (name without .liquid → text) and checks each one. */
export function createTemplates(sources: Record<string, string>, opts: { required?: string[] } = {}): Templates {
  const engine = createSafeLiquid(Object.fromEntries(Object.entries(sources).map(([k, v]) => [`${k}.liquid`, v])));
  const parsed = new Map<string, Template[]>();
  for (const name of opts.required ?? REQUIRED_TEMPLATES) {
    if (!(name in sources)) throw new TemplateError(`${name}.liquid`, 'şablon dosyası yok (gerekli)');
  }
  for (const [name, text] of Object.entries(sources)) {
    const file = `${name}.liquid`;
    let tpl: Template[];
    try {
      tpl = engine.parse(text, file);
    } catch (err) {
      throw new TemplateError(file, (err as Error).message);
    }
    parsed.set(name, tpl);
    try {
      const out = engine.renderSync(tpl, { ...BASE_SAMPLE, ...(TEMPLATE_SAMPLES[name] ?? {}) }) as string;
      if (!out.trim()) throw new Error('şablon boş metin üretiyor');
      if (name === 'commercial-footer' && (!out.includes(String(BASE_SAMPLE.business_name)) || !out.includes('DUR'))) {
        throw new Error('ticari mesaj alt satırı işletme adını ({{ business_name }}) ve durdurma kelimesini ({{ stop_word }}) içermeli');
      }
    } catch (err) {
      throw new TemplateError(file, (err as Error).message);
    }
  }
  return {
    render(name, context) {
      const tpl = parsed.get(name);
      if (!tpl) throw new TemplateError(`${name}.liquid`, 'böyle bir şablon yok');
      try {
        return (engine.renderSync(tpl, context) as string).trim().replace(/\n{3,}/g, '\n\n');
      } catch (err) {
        throw new TemplateError(`${name}.liquid`, (err as Error).message);
      }
    },
    has: (name) => parsed.has(name),
    names: () => [...parsed.keys()].sort(),
    source: (name) => sources[name] ?? '',
  };
}

export const DEFAULT_TEMPLATE_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/**
 * The *.liquid files of each folder in turn (name without .liquid → text): a later folder's file
 * replaces an earlier one's, so an owner's folder needs only the templates they changed.
 */
export async function readTemplateSources(dirs: string[]): Promise<Record<string, string>> {
  const sources: Record<string, string> = {};
  for (const dir of dirs) {
    let files: string[];
    try {
      files = (await readdir(dir)).filter((f) => f.endsWith('.liquid'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && dir !== dirs[0]) continue; // an owner's folder without this part
      throw err;
    }
    for (const f of files) sources[f.slice(0, -'.liquid'.length)] = await readFile(path.join(dir, f), 'utf8');
  }
  return sources;
}

/** Reads every templates/*.liquid into memory and checks them: a bad one fails with its file name. */
export async function loadTemplates(dirs: string[] = [DEFAULT_TEMPLATE_DIR]): Promise<Templates> {
  return createTemplates(await readTemplateSources(dirs));
}
