// A priced order from plain data: lines, lots, stock, volume tier, credit and delivery promise. No I/O.
import { creditCheck, type CreditCheck } from '../credit/ledger.ts';
import type { DeliveryPromise } from '../delivery/calendar.ts';
import { resolveLine, type LotProblem } from '../pricing/lots.ts';
import { lineTotal, orderTotals, unitPrice } from '../pricing/priceOrder.ts';
import type { VolumeDiscount } from '../pricing/tiers.ts';
import { isMeasureUnit, parsePack } from '../pricing/units.ts';
import { availableQuantity, restockDay, stockState, type StockState } from '../stock/availability.ts';
import type { OrderingSettings } from './settings.ts';

export type OrderStatusName = 'draft' | 'confirmed' | 'preparing' | 'on_the_way' | 'delivered' | 'cancelled';

export type RefusalReason = 'credit_limit' | 'out_of_stock' | 'lot' | 'expired' | 'no_price' | 'empty' | 'blocked' | 'not_draft';

export interface QuoteProduct {
  id: number;
  sku: string;
  name: string;
  unit: string;
  pack: string;
  packCount: number | null;
}

export interface QuoteLineInput {
  product: QuoteProduct;
  /** The customer's list price for one selling unit; null when the product is not on the list. */
  listPriceKurus: number | null;
  stock: { quantity: number; reserved: number; restockDate: Date | string | null } | null;
  requested: { quantity: number; unit: string | null };
  /** A price fixed on the line: set by an admin (source manual), or applied at confirmation (source list). */
  manual?: { priceKurus: number; by: string | null; reason: string | null; source?: 'list' | 'manual' } | null;
  backorderQuantity?: number;
  text?: string | null;
}

export interface QuoteInput {
  customer: { id: number; name: string; title: string | null; creditLimitKurus: number; isBlocked: boolean };
  priceList: { code: string; name: string; sellsUnits: boolean; minLotUnits: number };
  lines: QuoteLineInput[];
  monthToDateKurus: number;
  openBalanceKurus: number;
  settings: OrderingSettings;
  /** YYYY-MM-DD in Istanbul (restock dates before it are no promise). */
  today: string;
  promise: DeliveryPromise | null;
  /** Selling units this order already holds in stock (a confirmed order being re-read): they count as available to it. */
  heldBySku?: Map<string, number>;
  /** The discount already applied (a confirmed order being re-read). */
  fixedDiscountBp?: number;
}

export interface QuotedLine {
  sku: string;
  productId: number;
  productName: string;
  /** What the customer asked for. */
  requestedQuantity: number;
  requestedUnit: string | null;
  /** The line as sold (equal to the request unless it converted exactly, e.g. 24 adet → 2 koli). */
  quantity: number;
  unit: string;
  sellingUnit: string;
  packCount: number;
  /** Quantity in selling units (what the stock is counted in). */
  stockQuantity: number;
  /** The list price of one line unit (null: not on the customer's list). */
  listPriceKurus: number | null;
  unitPriceKurus: number;
  lineTotalKurus: number;
  priceSource: 'list' | 'manual';
  overriddenBy: string | null;
  overrideReason: string | null;
  stock: StockState;
  lot: LotProblem | null;
  noPrice: boolean;
  backorderQuantity: number;
  converted: boolean;
  text: string | null;
}

export interface ReduceSuggestion {
  sku: string;
  productName: string;
  /** "2 koli daha az": reduce this line by this many units to fit the limit. */
  reduceBy: number;
  unit: string;
  newQuantity: number;
  newTotalKurus: number;
}

export interface OrderSummary {
  orderId: number;
  number: number;
  status: OrderStatusName;
  customer: { id: number; name: string; title: string | null };
  priceList: { code: string; name: string };
  lines: QuotedLine[];
  subtotalKurus: number;
  discount: { rateBp: number; percent: number; amountKurus: number; monthToDateKurus: number; basedOnKurus: number; next: VolumeDiscount['next'] };
  totalKurus: number;
  credit: CreditCheck & { suggestion: ReduceSuggestion | null };
  /** Lines that cannot be served in full now. */
  shortages: { sku: string; productName: string; requested: number; available: number; unit: string; restockDate: string | null; state: 'partial' | 'out' }[];
  lotProblems: (LotProblem & { sku: string; productName: string })[];
  delivery: DeliveryPromise | null;
  /** Why it cannot be confirmed as it stands (empty: it can). */
  problems: RefusalReason[];
  canConfirm: boolean;
  expiresAt: Date | null;
}

export interface Quote extends Omit<OrderSummary, 'orderId' | 'number' | 'status' | 'expiresAt'> {}

function quoteLine(input: QuoteLineInput, list: QuoteInput['priceList'], today: string, held: number): QuotedLine {
  const p = input.product;
  const count = Math.max(1, p.packCount ?? parsePack(p.pack).count);
  const res = resolveLine({ name: p.name, unit: p.unit, pack: p.pack, packCount: count }, list, input.requested);
  const avSelling = availableQuantity(input.stock) + held;
  const restock = restockDay(input.stock, today);
  const base = {
    sku: p.sku,
    productId: p.id,
    productName: p.name,
    requestedQuantity: input.requested.quantity,
    requestedUnit: input.requested.unit,
    sellingUnit: p.unit,
    packCount: count,
    backorderQuantity: input.backorderQuantity ?? 0,
    text: input.text ?? null,
    overriddenBy: input.manual?.by ?? null,
    overrideReason: input.manual?.reason ?? null,
    priceSource: (input.manual ? (input.manual.source ?? 'manual') : 'list') as 'list' | 'manual',
  };
  if (input.requested.quantity === 0) {
    // Only a backorder is left on this line ("gelince gönderelim").
    const restockLater = availableQuantity(input.stock) > 1e-9 ? null : restock;
    return {
      ...base,
      quantity: 0,
      unit: input.requested.unit ?? p.unit,
      stockQuantity: 0,
      listPriceKurus: input.listPriceKurus,
      unitPriceKurus: 0,
      lineTotalKurus: 0,
      stock: { state: avSelling > 1e-9 ? 'in_stock' : 'out', availableQuantity: avSelling, restockDate: restockLater },
      lot: null,
      noPrice: false,
      converted: false,
    };
  }
  if (!res.ok) {
    return {
      ...base,
      quantity: input.requested.quantity,
      unit: input.requested.unit ?? (list.sellsUnits && count > 1 ? 'adet' : p.unit),
      stockQuantity: 0,
      listPriceKurus: input.listPriceKurus,
      unitPriceKurus: 0,
      lineTotalKurus: 0,
      stock: { state: avSelling > 1e-9 ? 'in_stock' : 'out', availableQuantity: avSelling, restockDate: avSelling > 1e-9 ? null : restock },
      lot: res.problem,
      noPrice: input.listPriceKurus === null && !input.manual,
      converted: false,
    };
  }
  let availLine = avSelling / res.perSellingUnit;
  if (!isMeasureUnit(res.unit)) availLine = Math.floor(availLine + 1e-6);
  else availLine = Math.round(availLine * 1000) / 1000;
  const state = res.quantity > 0 ? stockState(res.quantity, availLine, restock) : stockState(0, availLine, restock);
  const listUnit = input.listPriceKurus === null ? null : unitPrice(input.listPriceKurus, res.perSellingUnit);
  const noPrice = listUnit === null && !input.manual;
  const unit = input.manual ? input.manual.priceKurus : (listUnit ?? 0);
  return {
    ...base,
    quantity: res.quantity,
    unit: res.unit,
    stockQuantity: res.stockQuantity,
    listPriceKurus: listUnit,
    unitPriceKurus: noPrice ? 0 : unit,
    lineTotalKurus: noPrice ? 0 : lineTotal(unit, res.quantity),
    stock: { ...state, restockDate: state.state === 'in_stock' ? null : state.restockDate },
    lot: null,
    noPrice,
    converted: res.converted,
  };
}

/** Smallest cut of one line (in whole line units) that brings the order within the room left. */
export function reduceToFit(lines: QuotedLine[], roomKurus: number, monthToDateKurus: number, settings: OrderingSettings): ReduceSuggestion | null {
  const priced = lines.filter((l) => !l.lot && !l.noPrice && l.quantity > 0);
  let best: ReduceSuggestion | null = null;
  for (const line of priced) {
    const step = isMeasureUnit(line.unit) ? 0.5 : 1;
    const others = priced.filter((l) => l !== line).map((l) => l.lineTotalKurus);
    for (let cut = step, i = 0; cut < line.quantity - 1e-9 && i < 10_000; cut += step, i++) {
      const newQty = line.quantity - cut;
      const totals = orderTotals([...others, lineTotal(line.unitPriceKurus, newQty)], monthToDateKurus, settings.tiers);
      if (totals.totalKurus <= roomKurus) {
        if (!best || cut < best.reduceBy || (cut === best.reduceBy && totals.totalKurus > best.newTotalKurus)) {
          best = { sku: line.sku, productName: line.productName, reduceBy: cut, unit: line.unit, newQuantity: newQty, newTotalKurus: totals.totalKurus };
        }
        break;
      }
    }
  }
  return best;
}

export function quoteOrder(input: QuoteInput): Quote {
  const lines = input.lines.map((l) => quoteLine(l, input.priceList, input.today, input.heldBySku?.get(l.product.sku) ?? 0));
  const tiers = input.fixedDiscountBp !== undefined ? [{ aboveKurus: -1, bp: input.fixedDiscountBp }] : input.settings.tiers;
  const totals = orderTotals(lines.map((l) => l.lineTotalKurus), input.monthToDateKurus, tiers);
  const credit = creditCheck({ limitKurus: input.customer.creditLimitKurus, balanceKurus: input.openBalanceKurus, orderKurus: totals.totalKurus, warnPercent: input.settings.creditWarnPercent });
  const active = lines.filter((l) => l.quantity > 0);
  const shortages = active
    .filter((l) => !l.lot && l.stock.state !== 'in_stock')
    .map((l) => ({
      sku: l.sku,
      productName: l.productName,
      requested: l.quantity,
      available: l.stock.availableQuantity,
      unit: l.unit,
      restockDate: l.stock.restockDate,
      state: l.stock.state as 'partial' | 'out',
    }));
  const lotProblems = active.filter((l) => l.lot).map((l) => ({ ...(l.lot as LotProblem), sku: l.sku, productName: l.productName }));
  const problems: RefusalReason[] = [];
  if (input.customer.isBlocked) problems.push('blocked');
  if (!active.length) problems.push('empty');
  if (lotProblems.length) problems.push('lot');
  if (active.some((l) => l.noPrice && !l.lot)) problems.push('no_price');
  if (shortages.length) problems.push('out_of_stock');
  if (!credit.ok) problems.push('credit_limit');
  const suggestion = credit.ok ? null : reduceToFit(lines, credit.roomKurus, input.monthToDateKurus, input.settings);
  return {
    customer: { id: input.customer.id, name: input.customer.name, title: input.customer.title },
    priceList: { code: input.priceList.code, name: input.priceList.name },
    lines,
    subtotalKurus: totals.subtotalKurus,
    discount: {
      rateBp: totals.discount.bp,
      percent: totals.discount.bp / 100,
      amountKurus: totals.discountKurus,
      monthToDateKurus: totals.discount.monthToDateKurus,
      basedOnKurus: totals.discount.basedOnKurus,
      next: totals.discount.next,
    },
    totalKurus: totals.totalKurus,
    credit: { ...credit, suggestion },
    shortages,
    lotProblems,
    delivery: input.promise,
    problems,
    canConfirm: problems.length === 0,
  };
}
