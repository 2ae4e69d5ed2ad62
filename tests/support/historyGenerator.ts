import type { Database } from '../../src/db/database.ts';
import { prng } from './prng.ts';

// A seeded generator of order and payment histories with known rhythms, so tests can say
// which segment and which churn reason each customer must get.

export { prng };

export type Profile =
  | 'weekly' // loyal, every 7 days, big baskets → A
  | 'monthly' // every 25 days, medium baskets → B
  | 'silent100' // used to buy monthly, nothing for 100 days → C, "silent"
  | 'twiceWeeklySilent' // every 3–4 days for a year, then 21 days of silence → "cadence"
  | 'basketDrop' // weekly, the last 3 baskets a quarter of the usual → "basket"
  | 'latePayer' // weekly, pays on time until two months ago, then 20+ days late → "late_payment"
  | 'newcomer' // first order 10 days ago
  | 'never'; // a customer card without orders

export interface GenProduct {
  sku: string;
  name: string;
  unit: string;
  category: string;
  priceKurus: number;
}

export const PRODUCTS: GenProduct[] = [
  { sku: 'YAG-YUD-5L', name: 'Yudum Ayçiçek Yağı 5 L', unit: 'koli', category: 'Yağ', priceKurus: 98_000 },
  { sku: 'YAG-KOM-5L', name: 'Komili Ayçiçek Yağı 5 L', unit: 'koli', category: 'Yağ', priceKurus: 95_000 },
  { sku: 'CAY-DOG-1K', name: 'Doğuş Çay 1 kg', unit: 'koli', category: 'Çay', priceKurus: 120_000 },
  { sku: 'CAY-CAY-1K', name: 'Çaykur Rize Çayı 1 kg', unit: 'koli', category: 'Çay', priceKurus: 110_000 },
  { sku: 'BAK-MER-1K', name: 'Kırmızı Mercimek 1 kg', unit: 'koli', category: 'Bakliyat', priceKurus: 45_000 },
  { sku: 'BAK-NOH-1K', name: 'Nohut 1 kg', unit: 'koli', category: 'Bakliyat', priceKurus: 52_000 },
  { sku: 'TEM-DET-4K', name: 'Bulaşık Deterjanı 4 kg', unit: 'koli', category: 'Temizlik', priceKurus: 60_000 },
  { sku: 'SEK-TOZ-5K', name: 'Toz Şeker 5 kg', unit: 'çuval', category: 'Şeker', priceKurus: 70_000 },
];

export interface GenCustomer {
  phone: string;
  name: string;
  title: string;
  profile: Profile;
  paymentTermsDays: number;
  creditLimitKurus: number;
  customerType: 'tacir' | 'bireysel';
  commercialConsent: boolean;
  optedOut: boolean;
}

export interface GenOrder {
  orderNo: string;
  phone: string;
  at: Date;
  lines: { sku: string; quantity: number; unitPriceKurus: number }[];
}

export interface GenPayment {
  phone: string;
  at: Date;
  amountKurus: number;
}

export interface History {
  asOf: Date;
  products: GenProduct[];
  customers: GenCustomer[];
  orders: GenOrder[];
  payments: GenPayment[];
}

export interface HistorySpec {
  seed: number;
  asOf: Date;
  /** How many customers of each profile. */
  counts: Partial<Record<Profile, number>>;
  /** Days of history before asOf (default 400). */
  days?: number;
}

const DAY = 86_400_000;
const FIRST_NAMES = ['Ahmet', 'Mehmet', 'Ayşe', 'Fatma', 'Mustafa', 'Emine', 'Hasan', 'Zeynep', 'Hüseyin', 'Elif', 'Ali', 'Hatice'];
const LAST_NAMES = ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Öztürk', 'Aydın', 'Arslan', 'Doğan'];
const FEMALE = new Set(['Ayşe', 'Fatma', 'Emine', 'Zeynep', 'Elif', 'Hatice']);

export function phoneOf(i: number): string {
  return `+90532${String(1_000_000 + i).padStart(7, '0')}`;
}

/** Generates a history; the same spec always gives the same history. */
export function generateHistory(spec: HistorySpec): History {
  const rnd = prng(spec.seed);
  const asOf = spec.asOf.getTime();
  const days = spec.days ?? 400;
  const customers: GenCustomer[] = [];
  const orders: GenOrder[] = [];
  const payments: GenPayment[] = [];
  let n = 0;
  let orderSeq = 0;
  const pick = <T,>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];

  for (const profile of Object.keys(spec.counts) as Profile[]) {
    for (let k = 0; k < (spec.counts[profile] ?? 0); k++) {
      n++;
      const first = pick(FIRST_NAMES);
      const c: GenCustomer = {
        phone: phoneOf(n),
        name: `${first} ${pick(LAST_NAMES)}`,
        title: `${first} ${FEMALE.has(first) ? 'Hanım' : 'Bey'}`,
        profile,
        paymentTermsDays: 30,
        creditLimitKurus: 50_000_000,
        customerType: 'tacir',
        commercialConsent: true,
        optedOut: false,
      };
      customers.push(c);
      // Order times: the profile's rhythm, ending at a known distance before asOf.
      const times: number[] = [];
      const hourJitter = () => Math.floor(rnd() * 8) * 3_600_000; // between 09:00 and 17:00
      const at9 = (t: number) => {
        const d = new Date(t);
        d.setUTCHours(6, 0, 0, 0); // 09:00 Istanbul
        return d.getTime() + hourJitter();
      };
      const basket = (size: number) => size;
      let baskets: number[] = [];
      switch (profile) {
        case 'weekly':
        case 'basketDrop':
        case 'latePayer':
          for (let t = asOf - 2 * DAY; t > asOf - days * DAY; t -= 7 * DAY) times.push(at9(t));
          break;
        case 'monthly':
          for (let t = asOf - 5 * DAY; t > asOf - days * DAY; t -= 25 * DAY) times.push(at9(t));
          break;
        case 'silent100':
          for (let t = asOf - 100 * DAY; t > asOf - days * DAY; t -= 25 * DAY) times.push(at9(t));
          break;
        case 'twiceWeeklySilent': {
          let t = asOf - 21 * DAY;
          let step = 3;
          while (t > asOf - 365 * DAY) {
            times.push(at9(t));
            t -= step * DAY;
            step = step === 3 ? 4 : 3;
          }
          break;
        }
        case 'newcomer':
          times.push(at9(asOf - 10 * DAY), at9(asOf - 3 * DAY));
          break;
        case 'never':
          break;
      }
      times.sort((a, b) => a - b);
      // Basket size in kuruş-ish targets: weekly ~4,000 TL, monthly ~4,500 TL, twice weekly ~2,000 TL.
      const target = profile === 'monthly' ? 450_000 : profile === 'twiceWeeklySilent' ? 200_000 : profile === 'silent100' ? 300_000 : 400_000;
      baskets = times.map((_, i) => (profile === 'basketDrop' && i >= times.length - 3 ? Math.round(target / 4) : basket(target)));
      times.forEach((t, i) => {
        orderSeq++;
        const lines = linesFor(baskets[i], rnd);
        orders.push({ orderNo: `S${String(orderSeq).padStart(7, '0')}`, phone: c.phone, at: new Date(t), lines });
        const total = lines.reduce((s, l) => s + l.quantity * l.unitPriceKurus, 0);
        const due = t + c.paymentTermsDays * DAY;
        // Payments: a day before the due date; the late payer is 20 days late on recent sales.
        let payAt = due - DAY;
        if (profile === 'latePayer' && due >= asOf - 60 * DAY) payAt = due + 20 * DAY;
        if (payAt < asOf) payments.push({ phone: c.phone, at: new Date(payAt), amountKurus: total });
      });
    }
  }
  return { asOf: spec.asOf, products: PRODUCTS, customers, orders, payments };
}

/** Lines adding up to about `targetKurus`: two to four products, whole units. */
function linesFor(targetKurus: number, rnd: () => number): GenOrder['lines'] {
  // Small baskets hold fewer products, so a basket a quarter of the usual really is one.
  const count = Math.max(1, Math.min(2 + Math.floor(rnd() * 3), Math.floor(targetKurus / 120_000)));
  const start = Math.floor(rnd() * PRODUCTS.length);
  const lines: GenOrder['lines'] = [];
  for (let i = 0; i < count; i++) {
    const p = PRODUCTS[(start + i) % PRODUCTS.length];
    const share = targetKurus / count;
    lines.push({ sku: p.sku, quantity: Math.max(1, Math.round(share / p.priceKurus)), unitPriceKurus: p.priceKurus });
  }
  return lines;
}

/** The history as the ERP exports it: `order_no,date,phone,sku,quantity,unit_price`. */
export function ordersCsv(h: Pick<History, 'orders'>): string {
  const rows = ['order_no,date,phone,sku,quantity,unit_price'];
  for (const o of h.orders) {
    const date = o.at.toISOString().slice(0, 19) + 'Z';
    for (const l of o.lines) rows.push(`${o.orderNo},${date},${o.phone},${l.sku},${l.quantity},${(l.unitPriceKurus / 100).toFixed(2)}`);
  }
  return rows.join('\n') + '\n';
}

/** `date,phone,amount` */
export function paymentsCsv(h: Pick<History, 'payments'>): string {
  return ['date,phone,amount', ...h.payments.map((p) => `${p.at.toISOString().slice(0, 19)}Z,${p.phone},${(p.amountKurus / 100).toFixed(2)}`)].join('\n') + '\n';
}

/** The catalogue and the customer cards only (what the catalog/customer imports would create). */
export async function seedCatalogAndCustomers(db: Database, h: Pick<History, 'products' | 'customers'>): Promise<Map<string, number>> {
  const p = db.prisma;
  await p.priceList.upsert({ where: { code: 'L1' }, create: { code: 'L1', name: 'Fiyat Listesi 1' }, update: {} });
  await p.priceList.upsert({ where: { code: 'L3' }, create: { code: 'L3', name: 'Fiyat Listesi 3' }, update: {} });
  await p.product.createMany({
    data: h.products.map((x) => ({ sku: x.sku, name: x.name, unit: x.unit, category: x.category })),
    skipDuplicates: true,
  });
  await p.customer.createMany({
    data: h.customers.map((c) => ({
      phone: c.phone,
      name: c.name,
      title: c.title,
      priceListCode: 'L1',
      paymentTermsDays: c.paymentTermsDays,
      creditLimitKurus: c.creditLimitKurus,
      customerType: c.customerType,
      commercialConsent: c.commercialConsent,
      optedOutAt: c.optedOut ? new Date('2025-01-01T00:00:00Z') : null,
    })),
    skipDuplicates: true,
  });
  const rows = await p.customer.findMany({ select: { id: true, phone: true } });
  return new Map(rows.map((r) => [r.phone, r.id]));
}

/** Writes the whole history with Prisma (orders delivered, sales and payments on the ledger). */
export async function seedHistory(db: Database, h: History): Promise<Map<string, number>> {
  const ids = await seedCatalogAndCustomers(db, h);
  const p = db.prisma;
  const products = new Map((await p.product.findMany({ select: { id: true, sku: true, unit: true } })).map((x) => [x.sku, x]));
  const terms = new Map(h.customers.map((c) => [c.phone, c.paymentTermsDays]));
  for (let i = 0; i < h.orders.length; i += 500) {
    const chunk = h.orders.slice(i, i + 500);
    await p.order.createMany({
      data: chunk.map((o) => {
        const total = o.lines.reduce((s, l) => s + l.quantity * l.unitPriceKurus, 0);
        return {
          externalNo: o.orderNo,
          customerId: ids.get(o.phone)!,
          status: 'delivered' as const,
          source: 'import',
          subtotalKurus: total,
          totalKurus: total,
          orderedAt: o.at,
        };
      }),
    });
    const made = await p.order.findMany({ where: { externalNo: { in: chunk.map((o) => o.orderNo) } }, select: { id: true, externalNo: true } });
    const idOf = new Map(made.map((m) => [m.externalNo!, m.id]));
    await p.orderLine.createMany({
      data: chunk.flatMap((o) =>
        o.lines.map((l) => ({
          orderId: idOf.get(o.orderNo)!,
          productId: products.get(l.sku)!.id,
          quantity: l.quantity,
          unit: products.get(l.sku)!.unit,
          listPriceKurus: l.unitPriceKurus,
          unitPriceKurus: l.unitPriceKurus,
          lineTotalKurus: l.quantity * l.unitPriceKurus,
          priceSource: 'import',
        })),
      ),
    });
    await p.ledgerEntry.createMany({
      data: chunk.map((o) => ({
        customerId: ids.get(o.phone)!,
        kind: 'sale',
        amountKurus: o.lines.reduce((s, l) => s + l.quantity * l.unitPriceKurus, 0),
        orderId: idOf.get(o.orderNo)!,
        importKey: `order:${o.orderNo}`,
        occurredAt: o.at,
        dueAt: new Date(o.at.getTime() + terms.get(o.phone)! * DAY),
      })),
    });
  }
  for (let i = 0; i < h.payments.length; i += 1_000) {
    await p.ledgerEntry.createMany({
      data: h.payments.slice(i, i + 1_000).map((x) => ({ customerId: ids.get(x.phone)!, kind: 'payment', amountKurus: -x.amountKurus, occurredAt: x.at })),
    });
  }
  return ids;
}
