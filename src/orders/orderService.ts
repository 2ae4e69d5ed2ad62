// Orders: parsed lines → priced draft → confirmation (stock reserved, credit checked, promise recorded) → delivery.
import { z } from 'zod';
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import type { Clock } from '../shared/clock.ts';
import { istanbulTime, localDate } from '../shared/dates.ts';
import { dueDate } from '../credit/terms.ts';
import { deliveryPromise, keptShare, promiseKept, promiseOf, type DeliveryPromise, type HolidayLookup, type KeptShare, type RouteCalendar } from '../delivery/calendar.ts';
import { createHolidayCalendar } from '../delivery/holidays.ts';
import { watchStock } from '../stock/stockService.ts';
import { parsePack } from '../pricing/units.ts';
import { defaultOrderingSettings, type OrderingSettings } from './settings.ts';
import { quoteOrder, type OrderStatusName, type OrderSummary, type Quote, type QuoteInput, type QuoteLineInput, type QuoteProduct, type RefusalReason } from './quote.ts';
import { canMove, OPEN_STATUSES } from './status.ts';

export type { OrderSummary, RefusalReason } from './quote.ts';

type Tx = Prisma.TransactionClient;

export interface OrderServiceDeps {
  db: PrismaClient;
  clock: Clock;
  settings?: OrderingSettings;
  /** Turkish holidays, bayram and arife days (default: date-holidays TR with arife added). */
  holidays?: HolidayLookup;
}

const lineInput = z.object({
  sku: z.string().trim().min(1),
  quantity: z.number().finite().nonnegative(),
  unit: z.string().trim().min(1).nullable(),
  text: z.string().optional(),
});
export type DraftLineInput = z.infer<typeof lineInput>;

const changesInput = z.object({
  set: z.array(z.object({ sku: z.string().trim().min(1), quantity: z.number().finite().nonnegative(), unit: z.string().trim().min(1).nullable().optional() })).optional(),
  remove: z.array(z.string().trim().min(1)).optional(),
  add: z.array(lineInput).optional(),
  /** Take what is in stock now and follow the rest as a backorder (with a "gelince haber ver" watch). */
  acceptPartial: z.boolean().optional(),
});
export type DraftChanges = z.infer<typeof changesInput>;

export interface DraftResult {
  orderId: number;
  number: number;
  summary: OrderSummary;
  /** SKUs that are not in the catalogue (left out of the draft). */
  unknownSkus: string[];
}

export type ConfirmResult =
  | { ok: true; orderId: number; number: number; totalKurus: number; promise: DeliveryPromise | null; summary: OrderSummary; alreadyConfirmed: boolean }
  | { ok: false; reason: RefusalReason; summary: OrderSummary | null; message: string };

export interface OpenOrder {
  orderId: number;
  number: number;
  status: OrderStatusName;
  totalKurus: number;
  confirmedAt: Date | null;
  promise: DeliveryPromise | null;
}

const REFUSAL_ORDER: RefusalReason[] = ['blocked', 'empty', 'lot', 'no_price', 'out_of_stock', 'credit_limit'];

const REFUSAL_TEXT: Record<RefusalReason, string> = {
  credit_limit: 'order would pass the credit limit',
  out_of_stock: 'not enough stock',
  lot: 'a line is not in a sellable lot',
  expired: 'the draft expired',
  no_price: "a product is not on the customer's price list",
  empty: 'the order has no lines',
  blocked: 'the customer is blocked',
  not_draft: 'the order is not a draft',
};

type LoadedOrder = Prisma.OrderGetPayload<{ include: { lines: { include: { product: true } }; customer: true; delivery: true } }>;

const dateOnly = (ymd: string) => new Date(`${ymd}T00:00:00Z`);
/** Timestamps are stored as UTC wall time (timestamp without zone), as Prisma does; raw SQL passes them the same way. */
const utc = (d: Date) => d.toISOString().replace('Z', '');
const ymdOf = (d: Date) => d.toISOString().slice(0, 10);

export function createOrderService(deps: OrderServiceDeps) {
  const { db, clock } = deps;
  const settings = deps.settings ?? defaultOrderingSettings;
  const holidays = deps.holidays ?? createHolidayCalendar();

  // ───────────── reading ─────────────

  function monthRange(at: Date): { start: Date; end: Date } {
    const ymd = localDate(at);
    const y = Number(ymd.slice(0, 4));
    const m = Number(ymd.slice(5, 7));
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    return { start: istanbulTime(`${ymd.slice(0, 7)}-01`), end: istanbulTime(next) };
  }

  /** Month-to-date purchases and the open balance in one round trip (the hot path of every draft and confirmation). */
  async function purchasesAndBalance(tx: Tx, customerId: number, at: Date, excludeOrderId?: number): Promise<{ mtd: number; bal: number }> {
    const { start, end } = monthRange(at);
    const rows = await tx.$queryRaw<{ mtd: bigint | number | null; bal: bigint | number | null }[]>`
      SELECT (SELECT COALESCE(SUM("subtotalKurus"), 0) FROM "Order"
                WHERE "customerId" = ${customerId} AND status IN ('confirmed', 'preparing', 'on_the_way', 'delivered')
                  AND "orderedAt" >= ${utc(start)}::timestamp AND "orderedAt" < ${utc(end)}::timestamp AND id <> ${excludeOrderId ?? -1}) AS mtd,
             (SELECT COALESCE(SUM("amountKurus"), 0) FROM "LedgerEntry" WHERE "customerId" = ${customerId}) AS bal`;
    return { mtd: Number(rows[0]?.mtd ?? 0), bal: Number(rows[0]?.bal ?? 0) };
  }

  async function routeOf(tx: Tx, customer: { routeCode: string | null; district: string | null }): Promise<RouteCalendar> {
    let route = null;
    if (customer.routeCode) route = await tx.deliveryRoute.findUnique({ where: { code: customer.routeCode } });
    else if (customer.district) {
      route = await tx.deliveryRoute.findFirst({ where: { OR: [{ code: customer.district }, { name: { equals: customer.district, mode: 'insensitive' } }] } });
    }
    return route ? { weekdays: route.weekdays, cutoffHour: route.cutoffHour } : {};
  }

  async function promiseFor(tx: Tx, customer: { routeCode: string | null; district: string | null }, at: Date): Promise<DeliveryPromise> {
    return deliveryPromise(at, settings.delivery, holidays, await routeOf(tx, customer));
  }

  type CustomerRow = Prisma.CustomerGetPayload<object>;

  interface RequestedLine {
    productId: number;
    quantity: number;
    unit: string | null;
    manual: QuoteLineInput['manual'];
    backorder: number;
    text: string | null;
  }

  async function quoteFor(
    tx: Tx,
    customer: CustomerRow,
    lines: RequestedLine[],
    at: Date,
    opts: {
      excludeOrderId?: number;
      held?: Map<string, number>;
      fixedDiscountBp?: number;
      balanceAdjust?: number;
      /** Already read in this transaction (saves round trips on the confirmation path). */
      products?: QuoteProduct[];
      stocks?: StockRowData[];
      /** The customer's list, its prices for the lines' products, and month-to-date/balance, read together by draft(). */
      read?: { list: { id: number; code: string; name: string; sellsUnits: boolean; minLotUnits: number }; prices: { productId: number; priceKurus: number }[]; mtd: number; bal: number };
    } = {},
  ): Promise<Quote> {
    const ids = [...new Set(lines.map((l) => l.productId))];
    // One after the other: a transaction is one connection.
    const list = opts.read?.list ?? (await tx.priceList.findUniqueOrThrow({ where: { code: customer.priceListCode } }));
    const known = opts.products && ids.every((id) => opts.products?.some((p) => p.id === id));
    const products = known ? (opts.products as QuoteProduct[]) : await tx.product.findMany({ where: { id: { in: ids } } });
    const prices = opts.read?.prices ?? (await tx.price.findMany({ where: { productId: { in: ids }, priceListId: list.id } }));
    const stocks = opts.stocks ?? (await tx.stock.findMany({ where: { productId: { in: ids } } }));
    const { mtd, bal } = opts.read ?? (await purchasesAndBalance(tx, customer.id, at, opts.excludeOrderId));
    const promise = await promiseFor(tx, customer, at);
    const productById = new Map(products.map((p) => [p.id, p]));
    const priceByProduct = new Map(prices.map((p) => [p.productId, p.priceKurus]));
    const stockByProduct = new Map(stocks.map((s) => [s.productId, s]));
    const input: QuoteInput = {
      customer: { id: customer.id, name: customer.name, title: customer.title, creditLimitKurus: customer.creditLimitKurus, isBlocked: customer.isBlocked },
      priceList: { code: list.code, name: list.name, sellsUnits: list.sellsUnits, minLotUnits: list.minLotUnits },
      lines: lines.map((l) => {
        const p = productById.get(l.productId);
        if (!p) throw new Error(`product ${l.productId} not found`);
        return {
          product: { id: p.id, sku: p.sku, name: p.name, unit: p.unit, pack: p.pack, packCount: p.packCount ?? parsePack(p.pack).count },
          listPriceKurus: priceByProduct.get(p.id) ?? null,
          stock: stockByProduct.get(p.id) ?? null,
          requested: { quantity: l.quantity, unit: l.unit },
          manual: l.manual,
          backorderQuantity: l.backorder,
          text: l.text,
        };
      }),
      monthToDateKurus: mtd,
      openBalanceKurus: bal + (opts.balanceAdjust ?? 0),
      settings,
      today: localDate(at),
      promise,
      heldBySku: opts.held,
      fixedDiscountBp: opts.fixedDiscountBp,
    };
    return quoteOrder(input);
  }

  function requestedFromStored(order: LoadedOrder, fixPrices: boolean): RequestedLine[] {
    return order.lines.map((l) => ({
      productId: l.productId,
      quantity: l.quantity,
      unit: l.unit,
      manual:
        l.priceSource === 'manual'
          ? { priceKurus: l.unitPriceKurus, by: l.overriddenBy, reason: l.overrideReason, source: 'manual' as const }
          : fixPrices
            ? { priceKurus: l.unitPriceKurus, by: null, reason: null, source: 'list' as const }
            : null,
      backorder: l.backorderQty,
      text: l.requestedText,
    }));
  }

  async function loadOrder(tx: Tx, orderId: number, lock: boolean, lockTheCustomer = false): Promise<LoadedOrder> {
    if (lock) {
      const rows = await tx.$queryRaw<{ id: number; customerId: number; status: string }[]>`SELECT id, "customerId", status::text AS status FROM "Order" WHERE id = ${orderId} FOR UPDATE`;
      if (!rows.length) throw new Error(`order ${orderId} not found`);
      if (lockTheCustomer && rows[0].status !== 'delivered' && rows[0].status !== 'cancelled') await lockCustomer(tx, rows[0].customerId);
    }
    return tx.order.findUniqueOrThrow({
      where: { id: orderId },
      include: { lines: { include: { product: true }, orderBy: { id: 'asc' } }, customer: true, delivery: true },
    });
  }

  function summaryOf(order: { id: number; number: number; status: OrderStatusName; expiresAt: Date | null }, quote: Quote): OrderSummary {
    return { ...quote, orderId: order.id, number: order.number, status: order.status, expiresAt: order.expiresAt };
  }

  function storedPromise(order: LoadedOrder): DeliveryPromise | null {
    return order.delivery ? promiseOf(ymdOf(order.delivery.likelyDate), ymdOf(order.delivery.latestDate)) : null;
  }

  async function summaryIn(tx: Tx, order: LoadedOrder, at: Date): Promise<OrderSummary> {
    if (order.status === 'draft') {
      return summaryOf(order, await quoteFor(tx, order.customer, requestedFromStored(order, false), at, { excludeOrderId: order.id }));
    }
    const held = new Map<string, number>();
    for (const l of order.lines) held.set(l.product.sku, (held.get(l.product.sku) ?? 0) + l.reservedQty);
    const counted = order.status === 'cancelled' ? 0 : order.totalKurus;
    const quote = await quoteFor(tx, order.customer, requestedFromStored(order, true), at, {
      excludeOrderId: order.id,
      held,
      fixedDiscountBp: order.discountBp,
      balanceAdjust: -counted,
    });
    return summaryOf(order, { ...quote, delivery: storedPromise(order) });
  }

  // ───────────── writing ─────────────

  function lineRows(quote: Quote, reserve: boolean) {
    return quote.lines.map((l) => ({
      productId: l.productId,
      quantity: l.quantity,
      unit: l.unit,
      listPriceKurus: l.listPriceKurus ?? 0,
      unitPriceKurus: l.unitPriceKurus,
      lineTotalKurus: l.lineTotalKurus,
      priceSource: l.priceSource,
      overriddenBy: l.overriddenBy,
      overrideReason: l.overrideReason,
      backorderQty: l.backorderQuantity,
      requestedText: l.text,
      reservedQty: reserve && !l.lot && l.quantity > 0 ? l.stockQuantity : 0,
    }));
  }

  async function rewriteLines(tx: Tx, orderId: number, quote: Quote, reserve = false) {
    await tx.orderLine.deleteMany({ where: { orderId } });
    await tx.orderLine.createMany({ data: lineRows(quote, reserve).map((r) => ({ ...r, orderId })) });
  }

  function totalsData(quote: Quote) {
    return { subtotalKurus: quote.subtotalKurus, discountBp: quote.discount.rateBp, discountKurus: quote.discount.amountKurus, totalKurus: quote.totalKurus };
  }

  async function lockCustomer(tx: Tx, customerId: number) {
    await tx.$queryRaw`SELECT id FROM "Customer" WHERE id = ${customerId} FOR UPDATE`;
  }

  type StockRowData = { productId: number; quantity: number; reserved: number; restockDate: Date | null };

  /** Stock rows in one order (by product id) so two confirmations never wait on each other in a circle. Returns them as locked. */
  async function lockStock(tx: Tx, productIds: number[]): Promise<StockRowData[]> {
    const ids = [...new Set(productIds)].sort((a, b) => a - b);
    if (!ids.length) return [];
    return tx.$queryRaw<StockRowData[]>`SELECT "productId", quantity, reserved, "restockDate" FROM "Stock" WHERE "productId" = ANY(${ids}::int[]) ORDER BY "productId" FOR UPDATE`;
  }

  async function changeReserved(tx: Tx, productId: number, delta: number, alsoQuantity = false) {
    if (alsoQuantity) {
      await tx.$executeRaw`UPDATE "Stock" SET reserved = GREATEST(0, round((reserved + ${delta}::float8)::numeric, 6)::float8),
        quantity = GREATEST(0, round((quantity + ${delta}::float8)::numeric, 6)::float8), "updatedAt" = (now() AT TIME ZONE 'UTC') WHERE "productId" = ${productId}`;
    } else {
      await tx.$executeRaw`UPDATE "Stock" SET reserved = GREATEST(0, round((reserved + ${delta}::float8)::numeric, 6)::float8),
        "updatedAt" = (now() AT TIME ZONE 'UTC') WHERE "productId" = ${productId}`;
    }
  }

  async function reserveAll(tx: Tx, items: { productId: number; qty: number }[]) {
    if (!items.length) return;
    await tx.$executeRaw`UPDATE "Stock" s SET reserved = round((s.reserved + t.q)::numeric, 6)::float8, "updatedAt" = (now() AT TIME ZONE 'UTC')
      FROM unnest(${items.map((i) => i.productId)}::int[], ${items.map((i) => i.qty)}::float8[]) AS t(p, q) WHERE s."productId" = t.p`;
  }

  // ───────────── the service ─────────────

  function mergeLines(lines: RequestedLine[]): RequestedLine[] {
    const out: RequestedLine[] = [];
    for (const l of lines) {
      const same = out.find((o) => o.productId === l.productId);
      if (!same) out.push({ ...l });
      else if ((l.unit ?? same.unit) === same.unit && !same.manual) {
        same.quantity += l.quantity;
        same.text = [same.text, l.text].filter(Boolean).join(' + ') || null;
      } else Object.assign(same, { ...l, manual: same.manual && (l.unit ?? same.unit) === same.unit ? same.manual : null });
    }
    return out;
  }

  async function productsBySku(tx: Tx, skus: string[]) {
    const found = await tx.product.findMany({ where: { sku: { in: [...new Set(skus)] } }, select: { id: true, sku: true } });
    return new Map(found.map((p) => [p.sku, p.id]));
  }

  /** A priced draft for the customer's lines. */
  async function draft(customerId: number, lines: DraftLineInput[]): Promise<DraftResult> {
    const parsed = z.array(lineInput).parse(lines);
    const now = clock.now();
    // A draft is a quote: plain reads, then one nested create (atomic by itself). No interactive
    // transaction — it costs round trips on the busiest path; confirmation re-prices under locks.
    const tx = db as unknown as Tx;
    {
      const customer = await tx.customer.findUniqueOrThrow({ where: { id: customerId } });
      const { start, end } = monthRange(now);
      const skus = [...new Set(parsed.map((l) => l.sku))];
      // One round trip for the rest: the customer's list, the products with their price and stock, month-to-date and balance.
      const rows = await db.$queryRaw<
        {
          listId: number; listCode: string; listName: string; sellsUnits: boolean; minLotUnits: number; mtd: bigint | number | null; bal: bigint | number | null;
          id: number | null; sku: string; name: string; unit: string; pack: string; packCount: number | null; priceKurus: number | null;
          stockProductId: number | null; quantity: number; reserved: number; restockDate: Date | null;
        }[]
      >`
        SELECT pl."id" AS "listId", pl."code" AS "listCode", pl."name" AS "listName", pl."sellsUnits", pl."minLotUnits",
               (SELECT COALESCE(SUM("subtotalKurus"), 0) FROM "Order"
                  WHERE "customerId" = ${customerId} AND status IN ('confirmed', 'preparing', 'on_the_way', 'delivered')
                    AND "orderedAt" >= ${utc(start)}::timestamp AND "orderedAt" < ${utc(end)}::timestamp) AS mtd,
               (SELECT COALESCE(SUM("amountKurus"), 0) FROM "LedgerEntry" WHERE "customerId" = ${customerId}) AS bal,
               p."id", p."sku", p."name", p."unit", p."pack", p."packCount", pr."priceKurus",
               s."productId" AS "stockProductId", s."quantity", s."reserved", s."restockDate"
        FROM "PriceList" pl
        LEFT JOIN "Product" p ON p."sku" IN (${skus.length ? Prisma.join(skus) : Prisma.sql`NULL`})
        LEFT JOIN "Price" pr ON pr."productId" = p."id" AND pr."priceListId" = pl."id"
        LEFT JOIN "Stock" s ON s."productId" = p."id"
        WHERE pl."code" = ${customer.priceListCode}`;
      if (!rows.length) throw new Error(`price list ${customer.priceListCode} not found`);
      const found = rows.filter((r) => r.id !== null).map((r) => ({ ...r, id: r.id as number }));
      const products: QuoteProduct[] = found.map((r) => ({ id: r.id, sku: r.sku, name: r.name, unit: r.unit, pack: r.pack, packCount: r.packCount }));
      const head = rows[0];
      const read = {
        list: { id: head.listId, code: head.listCode, name: head.listName, sellsUnits: head.sellsUnits, minLotUnits: head.minLotUnits },
        prices: found.filter((r) => r.priceKurus !== null).map((r) => ({ productId: r.id, priceKurus: r.priceKurus as number })),
        mtd: Number(head.mtd ?? 0),
        bal: Number(head.bal ?? 0),
      };
      const stocks: StockRowData[] = found
        .filter((r) => r.stockProductId !== null)
        .map((r) => ({ productId: r.id, quantity: r.quantity, reserved: r.reserved, restockDate: r.restockDate }));
      const ids = new Map(products.map((p) => [p.sku, p.id]));
      const unknownSkus = [...new Set(parsed.filter((l) => !ids.has(l.sku)).map((l) => l.sku))];
      const requested = mergeLines(
        parsed
          .filter((l) => ids.has(l.sku) && l.quantity > 0)
          .map((l) => ({ productId: ids.get(l.sku) as number, quantity: l.quantity, unit: l.unit, manual: null, backorder: 0, text: l.text ?? null })),
      );
      const quote = await quoteFor(tx, customer, requested, now, { products, stocks, read });
      // The order and its lines in one statement (atomic by itself).
      const t = totalsData(quote);
      const expiresAt = new Date(now.getTime() + settings.draftExpiryMinutes * 60_000);
      const lineValues = lineRows(quote, false).map(
        (l) => Prisma.sql`(${l.productId}::int, ${l.quantity}::float8, ${l.unit}, ${l.listPriceKurus}::int, ${l.unitPriceKurus}::int, ${l.lineTotalKurus}::int,
          ${l.priceSource}, ${l.overriddenBy}::text, ${l.overrideReason}::text, ${l.backorderQty}::float8, ${l.requestedText}::text, ${l.reservedQty}::float8)`,
      );
      const created = await db.$queryRaw<{ id: number; number: number; status: OrderStatusName; expiresAt: Date | null }[]>`
        WITH o AS (
          INSERT INTO "Order" ("customerId", "status", "priceListCode", "subtotalKurus", "discountBp", "discountKurus", "totalKurus", "createdAt", "updatedAt", "orderedAt", "expiresAt")
          VALUES (${customerId}, 'draft', ${customer.priceListCode}, ${t.subtotalKurus}, ${t.discountBp}, ${t.discountKurus}, ${t.totalKurus}, ${now}, ${new Date()}, ${now}, ${expiresAt})
          RETURNING "id", "number", "status"::text AS "status", "expiresAt"
        )${
          lineValues.length
            ? Prisma.sql`, l AS (
          INSERT INTO "OrderLine" ("orderId", "productId", "quantity", "unit", "listPriceKurus", "unitPriceKurus", "lineTotalKurus", "priceSource", "overriddenBy", "overrideReason", "backorderQty", "requestedText", "reservedQty")
          SELECT o."id", v.* FROM o, (VALUES ${Prisma.join(lineValues)}) AS v
        )`
            : Prisma.empty
        }
        SELECT * FROM o`;
      const order = created[0];
      return { orderId: order.id, number: order.number, summary: summaryOf(order, quote), unknownSkus };
    }
  }

  /** Changes a draft: set a quantity for a SKU (0 removes it), remove SKUs, add lines, or take what is in stock. */
  async function updateDraft(orderId: number, changes: DraftChanges): Promise<DraftResult> {
    const c = changesInput.parse(changes);
    const now = clock.now();
    return db.$transaction(async (tx) => {
      const order = await loadOrder(tx, orderId, true);
      if (order.status !== 'draft') throw new OrderError('not_draft', `order ${order.number} is ${order.status}, not a draft`);
      const skus = [...(c.set ?? []).map((s) => s.sku), ...(c.add ?? []).map((a) => a.sku), ...(c.remove ?? [])];
      const ids = await productsBySku(tx, skus);
      const unknownSkus = [...new Set(skus.filter((s) => !ids.has(s)))];
      let lines = requestedFromStored(order, false);
      const removeIds = new Set((c.remove ?? []).map((s) => ids.get(s)).filter((x): x is number => x !== undefined));
      lines = lines.filter((l) => !removeIds.has(l.productId));
      for (const s of c.set ?? []) {
        const pid = ids.get(s.sku);
        if (pid === undefined) continue;
        const line = lines.find((l) => l.productId === pid);
        if (s.quantity <= 0) lines = lines.filter((l) => l.productId !== pid);
        else if (line) {
          const unit = s.unit === undefined ? line.unit : s.unit;
          if (unit !== line.unit) line.manual = null;
          Object.assign(line, { quantity: s.quantity, unit, backorder: 0 });
        } else lines.push({ productId: pid, quantity: s.quantity, unit: s.unit ?? null, manual: null, backorder: 0, text: null });
      }
      const added = (c.add ?? []).filter((a) => ids.has(a.sku) && a.quantity > 0);
      lines = mergeLines([...lines, ...added.map((a) => ({ productId: ids.get(a.sku) as number, quantity: a.quantity, unit: a.unit, manual: null, backorder: 0, text: a.text ?? null }))]);

      let quote = await quoteFor(tx, order.customer, lines, now, { excludeOrderId: order.id });
      if (c.acceptPartial) {
        for (const q of quote.lines) {
          if (q.lot || q.quantity <= 0 || q.stock.state === 'in_stock') continue;
          const line = lines.find((l) => l.productId === q.productId) as RequestedLine;
          const take = q.stock.availableQuantity;
          line.backorder = Math.round((q.quantity - take) * 1000) / 1000;
          line.quantity = take;
          line.unit = q.unit;
          await watchStock(tx, order.customerId, q.productId);
        }
        quote = await quoteFor(tx, order.customer, lines, now, { excludeOrderId: order.id });
      }
      await rewriteLines(tx, order.id, quote);
      const expiresAt = new Date(now.getTime() + settings.draftExpiryMinutes * 60_000);
      const updated = await tx.order.update({ where: { id: order.id }, data: { ...totalsData(quote), expiresAt } });
      return { orderId: order.id, number: order.number, summary: summaryOf(updated, quote), unknownSkus };
    });
  }

  /**
   * Confirms a draft in one transaction that locks the order, the customer and the stock rows, so two
   * confirmations at the same moment can neither oversell nor together pass the credit limit.
   */
  async function confirm(orderId: number, opts: { actor?: string } = {}): Promise<ConfirmResult> {
    const now = clock.now();
    return db.$transaction(async (tx): Promise<ConfirmResult> => {
      const order = await loadOrder(tx, orderId, true, true);
      if (order.status !== 'draft') {
        if (OPEN_STATUSES.includes(order.status) || order.status === 'delivered') {
          const summary = await summaryIn(tx, order, now);
          return { ok: true, orderId: order.id, number: order.number, totalKurus: order.totalKurus, promise: storedPromise(order), summary, alreadyConfirmed: true };
        }
        return { ok: false, reason: 'not_draft', summary: null, message: `order ${order.number} is ${order.status}` };
      }
      if (order.expiresAt && order.expiresAt.getTime() < now.getTime()) {
        return { ok: false, reason: 'expired', summary: null, message: REFUSAL_TEXT.expired };
      }
      const stocks = await lockStock(tx, order.lines.map((l) => l.productId));
      const customer = order.customer; // read after its row was locked
      const quote = await quoteFor(tx, customer, requestedFromStored(order, false), now, {
        excludeOrderId: order.id,
        products: order.lines.map((l) => l.product),
        stocks,
      });
      const summary = summaryOf(order, quote);
      if (quote.problems.length) {
        const reason = REFUSAL_ORDER.find((r) => quote.problems.includes(r)) as RefusalReason;
        return { ok: false, reason, summary, message: REFUSAL_TEXT[reason] };
      }
      await reserveAll(tx, quote.lines.filter((l) => !l.lot && l.quantity > 0 && l.stockQuantity > 0).map((l) => ({ productId: l.productId, qty: l.stockQuantity })));
      await rewriteLines(tx, order.id, quote, true);
      const promise = quote.delivery as DeliveryPromise;
      const t = utc(now);
      const audit = JSON.stringify({
        number: order.number,
        customerId: customer.id,
        priceList: customer.priceListCode,
        totalKurus: quote.totalKurus,
        discountBp: quote.discount.rateBp,
        lines: quote.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unit: l.unit, unitPriceKurus: l.unitPriceKurus, priceSource: l.priceSource })),
      });
      // The order, its sale in the ledger, the recorded promise and the audit row: one statement, one round trip.
      await tx.$executeRaw`
        WITH o AS (
          UPDATE "Order" SET status = 'confirmed'::"OrderStatus", "confirmedAt" = ${t}::timestamp, "orderedAt" = ${t}::timestamp, "expiresAt" = NULL,
            "priceListCode" = ${customer.priceListCode}, "subtotalKurus" = ${quote.subtotalKurus}, "discountBp" = ${quote.discount.rateBp},
            "discountKurus" = ${quote.discount.amountKurus}, "totalKurus" = ${quote.totalKurus}, "updatedAt" = ${t}::timestamp
          WHERE id = ${order.id} RETURNING id),
        l AS (
          INSERT INTO "LedgerEntry" ("customerId", kind, "amountKurus", "orderId", "occurredAt", note)
          VALUES (${customer.id}, 'sale', ${quote.totalKurus}, ${order.id}, ${t}::timestamp, ${`Sipariş No ${order.number}`}) RETURNING id),
        d AS (
          INSERT INTO "Delivery" ("orderId", "likelyDate", "latestDate", "promisedAt")
          VALUES (${order.id}, ${promise.likely}::date, ${promise.latest}::date, ${t}::timestamp) RETURNING id)
        INSERT INTO "AuditLog" (at, actor, action, entity, "entityId", data)
        VALUES (${t}::timestamp, ${opts.actor ?? 'customer'}, 'order.confirm', 'Order', ${String(order.id)}, ${audit}::jsonb)`;
      return {
        ok: true,
        orderId: order.id,
        number: order.number,
        totalKurus: quote.totalKurus,
        promise,
        summary: { ...summary, status: 'confirmed', expiresAt: null },
        alreadyConfirmed: false,
      };
    });
  }

  /** Cancels an order; a confirmed one gives its stock back and its sale is reversed in the ledger. */
  async function cancel(orderId: number, opts: { actor?: string; reason?: string } = {}): Promise<{ ok: boolean; status: OrderStatusName }> {
    const now = clock.now();
    return db.$transaction(async (tx) => {
      const order = await loadOrder(tx, orderId, true, true);
      if (order.status === 'cancelled') return { ok: true, status: order.status };
      if (order.status === 'delivered') return { ok: false, status: order.status };
      if (order.status !== 'draft') {
        await lockStock(tx, order.lines.map((l) => l.productId));
        for (const l of order.lines) if (l.reservedQty > 0) await changeReserved(tx, l.productId, -l.reservedQty);
        await tx.orderLine.updateMany({ where: { orderId }, data: { reservedQty: 0 } });
        if (order.totalKurus !== 0) {
          await tx.ledgerEntry.create({
            data: { customerId: order.customerId, kind: 'adjustment', amountKurus: -order.totalKurus, orderId, occurredAt: now, note: `İptal: Sipariş No ${order.number}` },
          });
        }
      }
      await tx.order.update({ where: { id: orderId }, data: { status: 'cancelled', cancelledAt: now } });
      await tx.auditLog.create({
        data: { at: now, actor: opts.actor ?? 'system', action: 'order.cancel', entity: 'Order', entityId: String(orderId), data: { from: order.status, reason: opts.reason ?? null } },
      });
      return { ok: true, status: 'cancelled' as const };
    });
  }

  /**
   * Records the actual delivery: stock leaves the warehouse, the promise is scored (kept when delivered on or
   * before its latest day) and the sale falls due after the customer's payment terms.
   */
  async function markDelivered(orderId: number, at: Date = clock.now()): Promise<{ kept: boolean | null; dueAt: Date }> {
    return db.$transaction(async (tx) => {
      const order = await loadOrder(tx, orderId, true);
      const due = dueDate(at, order.customer.paymentTermsDays);
      if (order.status === 'delivered') return { kept: order.delivery?.kept ?? null, dueAt: due };
      if (!OPEN_STATUSES.includes(order.status)) throw new OrderError('not_open', `order ${order.number} is ${order.status}`);
      await lockStock(tx, order.lines.map((l) => l.productId));
      for (const l of order.lines) if (l.reservedQty > 0) await changeReserved(tx, l.productId, -l.reservedQty, true);
      await tx.orderLine.updateMany({ where: { orderId }, data: { reservedQty: 0 } });
      let kept: boolean | null = null;
      if (order.delivery) {
        kept = promiseKept(ymdOf(order.delivery.latestDate), at);
        await tx.delivery.update({ where: { orderId }, data: { deliveredAt: at, kept } });
      }
      await tx.ledgerEntry.updateMany({ where: { orderId, kind: 'sale' }, data: { dueAt: due } });
      await tx.order.update({ where: { id: orderId }, data: { status: 'delivered' } });
      return { kept, dueAt: due };
    });
  }

  async function setStatus(orderId: number, status: OrderStatusName, opts: { actor?: string } = {}): Promise<OrderStatusName> {
    if (status === 'delivered') {
      await markDelivered(orderId);
      return 'delivered';
    }
    if (status === 'cancelled') return (await cancel(orderId, opts)).status;
    if (status === 'confirmed') {
      const r = await confirm(orderId, opts);
      if (!r.ok) throw new OrderError(r.reason, r.message);
      return 'confirmed';
    }
    return db.$transaction(async (tx) => {
      const order = await loadOrder(tx, orderId, true);
      if (order.status === status) return status;
      if (!canMove(order.status, status)) throw new OrderError('bad_status', `order ${order.number} cannot go from ${order.status} to ${status}`);
      await tx.order.update({ where: { id: orderId }, data: { status } });
      await tx.auditLog.create({
        data: { at: clock.now(), actor: opts.actor ?? 'staff', action: 'order.status', entity: 'Order', entityId: String(orderId), data: { from: order.status, to: status } },
      });
      return status;
    });
  }

  /** A manual price for one line, only by a named admin and with a reason; audit-logged. */
  async function overridePrice(orderId: number, sku: string, priceKurus: number, who: { admin: string; reason: string }): Promise<OrderSummary> {
    const admin = (who?.admin ?? '').trim();
    const reason = (who?.reason ?? '').trim();
    if (!admin) throw new OrderError('forbidden', 'a manual price needs an admin name');
    if (!reason) throw new OrderError('forbidden', 'a manual price needs a reason');
    if (!Number.isInteger(priceKurus) || priceKurus < 0) throw new OrderError('bad_price', 'price must be whole kuruş, 0 or more');
    const now = clock.now();
    return db.$transaction(async (tx) => {
      const order = await loadOrder(tx, orderId, true);
      if (order.status === 'delivered' || order.status === 'cancelled') throw new OrderError('not_open', `order ${order.number} is ${order.status}`);
      const line = order.lines.find((l) => l.product.sku === sku);
      if (!line) throw new OrderError('no_line', `order ${order.number} has no ${sku}`);
      const before = line.unitPriceKurus;
      await tx.orderLine.update({
        where: { id: line.id },
        data: { unitPriceKurus: priceKurus, lineTotalKurus: Math.round(priceKurus * line.quantity), priceSource: 'manual', overriddenBy: admin, overrideReason: reason },
      });
      const fresh = await loadOrder(tx, orderId, false);
      let summary: OrderSummary;
      if (order.status === 'draft') {
        const quote = await quoteFor(tx, fresh.customer, requestedFromStored(fresh, false), now, { excludeOrderId: orderId });
        await rewriteLines(tx, orderId, quote);
        const updated = await tx.order.update({ where: { id: orderId }, data: totalsData(quote) });
        summary = summaryOf(updated, quote);
      } else {
        // Confirmed: keep the discount rate it was confirmed with; the difference goes to the ledger.
        const held = new Map<string, number>();
        for (const l of fresh.lines) held.set(l.product.sku, (held.get(l.product.sku) ?? 0) + l.reservedQty);
        const quote = await quoteFor(tx, fresh.customer, requestedFromStored(fresh, true), now, { excludeOrderId: orderId, held, fixedDiscountBp: order.discountBp, balanceAdjust: -order.totalKurus });
        const updated = await tx.order.update({ where: { id: orderId }, data: totalsData(quote) });
        const delta = quote.totalKurus - order.totalKurus;
        if (delta !== 0) {
          await tx.ledgerEntry.create({
            data: { customerId: order.customerId, kind: 'adjustment', amountKurus: delta, orderId, occurredAt: now, note: `Fiyat düzeltme: Sipariş No ${order.number}, ${sku}` },
          });
        }
        summary = { ...summaryOf(updated, quote), delivery: storedPromise(order) };
      }
      await tx.auditLog.create({
        data: {
          at: now,
          actor: admin,
          action: 'order.price_override',
          entity: 'Order',
          entityId: String(orderId),
          data: { number: order.number, customerId: order.customerId, sku, fromKurus: before, toKurus: priceKurus, reason, status: order.status },
        },
      });
      return summary;
    });
  }

  /** The order as the customer would see it now (a draft is re-priced; a confirmed order shows what was applied). */
  async function summary(orderId: number): Promise<OrderSummary> {
    return db.$transaction(async (tx) => summaryIn(tx, await loadOrder(tx, orderId, false), clock.now()));
  }

  /** Confirmed orders not delivered yet, the newest first, with their promises. */
  async function openOrders(customerId: number): Promise<OpenOrder[]> {
    const orders = await db.order.findMany({
      where: { customerId, status: { in: OPEN_STATUSES } },
      include: { delivery: true },
      orderBy: { confirmedAt: 'desc' },
    });
    return orders.map((o) => ({
      orderId: o.id,
      number: o.number,
      status: o.status,
      totalKurus: o.totalKurus,
      confirmedAt: o.confirmedAt,
      promise: o.delivery ? promiseOf(ymdOf(o.delivery.likelyDate), ymdOf(o.delivery.latestDate)) : null,
    }));
  }

  /** The customer's latest draft that can still be confirmed, if any. */
  async function currentDraft(customerId: number): Promise<number | null> {
    const d = await db.order.findFirst({
      where: { customerId, status: 'draft', OR: [{ expiresAt: null }, { expiresAt: { gte: clock.now() } }] },
      orderBy: { id: 'desc' },
      select: { id: true },
    });
    return d?.id ?? null;
  }

  /** Cancels drafts past their expiry; returns how many. */
  async function expireDrafts(): Promise<number> {
    const now = clock.now();
    const r = await db.order.updateMany({ where: { status: 'draft', expiresAt: { lt: now } }, data: { status: 'cancelled', cancelledAt: now } });
    return r.count;
  }

  /**
   * Share of delivery promises kept among those whose latest day falls in [from, to] (YYYY-MM-DD or Dates,
   * Istanbul days). An undelivered promise past its latest day counts as broken.
   */
  async function promiseKeptShare(from: Date | string, to: Date | string): Promise<KeptShare> {
    const f = typeof from === 'string' ? from : localDate(from);
    const t = typeof to === 'string' ? to : localDate(to);
    const rows = await db.delivery.findMany({
      where: { latestDate: { gte: dateOnly(f), lte: dateOnly(t) }, order: { status: { not: 'cancelled' } } },
      select: { latestDate: true, deliveredAt: true },
    });
    return keptShare(rows.map((r) => ({ latest: ymdOf(r.latestDate), deliveredAt: r.deliveredAt })), clock.now(), settings.promiseStandardPercent);
  }

  /** Prices a customer would pay today ("omo 6 kg kaç lira"): their list, per selling unit (and per piece on online lists). */
  async function priceQuote(customerId: number, skus: string[]) {
    const now = clock.now();
    const { start, end } = monthRange(now);
    // One round trip: the customer's list, the products with their price on it, this month's purchases.
    const rows = await db.$queryRaw<
      { priceListCode: string; listName: string | null; sellsUnits: boolean | null; mtd: bigint | number | null; sku: string | null; name: string; unit: string; pack: string; packCount: number | null; priceKurus: number | null }[]
    >`
      SELECT c."priceListCode", pl."name" AS "listName", pl."sellsUnits",
             (SELECT COALESCE(SUM("subtotalKurus"), 0) FROM "Order"
                WHERE "customerId" = c."id" AND status IN ('confirmed', 'preparing', 'on_the_way', 'delivered')
                  AND "orderedAt" >= ${utc(start)}::timestamp AND "orderedAt" < ${utc(end)}::timestamp) AS mtd,
             p."sku", p."name", p."unit", p."pack", p."packCount", pr."priceKurus"
      FROM "Customer" c
      LEFT JOIN "PriceList" pl ON pl."code" = c."priceListCode"
      LEFT JOIN "Product" p ON p."sku" IN (${skus.length ? Prisma.join(skus) : Prisma.sql`NULL`})
      LEFT JOIN "Price" pr ON pr."productId" = p."id" AND pr."priceListId" = pl."id"
      WHERE c."id" = ${customerId}
      ORDER BY p."id"`;
    if (!rows.length) throw new Error(`customer ${customerId} not found`);
    const customer = { priceListCode: rows[0].priceListCode, priceList: rows[0].listName === null ? null : { name: rows[0].listName, sellsUnits: rows[0].sellsUnits } };
    const products = rows.filter((r) => r.sku !== null).map((r) => ({ ...r, sku: r.sku as string, prices: r.priceKurus === null ? [] : [{ priceKurus: r.priceKurus }] }));
    const mtd = Number(rows[0].mtd ?? 0);
    const next = settings.tiers.find((t) => mtd <= t.aboveKurus) ?? null;
    return {
      priceList: { code: customer.priceListCode, name: customer.priceList?.name ?? customer.priceListCode },
      monthToDateKurus: mtd,
      nextTier: next ? { aboveKurus: next.aboveKurus, percent: next.bp / 100, missingKurus: next.aboveKurus - mtd } : null,
      items: products.map((p) => {
        const price = p.prices[0]?.priceKurus ?? null;
        const count = Math.max(1, p.packCount ?? parsePack(p.pack).count);
        return {
          sku: p.sku,
          name: p.name,
          unit: p.unit,
          pack: p.pack,
          packCount: count,
          priceKurus: price,
          perPieceKurus: price !== null && customer.priceList?.sellsUnits && count > 1 ? Math.round(price / count) : null,
        };
      }),
    };
  }

  /** Today's promise for a customer, without an order ("ne zaman gelir?"). */
  async function promiseForCustomer(customerId: number): Promise<DeliveryPromise> {
    const customer = await db.customer.findUniqueOrThrow({ where: { id: customerId } });
    return promiseFor(db as unknown as Tx, customer, clock.now());
  }

  return {
    draft,
    updateDraft,
    confirm,
    cancel,
    setStatus,
    markDelivered,
    overridePrice,
    summary,
    openOrders,
    currentDraft,
    expireDrafts,
    promiseKeptShare,
    priceQuote,
    promiseForCustomer,
    settings,
  };
}

export type OrderService = ReturnType<typeof createOrderService>;

export class OrderError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'OrderError';
  }
}

