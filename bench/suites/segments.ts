// RFM segments and churn signals over 20,000 customers and 1,000,000 order lines, and planning
// a 20,000-recipient broadcast, on each database. Data is generated with batched SQL (its time
// is printed apart). Goals: segmentation < 10 s on PostgreSQL and < 30 s embedded; planning < 2 s.
// Embedded: PGlite in a temporary folder. PostgreSQL: a throwaway database on 127.0.0.1:5432
// (or BENCH_DATABASE_URL as is; it is filled only if BENCH_SEG_GENERATE=1). Each phase runs in
// its own process, so the peak memory printed is that phase's own.
import { benchPostgres } from '../throwawayPostgres.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { createSegmentService } from '../../src/customers/segmentService.ts';
import { createCampaignService } from '../../src/campaigns/campaignService.ts';
import { loadTemplates } from '../../src/campaigns/templates.ts';
import { manualClock } from '../../src/shared/clock.ts';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 20_000);
const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const LINES_PER_ORDER = 5;
const PRODUCTS = 300;
const NOW = new Date('2026-03-18T07:00:00Z'); // Wednesday 10:00 in Istanbul

/** Peak resident memory of this process while fn runs (sampled), in MB. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  const t0 = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, seconds: (performance.now() - t0) / 1000, peakMb: Math.round(peak / 1e6) };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Customers with different rhythms (by id: weekly, every few days, monthly, gone quiet, lapsed),
 * orders spread over two years, five lines each, a sale per order and most sales paid.
 */
async function generate(db: Database): Promise<void> {
  const orders = Math.ceil(LINES / LINES_PER_ORDER);
  const now = NOW.toISOString();
  const sql = async (q: string) => {
    const t0 = performance.now();
    await db.sql.exec(q);
    // Keep the write-ahead log short: in memory it would otherwise grow to gigabytes.
    if (/^\s*(INSERT|UPDATE)/.test(q)) await db.sql.exec('CHECKPOINT');
    if (process.env.BENCH_VERBOSE) console.log(`  ${((performance.now() - t0) / 1000).toFixed(1)} s  ${q.trim().split('\n')[0].slice(0, 70)}`);
  };
  // Generated rows are consistent by construction: skip the per-row foreign-key triggers while
  // generating (a superuser setting; both the embedded database and the local server allow it).
  await sql(`SET session_replication_role = replica`);
  await sql(`INSERT INTO "PriceList" (code, name) VALUES ('L1', 'Fiyat Listesi 1') ON CONFLICT DO NOTHING`);
  await sql(`INSERT INTO "Product" (sku, name, unit, category, aliases, "updatedAt")
             SELECT 'P-' || g, 'Ürün ' || g, 'koli', 'Kategori ' || (g % 12), '{}', now() FROM generate_series(1, ${PRODUCTS}) g`);
  await sql(`INSERT INTO "Customer" (phone, name, title, "priceListCode", "paymentTermsDays", "creditLimitKurus", "customerType",
                                     "commercialConsent", "updatedAt")
             SELECT '+90532' || lpad((1000000 + g)::text, 7, '0'), 'Müşteri ' || g, 'Müşteri ' || g || ' Bey', 'L1', 30, 5000000, 'tacir', true, now()
             FROM generate_series(1, ${CUSTOMERS}) g`);
  // Three pools, like a real wholesaler: the first 10 % of customers place half of the orders
  // over the last year (weekly buyers → A), the next 30 % a third over 200 days (monthly → B),
  // the rest a fifth over two years (occasional → C). Within each pool some customers went quiet:
  // id % 10 = 7 stopped 20–60 days ago, id % 10 = 8 stopped 100 days ago.
  const heavy = Math.max(1, Math.floor(CUSTOMERS * 0.1));
  const medium = Math.max(1, Math.floor(CUSTOMERS * 0.3));
  const light = Math.max(1, CUSTOMERS - heavy - medium);
  // Line k of order g: product, quantity and price are functions of (g, k), so an order's total
  // is known when the order is written (no second pass over a million lines).
  const qty = (g: string, k: string) => `(1 + ((${g} + ${k}) % 6))`;
  const price = (g: string, k: string) => `(50000 + ((${g}::bigint * ${k}) % 50) * 1000)`;
  await sql(`INSERT INTO "Order" (id, "externalNo", "customerId", status, source, "priceListCode", "subtotalKurus", "totalKurus",
                                  "orderedAt", "createdAt", "updatedAt")
             SELECT g, 'B' || g, x.cid, 'delivered', 'import', 'L1', x.total, x.total,
                    '${now}'::timestamp - make_interval(mins => (
                      CASE WHEN x.cid % 10 = 7 THEN (20 + x.cid % 40) * 1440 WHEN x.cid % 10 = 8 THEN 100 * 1440 ELSE 0 END
                      + ((g::bigint * 104729) % (x.span * 1440)))::int),
                    '${now}'::timestamp, '${now}'::timestamp
             FROM (
               SELECT g,
                      CASE WHEN g % 10 < 5 THEN 1 + ((g::bigint * 7919) % ${heavy})
                           WHEN g % 10 < 8 THEN ${heavy} + 1 + ((g::bigint * 7919) % ${medium})
                           ELSE ${heavy + medium} + 1 + ((g::bigint * 7919) % ${light}) END AS cid,
                      CASE WHEN g % 10 < 5 THEN 365 WHEN g % 10 < 8 THEN 200 ELSE 700 END AS span,
                      (SELECT sum(${qty('g', 'k')} * ${price('g', 'k')}) FROM generate_series(1, ${LINES_PER_ORDER}) k)::int AS total
               FROM generate_series(1, ${orders}) g
             ) x`);
  await sql(`SELECT setval(pg_get_serial_sequence('"Order"', 'id'), ${orders})`);
  await sql(`INSERT INTO "OrderLine" ("orderId", "productId", quantity, unit, "listPriceKurus", "unitPriceKurus", "lineTotalKurus", "priceSource")
             SELECT g, 1 + ((g * 31 + k * 17) % ${PRODUCTS}), ${qty('g', 'k')}, 'koli', ${price('g', 'k')}, ${price('g', 'k')},
                    ${qty('g', 'k')} * ${price('g', 'k')}, 'import'
             FROM generate_series(1, ${orders}) g, generate_series(1, ${LINES_PER_ORDER}) k`);
  await sql(`ANALYZE "Order"`);
  await sql(`INSERT INTO "LedgerEntry" ("customerId", kind, "amountKurus", "orderId", "importKey", "occurredAt", "dueAt", "createdAt")
             SELECT "customerId", 'sale', "totalKurus", id, 'order:' || "externalNo", "orderedAt", "orderedAt" + interval '30 days', now() FROM "Order"`);
  // Payments: on time, except every 9th customer who pays 25 days late lately.
  await sql(`INSERT INTO "LedgerEntry" ("customerId", kind, "amountKurus", "occurredAt", "createdAt")
             SELECT "customerId", 'payment', -"totalKurus",
                    "orderedAt" + CASE WHEN "customerId" % 9 = 0 AND "orderedAt" > '${now}'::timestamp - interval '90 days'
                                       THEN interval '55 days' ELSE interval '29 days' END, now()
             FROM "Order"
             WHERE "orderedAt" + CASE WHEN "customerId" % 9 = 0 AND "orderedAt" > '${now}'::timestamp - interval '90 days'
                                      THEN interval '55 days' ELSE interval '29 days' END < '${now}'::timestamp`);
  await sql(`SET session_replication_role = DEFAULT`);
  await sql(`ANALYZE`);
}

async function generateOn(db: Database, label: string): Promise<void> {
  // One connection for the whole generation (the session setting below must hold throughout).
  const gen = await measured(() => db.sql.withLock(() => generate(db)));
  console.log(`${label}: generated the data in ${gen.seconds.toFixed(1)} s (not part of the figures below)`);
}

async function benchOn(db: Database, label: string): Promise<void> {
  const counts = await db.sql.query<{ o: number; l: number; c: number }>(
    `SELECT (SELECT count(*) FROM "Order")::int AS o, (SELECT count(*) FROM "OrderLine")::int AS l, (SELECT count(*) FROM "Customer")::int AS c`,
  );
  console.log(`${label}: ${counts[0].c.toLocaleString('en')} customers, ${counts[0].o.toLocaleString('en')} orders, ${counts[0].l.toLocaleString('en')} order lines`);

  const clock = manualClock(NOW);
  const segments = createSegmentService({ db, clock });
  const seg = await measured(() => segments.computeAt(NOW));
  const bySeg = { A: 0, B: 0, C: 0 } as Record<string, number>;
  const byReason: Record<string, number> = {};
  for (const s of seg.value) {
    bySeg[s.segment]++;
    for (const r of s.churnReasons) byReason[r.code] = (byReason[r.code] ?? 0) + 1;
  }
  const segGoal = db.kind === 'postgres' ? 10 : 30;
  console.log(
    `${label}: RFM + churn for ${seg.value.length.toLocaleString('en')} customers: ${seg.seconds.toFixed(2)} s (goal < ${segGoal} s ${seg.seconds < segGoal ? 'OK' : 'MISSED'}), peak RSS ${seg.peakMb} MB` +
      `\n${label}:   segments ${JSON.stringify(bySeg)}, churn reasons ${JSON.stringify(byReason)}`,
  );
  const nightly = await measured(() => segments.recomputeNightly());
  console.log(`${label}: nightly recompute (computing + storing ${nightly.value.changed.toLocaleString('en')} changes): ${nightly.seconds.toFixed(2)} s, peak RSS ${nightly.peakMb} MB`);

  const templates = await loadTemplates();
  const campaigns = createCampaignService({ db, clock, templates });
  const plan = await measured(() => campaigns.start('arrivals', { text: 'Yeni sezon ürünleri geldi, listeyi görmek ister misiniz?' }, { actor: 'bench' }));
  console.log(
    `${label}: planning a ${plan.value.recipients.toLocaleString('en')}-recipient broadcast (recipients, personalised texts, rows): ${plan.seconds.toFixed(2)} s (goal < 2 s ${plan.seconds < 2 ? 'OK' : 'MISSED'}), peak RSS ${plan.peakMb} MB`,
  );
}

/** Runs one phase in a fresh process, so each figure's peak memory is its own. */
function phase(name: string, env: Record<string, string> = {}): void {
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: { ...process.env, BENCH_SEG_PHASE: name, ...env },
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`segments bench phase ${name} failed (exit ${r.status ?? r.signal})`);
}

async function runPhase(name: string): Promise<void> {
  const dir = process.env.BENCH_SEG_DIR!;
  if (name === 'embedded-generate') {
    const db = await openDatabase({ dataDir: dir, sharedBuffersMb: 256 });
    try {
      await generateOn(db, 'embedded');
    } finally {
      await db.close();
    }
  } else if (name === 'embedded') {
    // The service's default settings, on the folder written by the generating process.
    const db = await openDatabase({ dataDir: dir });
    try {
      await benchOn(db, 'embedded');
    } finally {
      await db.close();
    }
  } else if (name === 'postgres') {
    const db = await openDatabase({ url: process.env.BENCH_SEG_URL! });
    try {
      if (!process.env.BENCH_DATABASE_URL || process.env.BENCH_SEG_GENERATE === '1') await generateOn(db, 'postgres');
      await benchOn(db, 'postgres');
    } finally {
      await db.close();
    }
  }
}

export default async function run(): Promise<void> {
  const current = process.env.BENCH_SEG_PHASE;
  if (current) return runPhase(current);

  const dir = await mkdtemp(path.join(os.tmpdir(), 'kolibot-bench-seg-'));
  try {
    phase('embedded-generate', { BENCH_SEG_DIR: dir });
    phase('embedded', { BENCH_SEG_DIR: dir });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const target = await benchPostgres('seg');
  if (!target) return;
  try {
    phase('postgres', { BENCH_SEG_URL: target.url });
  } finally {
    await target.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
