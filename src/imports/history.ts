import { createHash } from 'node:crypto';
import { parse } from 'csv-parse';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { parseTL } from '../shared/money.ts';
import { normalizePhone } from '../shared/phone.ts';

// ERP history: orders (one row per order line) and payments, so segments are right from day one.
// Both imports are all-or-nothing and idempotent: importing the same file twice changes nothing.

export interface ImportReport {
  kind: 'orders' | 'payments';
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: { line: number; message: string }[];
  applied: boolean;
}

export interface HistoryImportOptions {
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
  /** Check the file and report, write nothing. */
  dryRun?: boolean;
  /** Stop collecting errors after this many (the report says how many lines were bad). */
  maxErrors?: number;
}

const ORDER_COLUMNS = ['order_no', 'date', 'phone', 'sku', 'quantity', 'unit_price'];
const PAYMENT_COLUMNS = ['date', 'phone', 'amount'];
const LONG_TX = { maxWait: 30_000, timeout: 30 * 60_000 };
const CHUNK = 5_000;

/** "2025-03-14" (noon in Istanbul, a business day), "2025-03-14 10:30", or a full ISO time. */
export function parseBusinessDate(raw: string): Date | null {
  const s = raw.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const check = new Date(Date.UTC(Number(y), month - 1, day));
  if (check.getUTCMonth() !== month - 1) return null;
  const time = h === undefined ? '12:00:00' : `${h}:${mi}:${sec ?? '00'}`;
  const tz = zone === undefined ? '+03:00' : zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${y}-${mo}-${d}T${time}${tz}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

function parseQuantity(raw: string): number | null {
  const s = raw.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  const n = Number(s);
  return n > 0 ? n : null;
}

const rowText = z.string().trim();

async function* records(text: string, required: string[], errors: ImportReport['errors']): AsyncGenerator<{ line: number; row: Record<string, string> }> {
  const clean = text.replace(/^\uFEFF/, '');
  const header = (clean.split(/\r?\n/, 1)[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length) {
    errors.push({ line: 1, message: `eksik sütun: ${missing.join(', ')}` });
    return;
  }
  const parser = parse(clean, { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), skip_empty_lines: true, trim: true, relax_column_count: true, info: true });
  for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    yield { line: rec.info.lines, row: rec.record };
  }
}

interface Lookup {
  customers: Map<string, { id: number; termsDays: number; priceList: string }>;
  products: Map<string, { id: number; unit: string }>;
}

async function loadLookup(db: Database, needProducts: boolean): Promise<Lookup> {
  const customers = new Map<string, { id: number; termsDays: number; priceList: string }>();
  for (const c of await db.prisma.customer.findMany({ select: { id: true, phone: true, paymentTermsDays: true, priceListCode: true } })) {
    customers.set(c.phone, { id: c.id, termsDays: c.paymentTermsDays, priceList: c.priceListCode });
  }
  const products = new Map<string, { id: number; unit: string }>();
  if (needProducts) {
    for (const p of await db.prisma.product.findMany({ select: { id: true, sku: true, unit: true } })) products.set(p.sku.toUpperCase(), { id: p.id, unit: p.unit });
  }
  return { customers, products };
}

/** Canonical text of an order's content, hashed to tell unchanged orders from changed ones. */
function orderSignature(customerId: number, orderedAtMs: number, lines: { productId: number; qty: number; price: number }[]): string {
  const parts = lines.map((l) => `${l.productId}:${l.qty}:${l.price}`).sort();
  return createHash('md5').update(`${customerId}|${orderedAtMs}|${parts.join(',')}`).digest('hex');
}

/**
 * `order_no,date,phone,sku,quantity,unit_price` (one row per order line, TL prices) →
 * delivered orders with their lines and a sale on the customer's ledger (importKey `order:<no>`).
 */
export async function importOrderHistory(db: Database, csvText: string, opts: HistoryImportOptions = {}): Promise<ImportReport> {
  const errors: ImportReport['errors'] = [];
  const maxErrors = opts.maxErrors ?? 1_000;
  let badLines = 0;
  const addError = (line: number, message: string) => {
    if (errors.length < maxErrors) errors.push({ line, message });
    badLines++;
  };
  const lookup = await loadLookup(db, true);

  // Compact storage: a million lines as parallel number arrays, not a million objects.
  const orderIndex = new Map<string, number>();
  const orderNo: string[] = [];
  const orderCustomer: number[] = [];
  const orderAt: number[] = [];
  const orderTerms: number[] = [];
  const orderPriceList: string[] = [];
  const orderFirstLine: number[] = [];
  const lineOrder: number[] = [];
  const lineProduct: number[] = [];
  const lineQty: number[] = [];
  const linePrice: number[] = [];
  const lineUnit: string[] = [];
  let rows = 0;

  for await (const { line, row } of records(csvText, ORDER_COLUMNS, errors)) {
    rows++;
    if (rows % 100_000 === 0) opts.onProgress?.({ phase: 'read', done: rows, total: 0 });
    const no = rowText.parse(row.order_no ?? '');
    const at = parseBusinessDate(row.date ?? '');
    const phone = normalizePhone(row.phone ?? '');
    const sku = (row.sku ?? '').trim().toUpperCase();
    const qty = parseQuantity(row.quantity ?? '');
    const price = parseTL(row.unit_price ?? '');
    const problems: string[] = [];
    if (!no) problems.push('order_no boş');
    if (!at) problems.push(`tarih anlaşılamadı: "${row.date ?? ''}" (YYYY-AA-GG bekleniyor)`);
    const customer = phone ? lookup.customers.get(phone) : undefined;
    if (!phone) problems.push(`telefon geçersiz: "${row.phone ?? ''}"`);
    else if (!customer) problems.push(`bilinmeyen müşteri: ${phone}`);
    const product = lookup.products.get(sku);
    if (!sku) problems.push('sku boş');
    else if (!product) problems.push(`bilinmeyen ürün kodu: ${sku}`);
    if (qty === null) problems.push(`miktar geçersiz: "${row.quantity ?? ''}"`);
    if (price === null || price < 0) problems.push(`birim fiyat geçersiz: "${row.unit_price ?? ''}"`);
    if (problems.length) {
      addError(line, problems.join('; '));
      continue;
    }
    let idx = orderIndex.get(no);
    if (idx === undefined) {
      idx = orderNo.length;
      orderIndex.set(no, idx);
      orderNo.push(no);
      orderCustomer.push(customer!.id);
      orderAt.push(at!.getTime());
      orderTerms.push(customer!.termsDays);
      orderPriceList.push(customer!.priceList);
      orderFirstLine.push(lineOrder.length);
    } else if (orderCustomer[idx] !== customer!.id || orderAt[idx] !== at!.getTime()) {
      addError(line, `sipariş ${no}: aynı siparişin satırlarında farklı tarih veya telefon`);
      continue;
    }
    lineOrder.push(idx);
    lineProduct.push(product!.id);
    lineQty.push(qty!);
    linePrice.push(price!);
    lineUnit.push(product!.unit);
  }
  const report: ImportReport = { kind: 'orders', total: orderNo.length, created: 0, updated: 0, unchanged: 0, errors, applied: false };
  if (badLines > errors.length) errors.push({ line: 0, message: `toplam ${badLines} hatalı satır, ilk ${errors.length} tanesi listelendi` });
  if (errors.length || rows === 0) return report;

  // Lines grouped per order (rows of one order may be spread through the file).
  const linesOf: number[][] = orderNo.map(() => []);
  for (let i = 0; i < lineOrder.length; i++) linesOf[lineOrder[i]].push(i);
  const totals = linesOf.map((ls) => ls.reduce((sum, i) => sum + Math.round(lineQty[i] * linePrice[i]), 0));

  // Which orders exist already, and are they the same?
  const existing = new Map<string, { id: number; sig: string }>();
  for (let i = 0; i < orderNo.length; i += CHUNK) {
    const nos = orderNo.slice(i, i + CHUNK);
    const found = await db.prisma.$queryRawUnsafe<{ id: number; no: string; cid: number; at_ms: number; sig_src: string | null }[]>(
      `SELECT o.id, o."externalNo" AS no, o."customerId" AS cid, (extract(epoch FROM o."orderedAt") * 1000)::float8 AS at_ms,
              string_agg(l."productId" || ':' || l.quantity::float8 || ':' || l."unitPriceKurus", ',') AS sig_src
       FROM "Order" o LEFT JOIN "OrderLine" l ON l."orderId" = o.id
       WHERE o."externalNo" IN (SELECT jsonb_array_elements_text($1::jsonb))
       GROUP BY o.id`,
      JSON.stringify(nos),
    );
    for (const f of found) {
      const parts = (f.sig_src ?? '').split(',').filter(Boolean).sort();
      existing.set(f.no, { id: f.id, sig: createHash('md5').update(`${f.cid}|${Math.round(Number(f.at_ms))}|${parts.join(',')}`).digest('hex') });
    }
  }
  const toCreate: number[] = [];
  const toUpdate: { idx: number; id: number }[] = [];
  for (let idx = 0; idx < orderNo.length; idx++) {
    const ex = existing.get(orderNo[idx]);
    if (!ex) {
      toCreate.push(idx);
      continue;
    }
    const sig = orderSignature(
      orderCustomer[idx],
      orderAt[idx],
      linesOf[idx].map((i) => ({ productId: lineProduct[i], qty: lineQty[i], price: linePrice[i] })),
    );
    if (sig === ex.sig) report.unchanged++;
    else toUpdate.push({ idx, id: ex.id });
  }
  report.created = toCreate.length;
  report.updated = toUpdate.length;
  if (opts.dryRun || (toCreate.length === 0 && toUpdate.length === 0)) {
    report.applied = !opts.dryRun;
    return report;
  }

  const nowIso = new Date().toISOString();
  const iso = (ms: number) => new Date(ms).toISOString();
  const dueIso = (idx: number) => new Date(orderAt[idx] + orderTerms[idx] * 86_400_000).toISOString();
  const linesJson = (idxs: number[], idOf: (idx: number) => number) => {
    const out: unknown[] = [];
    for (const idx of idxs) {
      for (const i of linesOf[idx]) {
        out.push({ o: idOf(idx), p: lineProduct[i], q: lineQty[i], u: lineUnit[i], k: linePrice[i], t: Math.round(lineQty[i] * linePrice[i]) });
      }
    }
    return out;
  };
  const insertLines = async (tx: TxRaw, rowsJson: unknown[]) => {
    for (let i = 0; i < rowsJson.length; i += CHUNK * 2) {
      await tx.$executeRawUnsafe(
        `INSERT INTO "OrderLine" ("orderId", "productId", quantity, unit, "listPriceKurus", "unitPriceKurus", "lineTotalKurus", "priceSource")
         SELECT v.o, v.p, v.q, v.u, v.k, v.k, v.t, 'import' FROM jsonb_to_recordset($1::jsonb) AS v(o int, p int, q float8, u text, k int, t int)`,
        JSON.stringify(rowsJson.slice(i, i + CHUNK * 2)),
      );
    }
  };

  await db.prisma.$transaction(async (tx) => {
    let done = 0;
    const work = toCreate.length + toUpdate.length;
    for (let c = 0; c < toCreate.length; c += CHUNK) {
      const chunk = toCreate.slice(c, c + CHUNK);
      const created = await tx.$queryRawUnsafe<{ id: number; no: string }[]>(
        `INSERT INTO "Order" ("externalNo", "customerId", status, source, "priceListCode", "subtotalKurus", "totalKurus",
                              "orderedAt", "confirmedAt", "createdAt", "updatedAt", notes)
         SELECT v.no, v.c, 'delivered', 'import', v.pl, v.t, v.t, v.at::timestamp, v.at::timestamp, $2::timestamp, $2::timestamp, 'ERP geçmişi'
         FROM jsonb_to_recordset($1::jsonb) AS v(no text, c int, pl text, t int, at text)
         RETURNING id, "externalNo" AS no`,
        JSON.stringify(chunk.map((idx) => ({ no: orderNo[idx], c: orderCustomer[idx], pl: orderPriceList[idx], t: totals[idx], at: iso(orderAt[idx]) }))),
        nowIso,
      );
      const idByNo = new Map(created.map((r) => [r.no, r.id]));
      await insertLines(tx, linesJson(chunk, (idx) => idByNo.get(orderNo[idx])!));
      await tx.$executeRawUnsafe(
        `INSERT INTO "LedgerEntry" ("customerId", kind, "amountKurus", "orderId", "importKey", "occurredAt", "dueAt", note, "createdAt")
         SELECT v.c, 'sale', v.t, v.o, v.k, v.at::timestamp, v.due::timestamp, 'ERP geçmişi', $2::timestamp
         FROM jsonb_to_recordset($1::jsonb) AS v(c int, t int, o int, k text, at text, due text)
         ON CONFLICT ("importKey") DO UPDATE SET "customerId" = EXCLUDED."customerId", "amountKurus" = EXCLUDED."amountKurus",
           "orderId" = EXCLUDED."orderId", "occurredAt" = EXCLUDED."occurredAt", "dueAt" = EXCLUDED."dueAt"`,
        JSON.stringify(chunk.map((idx) => ({ c: orderCustomer[idx], t: totals[idx], o: idByNo.get(orderNo[idx]), k: `order:${orderNo[idx]}`, at: iso(orderAt[idx]), due: dueIso(idx) }))),
        nowIso,
      );
      done += chunk.length;
      opts.onProgress?.({ phase: 'write', done, total: work });
    }
    for (let c = 0; c < toUpdate.length; c += CHUNK) {
      const chunk = toUpdate.slice(c, c + CHUNK);
      const json = JSON.stringify(chunk.map(({ idx, id }) => ({ id, c: orderCustomer[idx], pl: orderPriceList[idx], t: totals[idx], at: iso(orderAt[idx]), k: `order:${orderNo[idx]}`, due: dueIso(idx) })));
      await tx.$executeRawUnsafe(
        `UPDATE "Order" o SET "customerId" = v.c, "priceListCode" = v.pl, "subtotalKurus" = v.t, "discountKurus" = 0, "discountBp" = 0,
                "totalKurus" = v.t, "orderedAt" = v.at::timestamp, "updatedAt" = $2::timestamp
         FROM jsonb_to_recordset($1::jsonb) AS v(id int, c int, pl text, t int, at text) WHERE o.id = v.id`,
        json,
        nowIso,
      );
      await tx.$executeRawUnsafe(`DELETE FROM "OrderLine" WHERE "orderId" IN (SELECT (jsonb_array_elements($1::jsonb) ->> 'id')::int)`, json);
      const ids = new Map(chunk.map(({ idx, id }) => [idx, id]));
      await insertLines(tx, linesJson(chunk.map((x) => x.idx), (idx) => ids.get(idx)!));
      await tx.$executeRawUnsafe(
        `INSERT INTO "LedgerEntry" ("customerId", kind, "amountKurus", "orderId", "importKey", "occurredAt", "dueAt", note, "createdAt")
         SELECT v.c, 'sale', v.t, v.id, v.k, v.at::timestamp, v.due::timestamp, 'ERP geçmişi', $2::timestamp
         FROM jsonb_to_recordset($1::jsonb) AS v(id int, c int, t int, k text, at text, due text)
         ON CONFLICT ("importKey") DO UPDATE SET "customerId" = EXCLUDED."customerId", "amountKurus" = EXCLUDED."amountKurus",
           "orderId" = EXCLUDED."orderId", "occurredAt" = EXCLUDED."occurredAt", "dueAt" = EXCLUDED."dueAt"`,
        json,
        nowIso,
      );
      done += chunk.length;
      opts.onProgress?.({ phase: 'write', done, total: work });
    }
  }, LONG_TX);
  report.applied = true;
  return report;
}

type TxRaw = { $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number> };

/**
 * `date,phone,amount` (TL received) → payments on the customer's ledger (negative amounts).
 * The key is a hash of (date, phone, amount, occurrence), so two equal payments on one day
 * both count, and importing the file again adds nothing.
 */
export async function importPayments(db: Database, csvText: string, opts: HistoryImportOptions = {}): Promise<ImportReport> {
  const errors: ImportReport['errors'] = [];
  const lookup = await loadLookup(db, false);
  const seen = new Map<string, number>();
  const rows: { c: number; a: number; at: string; k: string }[] = [];
  let total = 0;
  for await (const { line, row } of records(csvText, PAYMENT_COLUMNS, errors)) {
    total++;
    const at = parseBusinessDate(row.date ?? '');
    const phone = normalizePhone(row.phone ?? '');
    const amount = parseTL(row.amount ?? '');
    const problems: string[] = [];
    if (!at) problems.push(`tarih anlaşılamadı: "${row.date ?? ''}" (YYYY-AA-GG bekleniyor)`);
    const customer = phone ? lookup.customers.get(phone) : undefined;
    if (!phone) problems.push(`telefon geçersiz: "${row.phone ?? ''}"`);
    else if (!customer) problems.push(`bilinmeyen müşteri: ${phone}`);
    if (amount === null || amount <= 0) problems.push(`tutar geçersiz: "${row.amount ?? ''}"`);
    if (problems.length) {
      if (errors.length < (opts.maxErrors ?? 1_000)) errors.push({ line, message: problems.join('; ') });
      continue;
    }
    const base = `${at!.toISOString()}|${phone}|${amount}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const key = `payment:${createHash('sha256').update(`${base}|${n}`).digest('hex').slice(0, 32)}`;
    rows.push({ c: customer!.id, a: -amount!, at: at!.toISOString(), k: key });
  }
  const report: ImportReport = { kind: 'payments', total, created: 0, updated: 0, unchanged: 0, errors, applied: false };
  if (errors.length || total === 0) return report;
  const existing = new Set<string>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const found = await db.prisma.$queryRawUnsafe<{ k: string }[]>(
      `SELECT "importKey" AS k FROM "LedgerEntry" WHERE "importKey" IN (SELECT jsonb_array_elements_text($1::jsonb))`,
      JSON.stringify(rows.slice(i, i + CHUNK).map((r) => r.k)),
    );
    for (const f of found) existing.add(f.k);
  }
  const fresh = rows.filter((r) => !existing.has(r.k));
  report.created = fresh.length;
  report.unchanged = rows.length - fresh.length;
  if (opts.dryRun) return report;
  if (fresh.length) {
    const nowIso = new Date().toISOString();
    await db.prisma.$transaction(async (tx) => {
      for (let i = 0; i < fresh.length; i += CHUNK) {
        await tx.$executeRawUnsafe(
          `INSERT INTO "LedgerEntry" ("customerId", kind, "amountKurus", "importKey", "occurredAt", note, "createdAt")
           SELECT v.c, 'payment', v.a, v.k, v.at::timestamp, 'ERP ödemesi', $2::timestamp
           FROM jsonb_to_recordset($1::jsonb) AS v(c int, a int, k text, at text)
           ON CONFLICT ("importKey") DO NOTHING`,
          JSON.stringify(fresh.slice(i, i + CHUNK)),
          nowIso,
        );
        opts.onProgress?.({ phase: 'write', done: Math.min(i + CHUNK, fresh.length), total: fresh.length });
      }
    }, LONG_TX);
  }
  report.applied = true;
  return report;
}
