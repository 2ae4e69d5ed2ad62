import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { OrderError, type OrderService } from '../../orders/orderService.ts';
import { ORDER_STATUSES } from '../../orders/status.ts';
import type { CreditService } from '../../credit/creditService.ts';
import { enqueueOutbox } from '../../outbox/enqueue.ts';
import { formatDayTr } from '../../shared/dates.ts';
import { formatTL, parseTL } from '../../shared/money.ts';
import { normalizePhone, phoneToJid } from '../../shared/phone.ts';
import type { OrderStatusName } from '../../orders/quote.ts';
import { parseBody } from '../validate.ts';

const orderNumber = z.coerce.number().int().positive();
const tl = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const k = parseTL(v);
  if (k === null || k <= 0) {
    ctx.addIssue({ code: 'custom', message: 'tutar pozitif bir TL değeri olmalı (ör. 1250,50)' });
    return z.NEVER;
  }
  return k;
});

/** Staff's side of orders and payments: list, move an order along, manual price by an admin, payments. */
export function orderRoutes(deps: { db: Database; orders: OrderService; credit: CreditService; kick(): void }): FastifyPluginAsync {
  const prisma = deps.db.prisma;
  const byNumber = async (n: number) => prisma.order.findUnique({ where: { number: n }, include: { customer: true, delivery: true } });

  /** The customer hears when their order is on its way or delivered (transactional). */
  async function tellCustomer(order: NonNullable<Awaited<ReturnType<typeof byNumber>>>, status: OrderStatusName) {
    const who = order.customer.title ?? order.customer.name;
    const text =
      status === 'on_the_way'
        ? `${who}, ${order.number} numaralı siparişiniz yola çıktı; bugün teslim edilecek.`
        : status === 'delivered'
          ? `${who}, ${order.number} numaralı siparişiniz teslim edildi. Bir sorun olursa yazmanız yeterli; teşekkür ederiz.`
          : null;
    if (!text) return;
    await enqueueOutbox(prisma, { key: `order-status:${order.id}:${status}`, jid: order.customer.jid ?? phoneToJid(order.customer.phone), text, customerId: order.customerId, kind: 'reply' });
    deps.kick();
  }

  return async (app) => {
    app.get('/api/orders', async (req) => {
      const q = parseBody(
        z.object({ status: z.enum(ORDER_STATUSES as [OrderStatusName, ...OrderStatusName[]]).optional(), phone: z.string().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        req.query,
      );
      const phone = q.phone ? normalizePhone(q.phone) : undefined;
      const orders = await prisma.order.findMany({
        where: { ...(q.status ? { status: q.status } : { status: { not: 'draft' } }), ...(phone ? { customer: { phone } } : {}) },
        include: { customer: { select: { phone: true, name: true, business: true } }, delivery: true, lines: { include: { product: { select: { sku: true, name: true } } } } },
        orderBy: { id: 'desc' },
        take: q.limit,
      });
      return {
        orders: orders.map((o) => ({
          number: o.number,
          status: o.status,
          customer: o.customer,
          total: formatTL(o.totalKurus),
          totalKurus: o.totalKurus,
          confirmedAt: o.confirmedAt,
          promise: o.delivery ? { likely: formatDayTr(o.delivery.likelyDate), latest: formatDayTr(o.delivery.latestDate), deliveredAt: o.delivery.deliveredAt, kept: o.delivery.kept } : null,
          lines: o.lines.map((l) => ({ sku: l.product.sku, name: l.product.name, quantity: l.quantity, unit: l.unit, unitPriceKurus: l.unitPriceKurus, priceSource: l.priceSource, overriddenBy: l.overriddenBy })),
        })),
      };
    });

    app.post<{ Params: { number: string } }>('/api/orders/:number/status', async (req, reply) => {
      const n = parseBody(orderNumber, req.params.number);
      const { status, actor } = parseBody(z.object({ status: z.enum(['preparing', 'on_the_way', 'delivered', 'cancelled', 'confirmed']), actor: z.string().max(100).default('staff') }), req.body);
      const order = await byNumber(n);
      if (!order) return reply.code(404).send({ error: 'not_found', message: `sipariş ${n} yok` });
      try {
        const now = await deps.orders.setStatus(order.id, status, { actor });
        await tellCustomer(order, now);
        return { number: n, status: now };
      } catch (err) {
        if (err instanceof OrderError) return reply.code(409).send({ error: err.code, message: err.message });
        throw err;
      }
    });

    app.post<{ Params: { number: string } }>('/api/orders/:number/price', async (req, reply) => {
      const n = parseBody(orderNumber, req.params.number);
      const b = parseBody(z.object({ sku: z.string().min(1), price: tl, admin: z.string().trim().min(1, 'fiyatı değiştiren yöneticinin adı gerekli'), reason: z.string().trim().min(1, 'gerekçe gerekli') }), req.body);
      const order = await byNumber(n);
      if (!order) return reply.code(404).send({ error: 'not_found', message: `sipariş ${n} yok` });
      try {
        return await deps.orders.overridePrice(order.id, b.sku, b.price, { admin: b.admin, reason: b.reason });
      } catch (err) {
        if (err instanceof OrderError) return reply.code(409).send({ error: err.code, message: err.message });
        throw err;
      }
    });

    app.post('/api/payments', async (req, reply) => {
      const b = parseBody(z.object({ phone: z.string(), amount: tl, note: z.string().max(500).optional() }), req.body);
      const phone = normalizePhone(b.phone);
      const customer = phone ? await prisma.customer.findUnique({ where: { phone } }) : null;
      if (!customer) return reply.code(404).send({ error: 'not_found', message: `müşteri bulunamadı: ${b.phone}` });
      await deps.credit.recordPayment(customer.id, b.amount, { note: b.note });
      const status = await deps.credit.status(customer.id);
      return reply.code(201).send({ phone, balance: formatTL(status.balanceKurus), balanceKurus: status.balanceKurus });
    });
  };
}
