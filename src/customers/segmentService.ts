import type { Database } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import { addDays, istanbulTime, localDate } from '../shared/dates.ts';
import { rfm, type Segment } from './rfm.ts';
import { churnReasons, type ChurnReason } from './churn.ts';
import { defaultSegmentSettings, type SegmentSettings } from './settings.ts';

export interface CustomerStanding {
  customerId: number;
  phone: string;
  name: string;
  title: string | null;
  segment: Segment;
  recencyDays: number | null;
  ordersPerMonth: number;
  /** Bought in the frequency window (90 days), kuruş. */
  monetaryKurus: number;
  /** The same averaged per month. */
  monthlyKurus: number;
  scores: { r: number; f: number; m: number };
  lastOrderAt: Date | null;
  churnReasons: ChurnReason[];
}

export interface NightlyReport {
  at: Date;
  customers: number;
  changed: number;
  bySegment: Record<Segment, number>;
}

export interface SegmentService {
  /** Every customer's segment, RFM figures and churn reasons as of the instant `at` (nothing after it counts). */
  computeAt(at: Date): Promise<CustomerStanding[]>;
  /** Computes now, stores Customer.segment and writes a SegmentChange only where the segment changed. */
  recomputeNightly(): Promise<NightlyReport>;
  /** Customers with at least one churn reason as of `at`, the most valuable first. */
  atRiskList(at: Date): Promise<CustomerStanding[]>;
}

/** The end of an Istanbul calendar day: `?at=2026-03-20` means "as of that evening". */
export function endOfDay(ymd: string): Date {
  return new Date(istanbulTime(addDays(ymd, 1)).getTime() - 1);
}

/** Istanbul has been UTC+3 all year since 2016; timestamps are stored in UTC. */
const LOCAL = `interval '3 hours'`;
const DAY_MS = 86_400_000;

interface BaseRow {
  id: number;
  phone: string;
  name: string;
  title: string | null;
  last_ms: number | null;
  first_ms: number | null;
  last_day: string | null;
  recency: number | null;
  n_window: number | null;
  m_window: number | null;
  n_days: number | null;
  usual_gap: number | null;
  recent_basket: number | null;
  base_basket: number | null;
  n_base: number | null;
}

interface LateRow {
  cid: number;
  recent_avg: number | null;
  recent_n: number;
  base_avg: number | null;
  base_n: number;
}

export function createSegmentService(deps: { db: Database; clock: Clock; settings?: SegmentSettings }): SegmentService {
  const { db, clock } = deps;
  const s = deps.settings ?? defaultSegmentSettings;
  const prisma = db.prisma;

  async function baseFigures(atIso: string): Promise<BaseRow[]> {
    // One pass over the orders before `at`: recency, window frequency and money, the usual
    // gap between order days (median), and the recent basket against the earlier ones.
    return prisma.$queryRawUnsafe<BaseRow[]>(
      `WITH o AS (
         SELECT "customerId" AS cid, "orderedAt" AS t, "totalKurus" AS total, id
         FROM "Order"
         WHERE "orderedAt" <= $1::timestamp AND status NOT IN ('draft', 'cancelled')
       ),
       base AS (
         SELECT cid, max(t) AS last_t, min(t) AS first_t,
                count(*) FILTER (WHERE t > $1::timestamp - make_interval(days => $2::int))::int AS n_window,
                coalesce(sum(total) FILTER (WHERE t > $1::timestamp - make_interval(days => $2::int)), 0)::float8 AS m_window
         FROM o GROUP BY cid
       ),
       recent AS (
         SELECT cid, t, total, id FROM o WHERE t > $1::timestamp - make_interval(days => $3::int)
       ),
       days AS (
         SELECT DISTINCT cid, (t + ${LOCAL})::date AS d FROM recent
       ),
       gaps AS (
         SELECT cid, d - lag(d) OVER (PARTITION BY cid ORDER BY d) AS gap FROM days
       ),
       cad AS (
         SELECT cid, count(*)::int AS n_days, percentile_cont(0.5) WITHIN GROUP (ORDER BY gap)::float8 AS usual_gap
         FROM gaps GROUP BY cid
       ),
       ranked AS (
         SELECT cid, total, row_number() OVER (PARTITION BY cid ORDER BY t DESC, id DESC) AS rn FROM recent
       ),
       bask AS (
         SELECT cid,
                avg(total) FILTER (WHERE rn <= $4)::float8 AS recent_basket,
                avg(total) FILTER (WHERE rn > $4)::float8 AS base_basket,
                count(*) FILTER (WHERE rn > $4)::int AS n_base
         FROM ranked GROUP BY cid
       )
       SELECT c.id, c.phone, c.name, c.title,
              (extract(epoch FROM b.last_t) * 1000)::float8 AS last_ms,
              (extract(epoch FROM b.first_t) * 1000)::float8 AS first_ms,
              ((($1::timestamp + ${LOCAL})::date) - ((b.last_t + ${LOCAL})::date))::int AS recency,
              b.n_window, b.m_window, cad.n_days, cad.usual_gap, k.recent_basket, k.base_basket, k.n_base
       FROM "Customer" c
       LEFT JOIN base b ON b.cid = c.id
       LEFT JOIN cad ON cad.cid = c.id
       LEFT JOIN bask k ON k.cid = c.id
       ORDER BY c.id`,
      atIso,
      s.frequencyWindowDays,
      s.cadenceLookbackDays,
      s.basketRecentOrders,
    );
  }

  async function lateness(atIso: string): Promise<Map<number, LateRow>> {
    const anyPayment = await prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM "LedgerEntry" WHERE kind = 'payment' AND "occurredAt" <= $1::timestamp LIMIT 1) x`,
      atIso,
    );
    // Without any payment history every sale would look unpaid: say nothing rather than cry wolf.
    if (!anyPayment[0]?.n) return new Map();
    // First-in first-out: a sale is paid on the first payment that brings the customer's
    // running payments up to the running sales including that sale. Done in one window pass.
    const rows = await prisma.$queryRawUnsafe<LateRow[]>(
      `WITH l AS (
         SELECT "customerId" AS cid, kind, "amountKurus"::bigint AS amt, "occurredAt" AS t, "dueAt" AS due, id
         FROM "LedgerEntry" WHERE "occurredAt" <= $1::timestamp AND kind IN ('sale', 'payment')
       ),
       sales AS (
         SELECT cid, coalesce(due, t) AS due, sum(amt) OVER (PARTITION BY cid ORDER BY t, id) AS cum
         FROM l WHERE kind = 'sale' AND amt > 0
       ),
       pays AS (
         SELECT cid, t, sum(-amt) OVER (PARTITION BY cid ORDER BY t, id) AS cum
         FROM l WHERE kind = 'payment' AND amt < 0
       ),
       ev AS (
         SELECT cid, cum, 0 AS ord, due, NULL::timestamp AS pay_t FROM sales
         UNION ALL
         SELECT cid, cum, 1 AS ord, NULL::timestamp, t FROM pays
       ),
       paid AS (
         SELECT cid, ord, due,
                min(pay_t) OVER (PARTITION BY cid ORDER BY cum DESC, ord DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS paid_t
         FROM ev
       ),
       late AS (
         SELECT cid, due,
                greatest(0, extract(epoch FROM (coalesce(paid_t, $1::timestamp) - due)) / 86400.0) AS days_late
         FROM paid
         WHERE ord = 0 AND due < $1::timestamp AND due >= $1::timestamp - make_interval(days => $2::int + $3::int)
       )
       SELECT cid,
              avg(days_late) FILTER (WHERE due >= $1::timestamp - make_interval(days => $2::int))::float8 AS recent_avg,
              count(*) FILTER (WHERE due >= $1::timestamp - make_interval(days => $2::int))::int AS recent_n,
              avg(days_late) FILTER (WHERE due < $1::timestamp - make_interval(days => $2::int))::float8 AS base_avg,
              count(*) FILTER (WHERE due < $1::timestamp - make_interval(days => $2::int))::int AS base_n
       FROM late GROUP BY cid`,
      atIso,
      s.lateRecentDays,
      s.lateBaselineDays,
    );
    return new Map(rows.map((r) => [Number(r.cid), r]));
  }

  /** Proactive messages sent to each customer after the last message they wrote us (within the window). */
  async function unanswered(atIso: string): Promise<Map<number, number>> {
    const rows = await prisma.$queryRawUnsafe<{ cid: number; n: number }[]>(
      `WITH last_in AS (
         SELECT c."customerId" AS cid, max(m."sentAt") AS t
         FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId"
         WHERE m.direction = 'in' AND c."customerId" IS NOT NULL AND m."sentAt" <= $1::timestamp
         GROUP BY c."customerId"
       )
       SELECT o."customerId" AS cid, count(*)::int AS n
       FROM "OutboxMessage" o LEFT JOIN last_in l ON l.cid = o."customerId"
       WHERE o.kind = 'proactive' AND o.status = 'sent' AND o."customerId" IS NOT NULL
         AND o."sentAt" <= $1::timestamp AND o."sentAt" > $1::timestamp - make_interval(days => $2::int)
         AND (l.t IS NULL OR o."sentAt" > l.t)
       GROUP BY o."customerId"`,
      atIso,
      s.noReplyDays,
    );
    return new Map(rows.map((r) => [Number(r.cid), Number(r.n)]));
  }

  async function computeAt(at: Date): Promise<CustomerStanding[]> {
    const atIso = at.toISOString();
    const [base, late, silentToUs] = await Promise.all([baseFigures(atIso), lateness(atIso), unanswered(atIso)]);
    return base.map((row) => {
      const lastOrderAt = row.last_ms === null ? null : new Date(Number(row.last_ms));
      const ageDays = row.first_ms === null ? null : Math.floor((at.getTime() - Number(row.first_ms)) / DAY_MS) + 1;
      const recencyDays = row.recency === null ? null : Number(row.recency);
      const figures = rfm(
        { recencyDays, ordersInWindow: Number(row.n_window ?? 0), monetaryKurus: Number(row.m_window ?? 0), customerAgeDays: ageDays },
        s,
      );
      const l = late.get(row.id);
      const reasons = churnReasons(
        {
          recencyDays,
          lastOrderAt,
          usualGapDays: row.usual_gap === null ? null : Number(row.usual_gap),
          orderDays: Number(row.n_days ?? 0),
          recentBasketKurus: row.recent_basket === null ? null : Number(row.recent_basket),
          baselineBasketKurus: row.base_basket === null ? null : Number(row.base_basket),
          baselineOrders: Number(row.n_base ?? 0),
          lateRecentAvgDays: l?.recent_avg ?? null,
          lateRecentCount: Number(l?.recent_n ?? 0),
          lateBaselineAvgDays: l?.base_avg ?? null,
          lateBaselineCount: Number(l?.base_n ?? 0),
          unansweredMessages: silentToUs.get(row.id) ?? 0,
        },
        s,
      );
      return {
        customerId: row.id,
        phone: row.phone,
        name: row.name,
        title: row.title,
        segment: figures.segment,
        recencyDays,
        ordersPerMonth: figures.ordersPerMonth,
        monetaryKurus: figures.monetaryKurus,
        monthlyKurus: figures.monthlyKurus,
        scores: figures.scores,
        lastOrderAt,
        churnReasons: reasons,
      };
    });
  }

  async function recomputeNightly(): Promise<NightlyReport> {
    const at = clock.now();
    const standings = await computeAt(at);
    const current = await prisma.customer.findMany({ select: { id: true, segment: true } });
    const was = new Map(current.map((c) => [c.id, c.segment]));
    const changes = standings
      .filter((x) => was.has(x.customerId) && was.get(x.customerId) !== x.segment)
      .map((x) => ({
        id: x.customerId,
        from: was.get(x.customerId) ?? null,
        to: x.segment,
        recency: x.recencyDays,
        freq: x.ordersPerMonth,
        money: Math.min(x.monetaryKurus, 2_147_483_647),
        reasons: x.churnReasons.map((r) => r.text),
      }));
    const atIso = at.toISOString();
    await prisma.$transaction(async (tx) => {
      for (let i = 0; i < changes.length; i += 5_000) {
        const chunk = JSON.stringify(changes.slice(i, i + 5_000));
        await tx.$executeRawUnsafe(
          `UPDATE "Customer" c SET segment = v."to", "segmentAt" = $2::timestamp
           FROM jsonb_to_recordset($1::jsonb) AS v(id int, "to" text) WHERE c.id = v.id`,
          chunk,
          atIso,
        );
        await tx.$executeRawUnsafe(
          `INSERT INTO "SegmentChange" ("customerId", "fromSeg", "toSeg", at, "recencyDays", frequency, "monetaryKurus", reasons)
           SELECT v.id, v."from", v."to", $2::timestamp, v.recency, v.freq, v.money,
                  ARRAY(SELECT jsonb_array_elements_text(v.reasons))
           FROM jsonb_to_recordset($1::jsonb) AS v(id int, "from" text, "to" text, recency int, freq float8, money int, reasons jsonb)`,
          chunk,
          atIso,
        );
      }
      await tx.$executeRawUnsafe(`UPDATE "Customer" SET "segmentAt" = $1::timestamp`, atIso);
    });
    const bySegment: Record<Segment, number> = { A: 0, B: 0, C: 0 };
    for (const x of standings) bySegment[x.segment]++;
    return { at, customers: standings.length, changed: changes.length, bySegment };
  }

  async function atRiskList(at: Date): Promise<CustomerStanding[]> {
    const all = await computeAt(at);
    return all
      .filter((x) => x.churnReasons.length > 0)
      .sort((a, b) => a.segment.localeCompare(b.segment) || b.monthlyKurus - a.monthlyKurus || a.customerId - b.customerId);
  }

  return { computeAt, recomputeNightly, atRiskList };
}

/** The day of `at` in Istanbul (for labels). */
export const standingDay = (at: Date) => localDate(at);
