/**
 * A seeded, realistic Turkish wholesale catalog of any size: brand × product ×
 * variety × size, with packs, units and a few aliases, plus order messages
 * whose right answer is known (for speed and accuracy runs on big catalogs).
 */
import type { CatalogProduct } from '../../src/language/catalog.ts';

import { prng as rng } from '../../tests/support/prng.ts';

export { rng };

interface Family {
  code: string;
  category: string;
  type: string;
  brands: string[];
  varieties: string[];
  sizes: string[];
  unit: string;
  perCase: number[];
}

const FAMILIES: Family[] = [
  { code: 'YAG', category: 'Yağ', type: 'Ayçiçek Yağı', brands: ['Yudum', 'Komili', 'Orkide', 'Kırlangıç', 'Bizim', 'Ona', 'Sırma', 'Evin', 'Turna', 'Verde'], varieties: ['', 'Pet', 'Teneke'], sizes: ['1 L', '2 L', '4 L', '5 L', '18 L'], unit: 'koli', perCase: [12, 6, 4, 4, 1] },
  { code: 'ZYT', category: 'Yağ', type: 'Zeytinyağı', brands: ['Komili', 'Kristal', 'Tariş', 'Zeytinbirlik', 'Kırlangıç', 'Madra', 'Ekici'], varieties: ['Riviera', 'Sızma', 'Natürel Sızma', 'Erken Hasat'], sizes: ['0.5 L', '1 L', '2 L', '5 L'], unit: 'koli', perCase: [12, 12, 6, 4] },
  { code: 'MAK', category: 'Makarna', type: 'Makarna', brands: ['Filiz', 'Pastavilla', 'Barilla', 'Piyale', 'Nuh\'un Ankara', 'Oba', 'Mutlu', 'Selva', 'Tat'], varieties: ['Spagetti', 'Burgu', 'Kelebek', 'Fiyonk', 'Penne', 'Erişte', 'Arpa Şehriye', 'Tel Şehriye', 'Boncuk', 'Yıldız', 'Midye', 'Kalem'], sizes: ['500 g', '1 kg', '5 kg'], unit: 'koli', perCase: [20, 12, 4] },
  { code: 'PIR', category: 'Bakliyat', type: 'Pirinç', brands: ['Reis', 'Yayla', 'Duru', 'Tat', 'Mutlu', 'Başak', 'Torku', 'Öz'], varieties: ['Baldo', 'Osmancık', 'Jasmine', 'Basmati', 'Gönen Baldo'], sizes: ['1 kg', '2.5 kg', '5 kg', '25 kg'], unit: 'koli', perCase: [10, 6, 4, 1] },
  { code: 'BAK', category: 'Bakliyat', type: '', brands: ['Reis', 'Yayla', 'Duru', 'Tat', 'Mutlu', 'Başak', 'Öz'], varieties: ['Kırmızı Mercimek', 'Yeşil Mercimek', 'Nohut', 'Kuru Fasulye', 'Barbunya', 'Pilavlık Bulgur', 'Köftelik Bulgur', 'Mısır', 'Börülce'], sizes: ['1 kg', '2.5 kg', '5 kg'], unit: 'koli', perCase: [10, 6, 4] },
  { code: 'UN', category: 'Un', type: 'Un', brands: ['Sinangil', 'Söke', 'Başak', 'Hekimoğlu', 'Gelincik', 'Tat'], varieties: ['Buğday', 'Ekmeklik', 'Böreklik', 'Çok Amaçlı', 'Tam Buğday'], sizes: ['1 kg', '2 kg', '5 kg', '10 kg', '25 kg', '50 kg'], unit: 'çuval', perCase: [10, 6, 4, 1, 1, 1] },
  { code: 'CAY', category: 'Çay', type: 'Çay', brands: ['Çaykur', 'Doğuş', 'Lipton', 'Ofçay', 'Beta', 'Caykent', 'Akbel'], varieties: ['Rize Turist', 'Tiryaki', 'Filiz', 'Altınbaş', 'Karadeniz', 'Earl Grey', 'Demlik Poşet', 'Bardak Poşet'], sizes: ['500 g', '1 kg', '2 kg', '5 kg'], unit: 'paket', perCase: [1, 1, 1, 1] },
  { code: 'SAL', category: 'Konserve', type: 'Salçası', brands: ['Tat', 'Tamek', 'Tukaş', 'Burcu', 'Öncü', 'Kemal Kükrer', 'Sera', 'Sera Tarım'], varieties: ['Domates', 'Biber', 'Acı Biber', 'Tatlı Biber'], sizes: ['700 g', '830 g', '1650 g', '4.3 kg'], unit: 'koli', perCase: [12, 12, 6, 1] },
  { code: 'SUT', category: 'Süt Ürünleri', type: 'Süt', brands: ['Pınar', 'Sek', 'Sütaş', 'İçim', 'Torku', 'Ak Gıda', 'Tikveşli', 'Muratbey'], varieties: ['Tam Yağlı', 'Yarım Yağlı', 'Laktozsuz', 'Kakaolu', 'Çilekli', 'Muzlu'], sizes: ['200 ml', '500 ml', '1 L'], unit: 'koli', perCase: [27, 12, 12] },
  { code: 'YOG', category: 'Süt Ürünleri', type: 'Yoğurt', brands: ['Pınar', 'Sütaş', 'Eker', 'Danone', 'Torku', 'Yörsan', 'Ak Gıda'], varieties: ['Süzme', 'Tam Yağlı', 'Yarım Yağlı', 'Light', 'Kaymaklı'], sizes: ['500 g', '1 kg', '1500 g', '3 kg'], unit: 'koli', perCase: [12, 6, 6, 1] },
  { code: 'PEY', category: 'Süt Ürünleri', type: 'Peyniri', brands: ['Pınar', 'Sütaş', 'Tahsildaroğlu', 'Ekici', 'Muratbey', 'Torku', 'Yörsan', 'Bahçıvan'], varieties: ['Beyaz', 'Kaşar', 'Tulum', 'Lor', 'Labne', 'Dil', 'Hellim', 'Örgü'], sizes: ['200 g', '500 g', '600 g', '1 kg', '2 kg', '17 kg'], unit: 'koli', perCase: [12, 12, 8, 6, 4, 1] },
  { code: 'ICE', category: 'İçecek', type: '', brands: ['Coca-Cola', 'Pepsi', 'Cola Turka', 'Uludağ', 'Fanta', 'Sprite', 'Yedigün', 'Fruko', 'Schweppes'], varieties: ['Kola', 'Gazoz', 'Portakal', 'Limon', 'Zero', 'Light', 'Tonik', 'Mandalina'], sizes: ['250 ml', '330 ml', '1 L', '1.5 L', '2.5 L'], unit: 'koli', perCase: [24, 24, 12, 6, 6] },
  { code: 'SU', category: 'İçecek', type: 'Su', brands: ['Erikli', 'Hayat', 'Pınar', 'Saka', 'Sırma', 'Nestle', 'Damla', 'Kızılay', 'Beypazarı', 'Uludağ'], varieties: ['', 'Doğal Kaynak', 'Maden', 'Mineralli'], sizes: ['200 ml', '330 ml', '0.5 L', '1.5 L', '5 L', '19 L'], unit: 'koli', perCase: [24, 24, 24, 6, 1, 1] },
  { code: 'MSU', category: 'İçecek', type: 'Meyve Suyu', brands: ['Dimes', 'Cappy', 'Meysu', 'Juss', 'Tamek', 'Aroma', 'Pınar'], varieties: ['Şeftali', 'Vişne', 'Portakal', 'Kayısı', 'Karışık', 'Elma', 'Nar', 'Ananas'], sizes: ['200 ml', '1 L'], unit: 'koli', perCase: [27, 12] },
  { code: 'BIS', category: 'Bisküvi', type: 'Bisküvi', brands: ['Ülker', 'Eti', 'Tadelle', 'Şölen', 'Torku', 'Bifa', 'Kent'], varieties: ['Çokoprens', 'Burçak', 'Petito', 'Halley', 'Hanımeller', 'Probis', 'Tutku', 'Crax', 'Negro', 'Karam', 'Albeni', 'Biskrem'], sizes: ['100 g', '200 g', "10'lu", "24'lü"], unit: 'koli', perCase: [24, 12, 12, 6] },
  { code: 'CIK', category: 'Çikolata', type: 'Çikolata', brands: ['Ülker', 'Nestle', 'Milka', 'Torku', 'Eti', 'Tadelle', 'Şölen'], varieties: ['Sütlü', 'Bitter', 'Fındıklı', 'Antep Fıstıklı', 'Beyaz', 'Karamelli', 'Portakallı'], sizes: ['40 g', '60 g', '80 g', '150 g'], unit: 'koli', perCase: [24, 24, 24, 12] },
  { code: 'CIP', category: 'Cips', type: 'Cips', brands: ["Lay's", 'Ruffles', 'Doritos', 'Cheetos', 'Pringles', 'Patos', 'Çerezza'], varieties: ['Klasik', 'Baharatlı', 'Yoğurtlu', 'Peynirli', 'Acılı', 'Sirkeli', 'Ketçaplı'], sizes: ['Süper Boy', 'Parti Boy', 'Aile Boy', 'Mini'], unit: 'koli', perCase: [12, 12, 12, 48] },
  { code: 'DET', category: 'Deterjan', type: 'Deterjan', brands: ['Omo', 'Ariel', 'Persil', 'Bingo', 'Alo', 'Tursil', 'Peros', 'Rinso'], varieties: ['Matik Toz', 'Sıvı', 'Renkliler İçin', 'Beyazlar İçin', 'Jel', 'Kapsül'], sizes: ['1.5 kg', '3 kg', '4.5 kg', '6 kg', '9 kg', '3 L'], unit: 'koli', perCase: [8, 4, 4, 3, 2, 4] },
  { code: 'BUL', category: 'Deterjan', type: 'Bulaşık Deterjanı', brands: ['Fairy', 'Pril', 'Yumoş', 'Finish', 'Pril Gold', 'Asperox', 'Bingo'], varieties: ['Limonlu', 'Elma', 'Sıvı', 'Tablet', 'Jel'], sizes: ['650 ml', '1 L', '1.5 L', '4 kg', "60'lı", "100'lü"], unit: 'koli', perCase: [20, 12, 9, 4, 6, 4] },
  { code: 'TEM', category: 'Temizlik', type: '', brands: ['Domestos', 'Ace', 'Cif', 'Marc', 'Hayat', 'Asperox', 'Mr. Muscle'], varieties: ['Çamaşır Suyu', 'Yüzey Temizleyici', 'Krem Temizleyici', 'Kireç Çözücü', 'Cam Temizleyici', 'Yağ Çözücü'], sizes: ['750 ml', '1 L', '2 L', '3.5 L', '4 L'], unit: 'koli', perCase: [12, 12, 6, 4, 4] },
  { code: 'KAG', category: 'Kağıt', type: '', brands: ['Solo', 'Selpak', 'Familia', 'Papia', 'Lily', 'Softy', 'Fay'], varieties: ['Tuvalet Kağıdı', 'Kağıt Havlu', 'Peçete', 'Cep Mendili', 'Islak Mendil'], sizes: ["8'li", "12'li", "16'lı", "24'lü", "32'li", "40'lı"], unit: 'balya', perCase: [1, 1, 1, 1, 1, 1] },
];

const pick = <T>(r: () => number, xs: T[]): T => xs[Math.floor(r() * xs.length)];

function code(s: string): string {
  return s
    .toLocaleUpperCase('tr-TR')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/İ/g, 'I')
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 4);
}

/** `count` unique products, the same for the same seed. */
export function generateCatalog(count: number, seed = 42): CatalogProduct[] {
  const r = rng(seed);
  const out: CatalogProduct[] = [];
  const names = new Set<string>();
  const combos: { f: Family; b: string; v: string; s: number }[] = [];
  for (const f of FAMILIES) for (const b of f.brands) for (const v of f.varieties) for (let s = 0; s < f.sizes.length; s++) combos.push({ f, b, v, s });
  // shuffle, then line extensions ("Gold", "Eko", "Premium"…) once the plain combinations run out
  for (let i = combos.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [combos[i], combos[j]] = [combos[j], combos[i]];
  }
  const lines = ['', 'Gold', 'Eko', 'Premium', 'Klasik', 'Ekstra', 'Organik', 'Doğal', 'Yöresel', 'Köy', 'Süper', 'Avantaj', 'Aile', 'Ekonomik', 'Özel Seri', 'Lezzet'];
  for (let round = 0; out.length < count && round < lines.length; round++) {
    for (const { f, b, v, s } of combos) {
      if (out.length >= count) break;
      const size = f.sizes[s];
      const line = lines[round];
      const name = [b, line, v, f.type, size].filter(Boolean).join(' ');
      if (names.has(name)) continue;
      names.add(name);
      const per = f.perCase[s];
      // aliases as a catalog keeper writes them, only for the plain line so no two products share one
      const aliases: string[] = [];
      if (!line && r() < 0.3 && v) aliases.push(`${b} ${v} ${size}`.toLocaleLowerCase('tr-TR'));
      if (!line && r() < 0.1 && b.length > 3) aliases.push(`${b.slice(0, 4)} ${v || f.type} ${size}`.toLocaleLowerCase('tr-TR'));
      out.push({
        sku: `${f.code}-${code(b)}${code(v)}${code(line)}-${out.length}`,
        name,
        unit: per === 1 ? (f.unit === 'koli' ? 'adet' : f.unit) : f.unit,
        pack: per === 1 ? `1 x ${size}` : `${per} x ${size}`,
        category: f.category,
        aliases,
      });
    }
  }
  return out;
}

export interface GeneratedMessage {
  text: string;
  lines: { sku: string; quantity: number; unit: string }[];
}

const ASCII: Record<string, string> = { ç: 'c', ğ: 'g', ı: 'i', ö: 'o', ş: 's', ü: 'u', Ç: 'C', Ğ: 'G', İ: 'I', Ö: 'O', Ş: 'S', Ü: 'U' };
const asciiOnly = (s: string) => s.replace(/[çğıöşüÇĞİÖŞÜ]/g, (c) => ASCII[c]);

/** One slip of the thumb in one long word: a letter swapped with the next, doubled or dropped. */
function typo(r: () => number, name: string): string {
  const words = name.split(' ');
  const long = words.map((w, i) => [w, i] as const).filter(([w]) => w.length >= 6 && /^\p{L}+$/u.test(w));
  if (!long.length) return name;
  const [w, i] = pick(r, long);
  const at = 1 + Math.floor(r() * (w.length - 3));
  const kind = r();
  words[i] = kind < 0.4 ? w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2) : kind < 0.7 ? w.slice(0, at) + w[at] + w.slice(at) : w.slice(0, at) + w.slice(at + 1);
  return words.join(' ');
}

const QUANTITY_WORDS = ['bir', 'iki', 'üç', 'dört', 'beş', 'altı', 'yedi', 'sekiz', 'dokuz', 'on'];

/**
 * Order messages naming products by their full name (brand, line, variety,
 * size) in shop-talk: lowercase or caps, quantity before or after, number
 * words, polite wrappers. Only products whose name is unique are used.
 */
export function generateMessages(products: CatalogProduct[], count: number, seed = 7): GeneratedMessage[] {
  const r = rng(seed);
  const out: GeneratedMessage[] = [];
  const wrappers = [(s: string) => s, (s: string) => `merhaba ${s}`, (s: string) => `${s} lütfen`, (s: string) => `abi selam, ${s} gönderir misin`, (s: string) => `${s}\nteşekkürler`];
  for (let i = 0; i < count; i++) {
    const n = 1 + Math.floor(r() * 3);
    const parts: string[] = [];
    const lines: GeneratedMessage['lines'] = [];
    for (let k = 0; k < n; k++) {
      const p = pick(r, products);
      const q = 1 + Math.floor(r() * 10);
      const unit = p.unit === 'adet' ? 'adet' : p.unit;
      const qText = r() < 0.3 ? QUANTITY_WORDS[q - 1] : String(q);
      let name = p.name;
      const style = r();
      if (style < 0.3) name = name.toLocaleLowerCase('tr-TR');
      else if (style < 0.4) name = name.toLocaleUpperCase('tr-TR');
      else if (style < 0.55) name = asciiOnly(name.toLocaleLowerCase('tr-TR'));
      if (r() < 0.2) name = name.replace(/ L$/i, pick(r, [' lt', ' litre', 'lt'])).replace(/ kg$/i, pick(r, [' kilo', 'kg', ' kg']));
      if (r() < 0.2) name = typo(r, name);
      parts.push(r() < 0.5 ? `${qText} ${unit} ${name}` : `${name} ${qText} ${unit}`);
      lines.push({ sku: p.sku, quantity: q, unit });
    }
    out.push({ text: pick(r, wrappers)(parts.join(r() < 0.5 ? ', ' : '\n')), lines });
  }
  return out;
}
