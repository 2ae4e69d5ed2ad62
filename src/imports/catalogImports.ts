// ERP CSV imports: products, prices, stock, customers. Upsert by key, all-or-nothing, a report per row.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { readCsv, type CsvRowError } from '../shared/csv.ts';
import { defaultOrderingSettings } from '../orders/settings.ts';
import { ensureDefaultPriceLists, priceListDefaults } from '../pricing/priceLists.ts';
import { customerRow, priceRow, productRow, stockRow, type CustomerRow, type PriceRow, type ProductRow, type StockRow } from './rowSchemas.ts';

export { ensureDefaultPriceLists } from '../pricing/priceLists.ts';
export { dueStockWatches, markStockWatchesNotified } from '../stock/stockService.ts';

export type ImportKind = 'products' | 'prices' | 'stock' | 'customers';

export interface ImportReport {
  kind: ImportKind;
  /** Data rows in the file. */
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Every bad row, by its line in the file (the header is line 1). */
  errors: CsvRowError[];
  /** false when the file had any error: then nothing was written. */
  applied: boolean;
  /** Price list codes that did not exist and were created. */
  priceListsCreated?: string[];
}

export interface ImportOptions {
  onProgress?(done: number, total: number): void;
  /** Who ran it, for the audit log (default "import"). */
  actor?: string;
  /** The time recorded for consent changes (default now). */
  now?: Date;
}

type Tx = Prisma.TransactionClient;

const BATCH = 2000;
const TX_OPTIONS = { maxWait: 30_000, timeout: 10 * 60_000 };

function chunks<T>(items: T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function duplicates<T>(rows: { line: number; value: T }[], key: (v: T) => string, what: string): CsvRowError[] {
  const seen = new Map<string, number>();
  const errors: CsvRowError[] = [];
  for (const r of rows) {
    const k = key(r.value);
    const first = seen.get(k);
    if (first !== undefined) errors.push({ line: r.line, message: `${what} appears again (first on line ${first})` });
    else seen.set(k, r.line);
  }
  return errors;
}

function refused(kind: ImportKind, total: number, errors: CsvRowError[]): ImportReport {
  return { kind, total, created: 0, updated: 0, unchanged: 0, errors: [...errors].sort((a, b) => a.line - b.line), applied: false };
}

async function audit(tx: Tx, kind: ImportKind, actor: string | undefined, report: ImportReport) {
  await tx.auditLog.create({
    data: {
      actor: actor ?? 'import',
      action: `import.${kind}`,
      entity: 'Import',
      data: { total: report.total, created: report.created, updated: report.updated, unchanged: report.unchanged, priceListsCreated: report.priceListsCreated ?? [] },
    },
  });
}

const sameArray = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

// ───────────────────────────── products ─────────────────────────────

export async function importProducts(db: PrismaClient, csvText: string, opts: ImportOptions = {}): Promise<ImportReport> {
  const csv = readCsv(csvText, productRow, ['sku', 'name', 'unit']);
  const total = csv.rows.length + csv.errors.filter((e) => e.line > 1).length;
  const errors = [...csv.errors, ...duplicates(csv.rows, (r) => r.sku, 'sku')];
  if (errors.length) return refused('products', total, errors);
  const rows = csv.rows.map((r) => r.value);

  return db.$transaction(async (tx) => {
    const existing = new Map(
      (await tx.product.findMany({ where: { sku: { in: rows.map((r) => r.sku) } }, select: { sku: true, name: true, unit: true, pack: true, packCount: true, category: true, aliases: true } })).map(
        (p) => [p.sku, p],
      ),
    );
    let created = 0;
    let updated = 0;
    let done = 0;
    for (const batch of chunks(rows)) {
      const changed: ProductRow[] = [];
      for (const r of batch) {
        const e = existing.get(r.sku);
        if (!e) created++;
        else if (e.name !== r.name || e.unit !== r.unit || e.pack !== r.pack || e.packCount !== r.packCount || e.category !== r.category || !sameArray(e.aliases, r.aliases)) updated++;
        else continue;
        changed.push(r);
      }
      if (changed.length) {
        await tx.$executeRaw`
          INSERT INTO "Product" (sku, name, unit, pack, "packCount", category, aliases, "updatedAt")
          SELECT t.sku, t.name, t.unit, t.pack, t.pc, t.category, CASE WHEN t.al = '' THEN ARRAY[]::text[] ELSE string_to_array(t.al, '|') END, (now() AT TIME ZONE 'UTC')
          FROM unnest(${changed.map((r) => r.sku)}::text[], ${changed.map((r) => r.name)}::text[], ${changed.map((r) => r.unit)}::text[],
                      ${changed.map((r) => r.pack)}::text[], ${changed.map((r) => r.packCount)}::int[], ${changed.map((r) => r.category)}::text[],
                      ${changed.map((r) => r.aliases.join('|'))}::text[]) AS t(sku, name, unit, pack, pc, category, al)
          ON CONFLICT (sku) DO UPDATE SET name = EXCLUDED.name, unit = EXCLUDED.unit, pack = EXCLUDED.pack, "packCount" = EXCLUDED."packCount",
            category = EXCLUDED.category, aliases = EXCLUDED.aliases, "updatedAt" = (now() AT TIME ZONE 'UTC')`;
      }
      done += batch.length;
      opts.onProgress?.(done, rows.length);
    }
    const report: ImportReport = { kind: 'products', total, created, updated, unchanged: rows.length - created - updated, errors: [], applied: true };
    await audit(tx, 'products', opts.actor, report);
    return report;
  }, TX_OPTIONS);
}

// ───────────────────────────── price lists used by an import ─────────────────────────────

async function ensureLists(tx: Tx, codes: string[]): Promise<{ ids: Map<string, number>; created: string[] }> {
  await ensureDefaultPriceLists(tx);
  const wanted = [...new Set(codes)];
  const found = await tx.priceList.findMany({ where: { code: { in: wanted } }, select: { id: true, code: true } });
  const ids = new Map(found.map((l) => [l.code, l.id]));
  const created: string[] = [];
  for (const code of wanted) {
    if (ids.has(code)) continue;
    const l = await tx.priceList.create({ data: priceListDefaults(code), select: { id: true } });
    ids.set(code, l.id);
    created.push(code);
  }
  return { ids, created };
}

async function productIds(tx: Tx, skus: string[]): Promise<Map<string, number>> {
  const found = await tx.product.findMany({ where: { sku: { in: [...new Set(skus)] } }, select: { id: true, sku: true } });
  return new Map(found.map((p) => [p.sku, p.id]));
}

function unknownSkus<T extends { sku: string }>(rows: { line: number; value: T }[], known: Map<string, number>): CsvRowError[] {
  return rows.filter((r) => !known.has(r.value.sku)).map((r) => ({ line: r.line, message: `unknown sku ${r.value.sku} (import the products first)` }));
}

// ───────────────────────────── prices ─────────────────────────────

export async function importPrices(db: PrismaClient, csvText: string, opts: ImportOptions = {}): Promise<ImportReport> {
  const csv = readCsv(csvText, priceRow, ['sku', 'list', 'price']);
  const total = csv.rows.length + csv.errors.filter((e) => e.line > 1).length;
  const errors = [...csv.errors, ...duplicates(csv.rows, (r) => `${r.sku}|${r.list}`, 'sku and list')];
  const known = await productIds(db, csv.rows.map((r) => r.value.sku));
  errors.push(...unknownSkus(csv.rows, known));
  if (errors.length) return refused('prices', total, errors);
  const rows = csv.rows.map((r) => r.value);

  return db.$transaction(async (tx) => {
    const ids = await productIds(tx, rows.map((r) => r.sku));
    const missing = rows.filter((r) => !ids.has(r.sku));
    if (missing.length) throw new Error(`products removed during the import: ${missing.map((r) => r.sku).join(', ')}`);
    const lists = await ensureLists(tx, rows.map((r) => r.list));
    const existing = new Map(
      (await tx.price.findMany({ where: { productId: { in: [...ids.values()] } }, select: { priceListId: true, productId: true, priceKurus: true } })).map((p) => [
        `${p.priceListId}|${p.productId}`,
        p.priceKurus,
      ]),
    );
    let created = 0;
    let updated = 0;
    let done = 0;
    for (const batch of chunks(rows)) {
      const changed: { listId: number; productId: number; price: number }[] = [];
      for (const r of batch as PriceRow[]) {
        const listId = lists.ids.get(r.list) as number;
        const productId = ids.get(r.sku) as number;
        const before = existing.get(`${listId}|${productId}`);
        if (before === undefined) created++;
        else if (before !== r.price) updated++;
        else continue;
        changed.push({ listId, productId, price: r.price as number });
      }
      if (changed.length) {
        await tx.$executeRaw`
          INSERT INTO "Price" ("priceListId", "productId", "priceKurus", "updatedAt")
          SELECT t.l, t.p, t.k, (now() AT TIME ZONE 'UTC') FROM unnest(${changed.map((c) => c.listId)}::int[], ${changed.map((c) => c.productId)}::int[], ${changed.map((c) => c.price)}::int[]) AS t(l, p, k)
          ON CONFLICT ("priceListId", "productId") DO UPDATE SET "priceKurus" = EXCLUDED."priceKurus", "updatedAt" = (now() AT TIME ZONE 'UTC')`;
      }
      done += batch.length;
      opts.onProgress?.(done, rows.length);
    }
    const report: ImportReport = { kind: 'prices', total, created, updated, unchanged: rows.length - created - updated, errors: [], applied: true, priceListsCreated: lists.created };
    await audit(tx, 'prices', opts.actor, report);
    return report;
  }, TX_OPTIONS);
}

// ───────────────────────────── stock ─────────────────────────────

/**
 * Stock quantities are what is on hand in the selling unit; what confirmed orders hold (reserved) is kept.
 * When a product can be sold again, its "gelince haber ver" watches become due (see dueStockWatches).
 */
export async function importStock(db: PrismaClient, csvText: string, opts: ImportOptions = {}): Promise<ImportReport> {
  const csv = readCsv(csvText, stockRow, ['sku', 'quantity']);
  const total = csv.rows.length + csv.errors.filter((e) => e.line > 1).length;
  const errors = [...csv.errors, ...duplicates(csv.rows, (r) => r.sku, 'sku')];
  const known = await productIds(db, csv.rows.map((r) => r.value.sku));
  errors.push(...unknownSkus(csv.rows, known));
  if (errors.length) return refused('stock', total, errors);
  const rows = csv.rows.map((r) => r.value);

  return db.$transaction(async (tx) => {
    const ids = await productIds(tx, rows.map((r) => r.sku));
    const missing = rows.filter((r) => !ids.has(r.sku));
    if (missing.length) throw new Error(`products removed during the import: ${missing.map((r) => r.sku).join(', ')}`);
    const existing = new Map(
      (await tx.stock.findMany({ where: { productId: { in: [...ids.values()] } }, select: { productId: true, quantity: true, restockDate: true } })).map((s) => [
        s.productId,
        { quantity: s.quantity, restock: s.restockDate ? s.restockDate.toISOString().slice(0, 10) : null },
      ]),
    );
    let created = 0;
    let updated = 0;
    let done = 0;
    for (const batch of chunks(rows)) {
      const changed: { productId: number; quantity: number; restock: string | null }[] = [];
      for (const r of batch as StockRow[]) {
        const productId = ids.get(r.sku) as number;
        const before = existing.get(productId);
        if (!before) created++;
        else if (before.quantity !== r.quantity || before.restock !== r.restock_date) updated++;
        else continue;
        changed.push({ productId, quantity: r.quantity, restock: r.restock_date });
      }
      if (changed.length) {
        await tx.$executeRaw`
          INSERT INTO "Stock" ("productId", quantity, "restockDate", "updatedAt")
          SELECT t.p, t.q, t.d, (now() AT TIME ZONE 'UTC') FROM unnest(${changed.map((c) => c.productId)}::int[], ${changed.map((c) => c.quantity)}::float8[], ${changed.map((c) => c.restock)}::date[]) AS t(p, q, d)
          ON CONFLICT ("productId") DO UPDATE SET quantity = EXCLUDED.quantity, "restockDate" = EXCLUDED."restockDate", "updatedAt" = (now() AT TIME ZONE 'UTC')`;
      }
      done += batch.length;
      opts.onProgress?.(done, rows.length);
    }
    const report: ImportReport = { kind: 'stock', total, created, updated, unchanged: rows.length - created - updated, errors: [], applied: true };
    await audit(tx, 'stock', opts.actor, report);
    return report;
  }, TX_OPTIONS);
}

// ───────────────────────────── customers ─────────────────────────────

interface CustomerValues {
  phone: string;
  name: string;
  title: string | null;
  business: string | null;
  customerType: string;
  priceListCode: string;
  creditLimitKurus: number;
  paymentTermsDays: number;
  routeCode: string | null;
  district: string | null;
  commercialConsent: boolean;
  consentSource: string | null;
  consentAt: Date | null;
  birthday: string | null;
  notes: string | null;
}

/**
 * Customers by phone (E.164). Empty optional cells keep what is on the card (a birthday or note typed in
 * by staff is not wiped by an ERP file that lacks it). Consent "yes" from a file never overrides a customer's
 * own opt-out ("DUR"); "no" always withdraws it. Each consent change is a ConsentEvent (source "import").
 */
export async function importCustomers(db: PrismaClient, csvText: string, opts: ImportOptions = {}): Promise<ImportReport> {
  const csv = readCsv(csvText, customerRow, ['phone', 'name']);
  const total = csv.rows.length + csv.errors.filter((e) => e.line > 1).length;
  const errors = [...csv.errors, ...duplicates(csv.rows, (r) => r.phone, 'phone')];
  const routes = [...new Set(csv.rows.map((r) => r.value.route).filter((r): r is string => !!r))];
  if (routes.length) {
    const found = new Set((await db.deliveryRoute.findMany({ where: { code: { in: routes } }, select: { code: true } })).map((r) => r.code));
    for (const r of csv.rows) if (r.value.route && !found.has(r.value.route)) errors.push({ line: r.line, message: `unknown delivery route ${r.value.route}` });
  }
  if (errors.length) return refused('customers', total, errors);
  const rows = csv.rows.map((r) => r.value);
  const now = opts.now ?? new Date();
  const newTerms = defaultOrderingSettings.paymentTerms.newDays;

  return db.$transaction(async (tx) => {
    const lists = await ensureLists(tx, rows.map((r) => r.price_list ?? 'L3'));
    const existing = new Map(
      (await tx.customer.findMany({ where: { phone: { in: rows.map((r) => r.phone) } } })).map((c) => [c.phone, c]),
    );
    let created = 0;
    let updated = 0;
    let done = 0;
    for (const batch of chunks(rows)) {
      const changed: CustomerValues[] = [];
      const consentChanges: { phone: string; granted: boolean }[] = [];
      const birthdayChanges: { phone: string; birthday: string }[] = [];
      for (const r of batch as CustomerRow[]) {
        const e = existing.get(r.phone);
        const before = e?.birthday ? e.birthday.toISOString().slice(0, 10) : null;
        let consent = e?.commercialConsent ?? false;
        if (r.commercial_consent === false) consent = false;
        else if (r.commercial_consent === true && !e?.optedOutAt) consent = true;
        const consentChanged = consent !== (e?.commercialConsent ?? false);
        const v: CustomerValues = {
          phone: r.phone,
          name: r.name,
          title: r.title ?? e?.title ?? null,
          business: r.business ?? e?.business ?? null,
          customerType: r.customer_type ?? e?.customerType ?? 'tacir',
          priceListCode: r.price_list ?? e?.priceListCode ?? 'L3',
          creditLimitKurus: r.credit_limit ?? e?.creditLimitKurus ?? 0,
          paymentTermsDays: r.payment_terms_days ?? e?.paymentTermsDays ?? newTerms,
          routeCode: r.route ?? e?.routeCode ?? null,
          district: r.district ?? e?.district ?? null,
          commercialConsent: consent,
          consentSource: consentChanged ? 'import' : (e?.consentSource ?? null),
          consentAt: consentChanged ? now : (e?.consentAt ?? null),
          birthday: r.birthday ?? before,
          notes: r.notes ?? e?.notes ?? null,
        };
        const differs =
          !e ||
          consentChanged ||
          e.name !== v.name ||
          e.title !== v.title ||
          e.business !== v.business ||
          e.customerType !== v.customerType ||
          e.priceListCode !== v.priceListCode ||
          e.creditLimitKurus !== v.creditLimitKurus ||
          e.paymentTermsDays !== v.paymentTermsDays ||
          e.routeCode !== v.routeCode ||
          e.district !== v.district ||
          before !== v.birthday ||
          e.notes !== v.notes;
        if (!differs) continue;
        if (e) updated++;
        else created++;
        changed.push(v);
        if (consentChanged) consentChanges.push({ phone: v.phone, granted: consent });
        if (v.birthday && v.birthday !== before) birthdayChanges.push({ phone: v.phone, birthday: v.birthday });
      }
      if (changed.length) {
        const col = <K extends keyof CustomerValues>(k: K) => changed.map((c) => c[k]);
        const ids = await tx.$queryRaw<{ id: number; phone: string }[]>`
          INSERT INTO "Customer" (phone, name, title, business, "customerType", "priceListCode", "creditLimitKurus", "paymentTermsDays", "routeCode", district,
                                  "commercialConsent", "consentSource", "consentAt", birthday, notes, "updatedAt")
          SELECT t.phone, t.name, t.title, t.business, t.ctype, t.list, t.lim, t.terms, t.route, t.district, t.consent, t.csrc, t.cat, t.bday, t.notes, (now() AT TIME ZONE 'UTC')
          FROM unnest(${col('phone')}::text[], ${col('name')}::text[], ${col('title')}::text[], ${col('business')}::text[], ${col('customerType')}::text[],
                      ${col('priceListCode')}::text[], ${col('creditLimitKurus')}::int[], ${col('paymentTermsDays')}::int[], ${col('routeCode')}::text[],
                      ${col('district')}::text[], ${col('commercialConsent')}::bool[], ${col('consentSource')}::text[],
                      ${changed.map((c) => (c.consentAt ? c.consentAt.toISOString().replace('Z', '') : null))}::timestamp[], ${col('birthday')}::date[], ${col('notes')}::text[])
               AS t(phone, name, title, business, ctype, list, lim, terms, route, district, consent, csrc, cat, bday, notes)
          ON CONFLICT (phone) DO UPDATE SET name = EXCLUDED.name, title = EXCLUDED.title, business = EXCLUDED.business, "customerType" = EXCLUDED."customerType",
            "priceListCode" = EXCLUDED."priceListCode", "creditLimitKurus" = EXCLUDED."creditLimitKurus", "paymentTermsDays" = EXCLUDED."paymentTermsDays",
            "routeCode" = EXCLUDED."routeCode", district = EXCLUDED.district, "commercialConsent" = EXCLUDED."commercialConsent",
            "consentSource" = EXCLUDED."consentSource", "consentAt" = EXCLUDED."consentAt", birthday = EXCLUDED.birthday, notes = EXCLUDED.notes, "updatedAt" = (now() AT TIME ZONE 'UTC')
          RETURNING id, phone`;
        const idOf = new Map(ids.map((r) => [r.phone, r.id]));
        if (consentChanges.length) {
          await tx.consentEvent.createMany({
            data: consentChanges.map((c) => ({ customerId: idOf.get(c.phone) as number, granted: c.granted, source: 'import', text: 'commercial_consent', at: now })),
          });
        }
        if (birthdayChanges.length) {
          const customerIds = birthdayChanges.map((b) => idOf.get(b.phone) as number);
          await tx.specialDay.deleteMany({ where: { customerId: { in: customerIds }, kind: 'birthday' } });
          await tx.specialDay.createMany({
            data: birthdayChanges.map((b) => {
              const [y, m, d] = b.birthday.split('-').map(Number);
              return { customerId: idOf.get(b.phone) as number, kind: 'birthday', label: 'Doğum günü', month: m, day: d, year: y };
            }),
            skipDuplicates: true,
          });
        }
      }
      done += batch.length;
      opts.onProgress?.(done, rows.length);
    }
    const report: ImportReport = {
      kind: 'customers',
      total,
      created,
      updated,
      unchanged: rows.length - created - updated,
      errors: [],
      applied: true,
      priceListsCreated: lists.created,
    };
    await audit(tx, 'customers', opts.actor, report);
    return report;
  }, TX_OPTIONS);
}

export const importers: Record<ImportKind, (db: PrismaClient, csvText: string, opts?: ImportOptions) => Promise<ImportReport>> = {
  products: importProducts,
  prices: importPrices,
  stock: importStock,
  customers: importCustomers,
};
