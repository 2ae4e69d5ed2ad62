import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import type { SegmentService } from '../../customers/segmentService.ts';
import { endOfDay } from '../../customers/segmentService.ts';
import { CampaignInputError, type CampaignService } from '../../campaigns/campaignService.ts';
import type { Inbox } from '../../inbox/inboxService.ts';
import type { OrderService } from '../../orders/orderService.ts';
import type { Clock } from '../../shared/clock.ts';
import { addDays, istanbulTime, localDate } from '../../shared/dates.ts';
import { formatTL } from '../../shared/money.ts';
import { parseBody } from '../validate.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'tarih YYYY-MM-DD biçiminde olmalı');
const PREVIEW_KINDS = ['winback', 'holiday', 'personal', 'arrivals', 'followup', 'suggestion', 'credit', 'payment'] as const;

/** The owner's API: segments, at-risk list, campaigns, reports. */
export function ownerRoutes(deps: {
  db: Database;
  clock: Clock;
  segments: SegmentService;
  campaigns: CampaignService;
  inbox: Inbox;
  orders: OrderService;
  kick(): void;
}): FastifyPluginAsync {
  const asOf = (at?: string) => (at ? (at.length === 10 ? endOfDay(at) : new Date(at)) : deps.clock.now());
  const atQuery = z.object({
    at: z.union([day, z.string().datetime({ offset: true })]).optional(),
  });

  return async (app) => {
    app.get('/api/customers/segments', async (req) => {
      const q = parseBody(atQuery, req.query);
      const at = asOf(q.at);
      const standings = await deps.segments.computeAt(at);
      return { at: at.toISOString(), customers: standings };
    });

    app.get('/api/customers/at-risk', async (req) => {
      const q = parseBody(atQuery, req.query);
      const at = asOf(q.at);
      return { at: at.toISOString(), customers: await deps.segments.atRiskList(at) };
    });

    app.post('/api/campaigns/preview', async (req, reply) => {
      const b = parseBody(
        z.object({ kind: z.enum(PREVIEW_KINDS), at: z.string().datetime({ offset: true }).or(day).optional() }).passthrough(),
        req.body,
      );
      const { kind, at, ...params } = b;
      try {
        const result = await deps.campaigns.preview(kind, asOfPreview(at), params);
        return { recipients: result.recipients.map((r) => ({ ...r, phone: r.phone, text: r.text })) };
      } catch (err) {
        if (err instanceof CampaignInputError) return reply.code(400).send({ error: 'bad_request', message: err.message });
        throw err;
      }
    });

    app.post('/api/campaigns', async (req, reply) => {
      const b = parseBody(z.object({ kind: z.enum(PREVIEW_KINDS), name: z.string().max(200).optional() }).passthrough(), req.body);
      const { kind, name, ...params } = b;
      try {
        const started = await deps.campaigns.start(kind, params, { actor: 'api', name });
        deps.kick();
        return reply.code(201).send(started);
      } catch (err) {
        if (err instanceof CampaignInputError) return reply.code(400).send({ error: 'bad_request', message: err.message });
        throw err;
      }
    });

    app.get<{ Params: { id: string } }>('/api/campaigns/:id', async (req, reply) => {
      const id = Number(req.params.id);
      if (!Number.isInteger(id) || id < 1) return reply.code(400).send({ error: 'bad_request', message: 'kampanya numarası geçersiz' });
      const exists = await deps.db.prisma.campaign.findUnique({ where: { id }, select: { id: true } });
      if (!exists) return reply.code(404).send({ error: 'not_found', message: `kampanya ${id} yok` });
      return deps.campaigns.progress(id);
    });

    app.get('/api/campaigns/winback-rate', async (req) => {
      const q = parseBody(z.object({ from: day.optional(), to: day.optional() }), req.query);
      const to = q.to ?? localDate(deps.clock.now());
      const from = q.from ?? addDays(to, -90);
      return deps.campaigns.winbackRate(istanbulTime(from), istanbulTime(addDays(to, 1)));
    });

    app.get('/api/reports/response-times', async (req) => {
      const q = parseBody(z.object({ day: day.optional() }), req.query);
      return deps.inbox.dailyReport(q.day ?? localDate(deps.clock.now()));
    });

    app.get('/api/reports/today', async () => {
      const now = deps.clock.now();
      const today = localDate(now);
      const [orders, response, kept] = await Promise.all([
        deps.db.prisma.order.aggregate({
          where: { status: { notIn: ['draft', 'cancelled'] }, confirmedAt: { gte: istanbulTime(today) } },
          _count: true,
          _sum: { totalKurus: true },
        }),
        deps.inbox.dailyReport(today),
        deps.orders.promiseKeptShare(addDays(today, -30), today),
      ]);
      return {
        day: today,
        orders: orders._count,
        revenue: formatTL(orders._sum.totalKurus ?? 0),
        withinStandardPercent: response.withinStandardShare === null ? null : Math.round(response.withinStandardShare * 100),
        p95Minutes: response.p95Ms === null ? null : Math.round(response.p95Ms / 60_000),
        promisesKeptPercent: kept.share === null ? null : Math.round(kept.share * 100),
        waiting: response.waits - response.firstResponses,
      };
    });
  };

  function asOfPreview(at?: string): Date {
    if (!at) return deps.clock.now();
    return at.length === 10 ? istanbulTime(at, 12) : new Date(at);
  }
}
