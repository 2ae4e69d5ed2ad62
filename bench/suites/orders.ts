// Order confirmations per second with 50 customers confirming at the same time, on each database.
// Embedded: in-memory PGlite. PostgreSQL: a throwaway database on 127.0.0.1:5432 (or BENCH_DATABASE_URL as is).
import { existsSync, readFileSync } from 'node:fs';
import { benchPostgres } from '../throwawayPostgres.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { ensureDefaultPriceLists, importCustomers, importPrices, importProducts, importStock } from '../../src/imports/catalogImports.ts';
import { createOrderService } from '../../src/orders/orderService.ts';
import { manualClock } from '../../src/shared/clock.ts';
import { istanbulTime } from '../../src/shared/dates.ts';

const CUSTOMERS = 50;
const ORDERS_PER_CUSTOMER = Number(process.env.BENCH_ORDERS_PER_CUSTOMER ?? 8);
const FIXTURES = new URL('../../../shared/fixtures/', import.meta.url);

function fixture(name: string): string | null {
  const url = new URL(name, FIXTURES);
  return existsSync(url) ? readFileSync(url, 'utf8') : null;
}

/** The shared fixtures when present; otherwise a small synthetic catalogue in the same format. */
function catalogFiles() {
  const catalog = fixture('catalog.csv');
  const prices = fixture('prices.csv');
  if (catalog && prices) return { catalog, prices };
  const c = ['sku,name,unit,pack,category,aliases'];
  const p = ['sku,list,price'];
  for (let i = 0; i < 100; i++) {
    c.push(`B-${i},Ürün ${i},koli,12 x 1 L,Genel,`);
    for (const [list, tl] of [['L1', 100], ['L2', 110], ['L3', 120], ['ONLINE', 150]] as const) p.push(`B-${i},${list},${tl + i}.00`);
  }
  return { catalog: c.join('\n'), prices: p.join('\n') };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function benchOn(db: Database, label: string) {
  const prisma = db.prisma;
  const { catalog, prices } = catalogFiles();
  await ensureDefaultPriceLists(prisma);
  await importProducts(prisma, catalog);
  await importPrices(prisma, prices);
  const skus = (await prisma.product.findMany({ select: { sku: true }, where: { prices: { some: {} } } })).map((p) => p.sku);
  // Plenty of stock: the figure is about confirming, not about refusing.
  await importStock(prisma, ['sku,quantity,restock_date', ...skus.map((s) => `${s},1000000,`)].join('\n'));
  const lists = ['L1', 'L2', 'L3'];
  const customersCsv = ['phone,name,title,business,price_list,credit_limit,payment_terms_days,customer_type,commercial_consent'];
  for (let i = 0; i < CUSTOMERS; i++) customersCsv.push(`+90532${String(3000000 + i)},Müşteri ${i},Müşteri Bey,Market ${i},${lists[i % 3]},10000000,30,tacir,yes`);
  await importCustomers(prisma, customersCsv.join('\n'));
  const customers = (await prisma.customer.findMany({ where: { phone: { startsWith: '+905323' } }, select: { id: true } })).map((c) => c.id);

  const clock = manualClock(istanbulTime('2026-11-24', 10));
  const orders = createOrderService({ db: prisma, clock });
  let seed = 42;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  // Drafts first (not timed): 3–5 lines each, like a grocer's WhatsApp order.
  const drafts: number[][] = customers.map(() => []);
  const tDraft = performance.now();
  await Promise.all(
    customers.map(async (c, i) => {
      for (let k = 0; k < ORDERS_PER_CUSTOMER; k++) {
        const lines = Array.from({ length: 3 + rnd(3) }, () => ({ sku: skus[rnd(skus.length)], quantity: 1 + rnd(5), unit: null }));
        drafts[i].push((await orders.draft(c, lines)).orderId);
      }
    }),
  );
  const draftSeconds = (performance.now() - tDraft) / 1000;
  const totalDrafts = CUSTOMERS * ORDERS_PER_CUSTOMER;

  const latencies: number[] = [];
  let refused = 0;
  const t0 = performance.now();
  await Promise.all(
    drafts.map(async (mine) => {
      for (const id of mine) {
        const s = performance.now();
        const r = await orders.confirm(id);
        latencies.push(performance.now() - s);
        if (!r.ok) refused++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const oversold = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "Stock" WHERE reserved > quantity`;
  console.log(
    `${label.padEnd(10)} ${CUSTOMERS} concurrent customers: ${(totalDrafts / seconds).toFixed(0)} confirmations/s ` +
      `(${totalDrafts} in ${seconds.toFixed(1)} s; p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms; ` +
      `refused ${refused}; oversold rows ${Number(oversold[0].n)}) · drafts ${(totalDrafts / draftSeconds).toFixed(0)}/s`,
  );
}

export default async function run(): Promise<void> {
  const embedded = await openDatabase({ dataDir: 'memory://' });
  try {
    await benchOn(embedded, 'embedded');
  } finally {
    await embedded.close();
  }

  const target = await benchPostgres('orders');
  if (!target) return;
  const db = await openDatabase({ url: target.url });
  try {
    await benchOn(db, 'postgres');
  } finally {
    await db.close();
    await target.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
