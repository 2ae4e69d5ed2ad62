import { fileURLToPath } from 'node:url';
import type { Template } from 'liquidjs';
import { createSafeLiquid, readTemplateSources, TemplateError, type TemplateContext } from '../campaigns/templates.ts';

// The conversation's Turkish texts: templates/replies/*.liquid, one file per message, rendered
// in memory with strict variables (the same safe settings as the campaign templates). Each file
// is checked at load time against sample values, so a broken edit fails start-up with its name.

const BASE: TemplateContext = { title: 'Ahmet Bey', business_name: 'Yılmaz Toptan' };

const line = (n: number, name: string, quantity: string, unit: string, unitPrice: string, total: string) => ({
  priced: true,
  note: '',
  n,
  name,
  quantity,
  unit,
  unit_price: unitPrice,
  total,
});

/** Every reply template with the variables it receives (sample values). */
export const REPLY_SAMPLES: Record<string, TemplateContext> = {
  'order-summary': {
    greet: true,
    lines: [line(1, 'Yudum Ayçiçek Yağı 5 L', '3', 'koli', '1.260,00', '3.780,00 TL'), { ...line(2, 'Pınar Kaşar Peyniri 600 g', '10', 'adet', '', ''), priced: false, note: 'kolide satılıyor' }],
    subtotal: '4.290,00 TL',
    discount_percent: '3',
    discount: '128,70 TL',
    total: '4.161,30 TL',
    price_list: 'Fiyat Listesi 1',
    delivery_latest: '26 Kasım Perşembe',
    delivery_likely: '25 Kasım Çarşamba',
    balance_after: '41.200,00 TL',
    limit: '150.000,00 TL',
    notes: ['Pınar Kaşar Peyniri 600 g: 2 koli var, 3 koli istediniz.'],
    can_confirm: false,
    closing: '2 koliyi şimdi gönderelim, kalan 1 koli gelince haber verelim mi? *EVET / HAYIR*',
  },
  'order-updated': { change: 'Çaykur Tiryaki Çay 1 kg — 4 paket', total: '5.040,00 TL' },
  'order-confirmed': { number: 10482, likely_day_acc: "25 Kasım Çarşamba'yı", latest_weekday: 'Perşembe' },
  'order-cancelled': {},
  'order-expired': { number: 10482 },
  'order-empty': {},
  'order-credit-limit': { exceeded: '1.530,00 TL', limit: '15.000,00 TL', hint: '2 koli daha az' },
  'order-problems': { problems: ['Kaşar 600 g kolide satılıyor (8 adet). 10 adet yerine 1 koli (8) ya da 2 koli (16) yazabilirim.'], has_draft: false },
  'order-partial': { single: true, take: '2 koli', rest: '1 koli' },
  'order-fix': { example: '1 koli' },
  'order-reminder': {},
  'ambiguity-question': { query: 'ayçiçek yağı 5 L', options: ['Yudum Ayçiçek Yağı 5 L', 'Komili Ayçiçek Yağı 5 L'] },
  'not-found': { query: 'zeytin ezmesi', suggestions: ['Tariş Sızma Zeytinyağı 5 L', 'Komili Riviera Zeytinyağı 1 L'], in_order: false },
  'edit-unclear': { options: ['Yudum Ayçiçek Yağı 5 L', 'Komili Ayçiçek Yağı 5 L'] },
  'stock-answer': { sentences: ['Baldo Pirinç 1 kg şu an stokta yok; 2 Aralık Çarşamba geliyor.'], offer_watch: true, also: ['Baldo Pirinç 25 kg Çuval stokta var.'] },
  'watch-ok': { products: 'Baldo Pirinç 1 kg' },
  'watch-declined': {},
  'stock-arrived': { product: 'Baldo Pirinç 1 kg' },
  'price-answer': {
    items: [{ name: 'Omo Matik Toz Deterjan 6 kg', unit: 'koli', pack: '3 x 6 kg', price: '268,80 TL', missing: false }],
    price_list: 'Fiyat Listesi 2',
    tier_hint: "Bu ay alımlarınız 10.000,00 TL'yi geçerse %3 indirim uygulanır.",
  },
  status: { orders: [{ number: 10482, state: 'hazırlanıyor', promise: 'en geç 26 Kasım Perşembe, büyük ihtimalle 25 Kasım Çarşamba' }], has_draft: false },
  'complaint-ack': { number: 311 },
  optout: {},
  resubscribe: {},
  'handoff-ack': { minutes: 30 },
  'staff-ack': { minutes: 30 },
  'unknown-sender': { minutes: 30 },
  'voice-note': { minutes: 30 },
  media: { minutes: 30, what: 'fotoğraf' },
  sticker: {},
  flood: { minutes: 30 },
  greeting: {},
  thanks: {},
  // Messages to the owner's WhatsApp
  'alert-escalation': { who: 'Mehmet Kaya (Kaya Bakkal)', minutes: 30, excerpt: 'beni biri arayabilir mi…' },
  'alert-handoff': { who: 'Mehmet Kaya (Kaya Bakkal)', phone: '+905321110003', excerpt: 'beni biri arayabilir mi…' },
  'alert-complaint': { who: 'Ayşe Demir (Demir Şarküteri)', phone: '+905321110002', number: 311, excerpt: 'gelen yumurtaların yarısı kırık' },
  'alert-unknown': { phone: '+905329990000', name: 'Ali', excerpt: 'fiyat listenizi alabilir miyim' },
  'alert-flood': { who: 'Mehmet Kaya (Kaya Bakkal)', phone: '+905321110003' },
  'owner-report': {
    orders: 23,
    orders_total: '186.400,00 TL',
    share: "%98'i",
    minutes: 30,
    p95: '4 dk',
    has_responses: true,
    kept: '%96',
    has_kept: true,
    at_risk: 7,
    has_risk: true,
  },
  'owner-help': {},
  'owner-handback': { who: 'Mehmet Kaya (Kaya Bakkal)' },
  'owner-handback-unknown': { phone: '+905321110003' },
  'owner-unavailable': { command: '/duyuru' },
  'owner-broadcast-started': { segments: 'A, B', recipients: 42 },
  'owner-alias-taught': { who: 'Ayşe Demir (Demir Şarküteri)', phrase: 'sarı yağ', product: 'Sana Margarin 250 g', sku: 'MAR-SAN-250' },
  'owner-alias-unclear': { problem: 'ürün bulunamadı: MAR-XYZ' },
};

export const REQUIRED_REPLY_TEMPLATES = Object.keys(REPLY_SAMPLES);

export interface ReplyTemplates {
  render(name: string, context: TemplateContext): string;
  has(name: string): boolean;
  names(): string[];
}

/** Builds the reply templates from file contents (name without .liquid → text) and checks each one. */
export function createReplyTemplates(sources: Record<string, string>): ReplyTemplates {
  const engine = createSafeLiquid(Object.fromEntries(Object.entries(sources).map(([k, v]) => [`${k}.liquid`, v])));
  const parsed = new Map<string, Template[]>();
  for (const name of REQUIRED_REPLY_TEMPLATES) {
    if (!(name in sources)) throw new TemplateError(`replies/${name}.liquid`, 'şablon dosyası yok (gerekli)');
  }
  const finish = (s: string) => s.trim().replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n');
  for (const [name, text] of Object.entries(sources)) {
    const file = `replies/${name}.liquid`;
    let tpl: Template[];
    try {
      tpl = engine.parse(text, file);
      const out = engine.renderSync(tpl, { ...BASE, ...(REPLY_SAMPLES[name] ?? {}) }) as string;
      if (!finish(out)) throw new Error('şablon boş metin üretiyor');
    } catch (err) {
      throw new TemplateError(file, (err as Error).message);
    }
    parsed.set(name, tpl);
  }
  return {
    render(name, context) {
      const tpl = parsed.get(name);
      if (!tpl) throw new TemplateError(`replies/${name}.liquid`, 'böyle bir şablon yok');
      try {
        return finish(engine.renderSync(tpl, context) as string);
      } catch (err) {
        throw new TemplateError(`replies/${name}.liquid`, (err as Error).message);
      }
    },
    has: (name) => parsed.has(name),
    names: () => [...parsed.keys()].sort(),
  };
}

export const DEFAULT_REPLY_TEMPLATE_DIR = fileURLToPath(new URL('../../templates/replies/', import.meta.url));

/** Reads templates/replies/*.liquid (then each override folder's) into memory and checks them. */
export async function loadReplyTemplates(dirs: string[] = [DEFAULT_REPLY_TEMPLATE_DIR]): Promise<ReplyTemplates> {
  return createReplyTemplates(await readTemplateSources(dirs));
}
