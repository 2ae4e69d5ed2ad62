// Stock questions, "gelince haber vereyim" watches and the watches that became due.
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import type { Clock } from '../shared/clock.ts';
import { localDate } from '../shared/dates.ts';
import { availableQuantity, restockDay, stockSentence } from './availability.ts';

export interface DueStockWatch {
  id: number;
  customerId: number;
  productId: number;
  sku: string;
  productName: string;
  availableQuantity: number;
  unit: string;
  createdAt: Date;
}

/** Watches whose product can be sold again and whose customer has not been told yet. */
export async function dueStockWatches(db: PrismaClient): Promise<DueStockWatch[]> {
  const rows = await db.$queryRaw<
    { id: number; customerId: number; productId: number; sku: string; productName: string; quantity: number; reserved: number; unit: string; createdAt: Date }[]
  >`SELECT w.id, w."customerId", w."productId", p.sku, p.name AS "productName", s.quantity, s.reserved, p.unit, w."createdAt"
    FROM "StockWatch" w
    JOIN "Product" p ON p.id = w."productId"
    JOIN "Stock" s ON s."productId" = w."productId"
    WHERE w."notifiedAt" IS NULL AND s.quantity - s.reserved > 0
    ORDER BY w."createdAt", w.id`;
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customerId,
    productId: r.productId,
    sku: r.sku,
    productName: r.productName,
    availableQuantity: availableQuantity(r),
    unit: r.unit,
    createdAt: r.createdAt,
  }));
}

/** Marks watches as told (after the message was put in the outbox). */
export async function markStockWatchesNotified(db: Pick<PrismaClient, 'stockWatch'>, ids: number[], at: Date): Promise<number> {
  if (!ids.length) return 0;
  const r = await db.stockWatch.updateMany({ where: { id: { in: ids }, notifiedAt: null }, data: { notifiedAt: at } });
  return r.count;
}

/** Records "gelince haber ver" once per customer and product while it is pending. */
export async function watchStock(db: Pick<PrismaClient, 'stockWatch'>, customerId: number, productId: number): Promise<number> {
  const pending = await db.stockWatch.findFirst({ where: { customerId, productId, notifiedAt: null }, select: { id: true } });
  if (pending) return pending.id;
  return (await db.stockWatch.create({ data: { customerId, productId }, select: { id: true } })).id;
}

export interface StockAnswer {
  sku: string;
  name: string;
  unit: string;
  /** Free to sell now, in the selling unit. */
  availableQuantity: number;
  inStock: boolean;
  restockDate: string | null;
  /** "Baldo Pirinç 1 kg şu an stokta yok; 2 Aralık Çarşamba geliyor." */
  sentence: string;
}

export function createStockService(deps: { db: PrismaClient; clock: Clock }) {
  const { db, clock } = deps;

  async function availability(skus: string[]): Promise<StockAnswer[]> {
    if (!skus.length) return [];
    // One round trip: products with their stock row (null when none).
    const rows = await db.$queryRaw<{ sku: string; name: string; unit: string; quantity: number | null; reserved: number | null; restockDate: Date | string | null }[]>`
      SELECT p."sku", p."name", p."unit", s."quantity", s."reserved", s."restockDate"
      FROM "Product" p LEFT JOIN "Stock" s ON s."productId" = p."id"
      WHERE p."sku" IN (${Prisma.join(skus)})`;
    const products = rows.map((r) => ({ ...r, stock: r.quantity === null ? null : { quantity: r.quantity, reserved: r.reserved ?? 0, restockDate: r.restockDate } }));
    const today = localDate(clock.now());
    const bySku = new Map(products.map((p) => [p.sku, p]));
    return skus.flatMap((sku) => {
      const p = bySku.get(sku);
      if (!p) return [];
      const available = availableQuantity(p.stock);
      const restock = available > 0 ? null : restockDay(p.stock, today);
      return [{ sku, name: p.name, unit: p.unit, availableQuantity: available, inStock: available > 0, restockDate: restock, sentence: stockSentence(p.name, available, restock) }];
    });
  }

  async function watch(customerId: number, sku: string): Promise<number> {
    const p = await db.product.findUniqueOrThrow({ where: { sku }, select: { id: true } });
    return watchStock(db, customerId, p.id);
  }

  return {
    availability,
    watch,
    due: () => dueStockWatches(db),
    markNotified: (ids: number[]) => markStockWatchesNotified(db, ids, clock.now()),
  };
}

export type StockService = ReturnType<typeof createStockService>;
