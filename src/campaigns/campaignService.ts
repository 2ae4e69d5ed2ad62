import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import type { Clock } from '../shared/clock.ts';
import { formatDayTr, localDate } from '../shared/dates.ts';
import { phoneToJid } from '../shared/phone.ts';
import { mayReceive } from './consent.ts';
import { holidayToGreet } from './holidays.ts';
import { nextBusinessTime } from './pacing.ts';
import { arrivalsRecipients } from './rules/arrivals.ts';
import { complaintFollowUps, type ComplaintFacts } from './rules/followup.ts';
import { holidayRecipients } from './rules/holiday.ts';
import { personalRecipients, type PersonalDay } from './rules/personal.ts';
import { creditReminders, paymentReminders, type AccountFacts } from './rules/reminders.ts';
import { suggestionRecipients, type CrossSellFacts, type LastYearFacts } from './rules/suggestion.ts';
import { winbackRecipients } from './rules/winback.ts';
import { campaignSettings, pacingSettings, type CampaignSettings, type PacingSettings } from './settings.ts';
import type { Templates } from './templates.ts';
import { COMMERCIAL_KINDS, type CampaignCustomer, type CampaignKind, type PlannedMessage, type SegmentLetter } from './types.ts';

// ───────────── inputs (validated: they come from the API and WhatsApp commands) ─────────────

const segmentList = z.array(z.enum(['A', 'B', 'C'])).min(1);
const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const arrivalsParamsSchema = z.object({
  text: z.string().trim().min(1).max(1_000),
  segments: segmentList.optional(),
  /** SKUs of the new products (their names go into the message). */
  products: z.array(z.string().min(1)).max(20).optional(),
  category: z.string().min(1).optional(),
  onlyBuyers: z.boolean().optional(),
});
export type ArrivalsInput = z.infer<typeof arrivalsParamsSchema>;

const dayParams = z.object({ date: ymd.optional() });
const followupParams = z.object({ include: z.array(z.enum(['complaint', 'credit', 'payment'])).min(1).optional() });
const suggestionParams = z.object({ mode: z.enum(['last-year', 'cross-sell', 'both']).optional() });

export type PreviewKind = 'winback' | 'holiday' | 'personal' | 'arrivals' | 'followup' | 'suggestion' | 'credit' | 'payment';

export interface PreviewRecipient {
  phone: string;
  text: string;
  name: string;
  segment: SegmentLetter | null;
  kind: CampaignKind;
  sendAfter: string;
}

export interface StartResult {
  /** The first (for arrivals the only) campaign created, or an existing one of the same day. */
  campaignId: number | null;
  campaigns: { id: number; kind: CampaignKind; recipients: number; existing: boolean }[];
  recipients: number;
}

export interface CampaignProgress {
  campaignId: number;
  kind: string;
  name: string;
  status: string;
  total: number;
  pending: number;
  queued: number;
  skipped: number;
  failed: number;
  sent: number;
  delivered: number;
  read: number;
  replied: number;
  ordered: number;
  bySegment: Record<string, { total: number; sent: number; ordered: number }>;
}

export interface WinbackRate {
  sent: number;
  converted: number;
  /** converted / sent (0 when nothing was sent). */
  rate: number;
  /** Of the sent, how many are still inside their 14-day window (may still convert). */
  stillOpen: number;
}

export interface CampaignService {
  /** Who would get what at `at`, sending nothing and writing nothing. */
  preview(kind: PreviewKind, at: Date, params?: Record<string, unknown>): Promise<{ recipients: PreviewRecipient[] }>;
  /** Plans a campaign now: a Campaign and its CampaignRecipient rows (unique per customer). */
  start(kind: PreviewKind, params: Record<string, unknown>, opts: { actor: string; name?: string }): Promise<StartResult>;
  /** Moves recipients whose time has come into the outbox (idempotent by `campaign:<id>:<customerId>`). */
  dispatchDue(now: Date, opts?: { limit?: number }): Promise<{ queued: number; skipped: number }>;
  /** Syncs sent/delivered/read/replied/ordered from the outbox, messages and orders, and counts them. */
  progress(campaignId: number): Promise<CampaignProgress>;
  /** Win-back messages sent in [from, to) and how many turned into an order within 14 days. */
  winbackRate(from: Date, to: Date): Promise<WinbackRate>;
  /** Stops a campaign: recipients not yet queued are skipped. */
  cancel(campaignId: number): Promise<number>;
  /** Refreshes outcomes of all campaigns still inside their windows (the nightly job calls it). */
  refreshOutcomes(now?: Date): Promise<void>;
  lastCampaign(kind: CampaignKind): Promise<{ id: number } | null>;
}

const DAY_MS = 86_400_000;
const ACTIVE_ORDER = `status NOT IN ('draft', 'cancelled')`;

interface Plan {
  kind: CampaignKind;
  messages: PlannedMessage[];
  /** Name of an automatic campaign: a second start of the same one finds it instead. */
  name: string;
  meta: Record<string, unknown>;
}

export function createCampaignService(deps: {
  db: Database;
  clock: Clock;
  templates: Templates;
  settings?: CampaignSettings;
  pacing?: PacingSettings;
}): CampaignService {
  const { db, clock, templates } = deps;
  const s = deps.settings ?? campaignSettings();
  const hours = deps.pacing ?? pacingSettings();
  const prisma = db.prisma;

  // ───────────── data the rules look at ─────────────

  async function loadCustomers(): Promise<CampaignCustomer[]> {
    // Straight through the driver: 20,000 cards through the ORM cost a second or more.
    const rows = await db.sql.query<{
      id: number; phone: string; jid: string | null; name: string; title: string | null; business: string | null; segment: string | null;
      customer_type: string; consent: boolean; opted_out_ms: number | null; blocked: boolean;
    }>(
      `SELECT id, phone, jid, name, title, business, segment, "customerType" AS customer_type, "commercialConsent" AS consent,
              (extract(epoch FROM "optedOutAt") * 1000)::float8 AS opted_out_ms, "isBlocked" AS blocked
       FROM "Customer" ORDER BY id`,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      phone: r.phone,
      jid: r.jid,
      name: r.name,
      title: r.title,
      business: r.business,
      segment: r.segment === 'A' || r.segment === 'B' || r.segment === 'C' ? r.segment : null,
      customerType: r.customer_type,
      commercialConsent: r.consent,
      optedOutAt: r.opted_out_ms === null ? null : new Date(Number(r.opted_out_ms)),
      isBlocked: r.blocked,
    }));
  }

  /** Products of each customer's last two orders (of the last 180 days), most recent first. */
  async function lastProducts(at: Date, ids: number[]): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>();
    if (ids.length === 0 || s.lastProductsCount === 0) return out;
    const rows = await prisma.$queryRawUnsafe<{ cid: number; names: string[] }[]>(
      `WITH ids AS (SELECT DISTINCT (jsonb_array_elements_text($2::jsonb))::int AS id),
       recent AS (
         SELECT ids.id AS cid, o.id AS oid, o.t FROM ids CROSS JOIN LATERAL (
           SELECT id, "orderedAt" AS t FROM "Order"
           WHERE "customerId" = ids.id AND "orderedAt" <= $1::timestamp AND "orderedAt" > $1::timestamp - interval '180 days' AND ${ACTIVE_ORDER}
           ORDER BY "orderedAt" DESC LIMIT 2) o
       ),
       bought AS (
         SELECT r.cid, p.name, max(r.t) AS t FROM recent r
         JOIN "OrderLine" l ON l."orderId" = r.oid JOIN "Product" p ON p.id = l."productId"
         GROUP BY 1, 2
       ),
       ranked AS (SELECT cid, name, row_number() OVER (PARTITION BY cid ORDER BY t DESC, name) AS rn FROM bought)
       SELECT cid, array_agg(name ORDER BY rn) AS names FROM ranked WHERE rn <= $3 GROUP BY cid`,
      at.toISOString(),
      JSON.stringify(ids),
      s.lastProductsCount,
    );
    for (const r of rows) out.set(Number(r.cid), r.names);
    return out;
  }

  async function recencies(at: Date): Promise<{ customerId: number; recencyDays: number | null }[]> {
    const rows = await prisma.$queryRawUnsafe<{ cid: number; r: number | null }[]>(
      `SELECT o."customerId" AS cid, ((($1::timestamp + interval '3 hours')::date) - ((max(o."orderedAt") + interval '3 hours')::date))::int AS r
       FROM "Order" o WHERE o."orderedAt" <= $1::timestamp AND o.${ACTIVE_ORDER} GROUP BY o."customerId"`,
      at.toISOString(),
    );
    return rows.map((x) => ({ customerId: Number(x.cid), recencyDays: x.r === null ? null : Number(x.r) }));
  }

  /** Last time each customer was sent (or planned) a message of this kind. */
  async function lastOfKind(kind: CampaignKind, at: Date): Promise<Map<number, Date>> {
    const rows = await prisma.$queryRawUnsafe<{ cid: number; ms: number }[]>(
      `SELECT r."customerId" AS cid, (extract(epoch FROM max(coalesce(r."sentAt", c."createdAt"))) * 1000)::float8 AS ms
       FROM "CampaignRecipient" r JOIN "Campaign" c ON c.id = r."campaignId"
       WHERE c.kind = $1 AND r.status NOT IN ('skipped', 'failed') AND c.status <> 'cancelled'
         AND coalesce(r."sentAt", c."createdAt") <= $2::timestamp
       GROUP BY r."customerId"`,
      kind,
      at.toISOString(),
    );
    return new Map(rows.map((x) => [Number(x.cid), new Date(Number(x.ms))]));
  }

  async function buyersOf(skus: string[] | undefined, category: string | undefined, at: Date): Promise<Set<number>> {
    const rows = await prisma.$queryRawUnsafe<{ cid: number }[]>(
      `WITH cats AS (
         SELECT category FROM "Product" WHERE sku IN (SELECT jsonb_array_elements_text($1::jsonb)) AND category <> ''
         UNION SELECT $2::text WHERE $2::text IS NOT NULL
       )
       SELECT DISTINCT o."customerId" AS cid
       FROM "Order" o JOIN "OrderLine" l ON l."orderId" = o.id JOIN "Product" p ON p.id = l."productId"
       WHERE p.category IN (SELECT category FROM cats) AND o."orderedAt" <= $3::timestamp AND o.${ACTIVE_ORDER}`,
      JSON.stringify(skus ?? []),
      category ?? null,
      at.toISOString(),
    );
    return new Set(rows.map((r) => Number(r.cid)));
  }

  async function personalDays(): Promise<PersonalDay[]> {
    const [special, birthdays, firsts] = await Promise.all([
      prisma.specialDay.findMany(),
      prisma.customer.findMany({ where: { birthday: { not: null } }, select: { id: true, birthday: true } }),
      prisma.$queryRawUnsafe<{ cid: number; d: string }[]>(
        `SELECT "customerId" AS cid, to_char(min("orderedAt" + interval '3 hours'), 'YYYY-MM-DD') AS d FROM "Order" WHERE ${ACTIVE_ORDER} GROUP BY "customerId"`,
      ),
    ]);
    const out: PersonalDay[] = [];
    for (const d of special) {
      const kind = d.kind === 'birthday' || d.kind === 'anniversary' ? d.kind : 'other';
      out.push({ customerId: d.customerId, kind, month: d.month, day: d.day, year: d.year, label: d.label });
    }
    for (const b of birthdays) {
      const iso = b.birthday!.toISOString().slice(0, 10);
      out.push({ customerId: b.id, kind: 'birthday', month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)), year: Number(iso.slice(0, 4)) });
    }
    for (const f of firsts) {
      out.push({ customerId: Number(f.cid), kind: 'anniversary', month: Number(f.d.slice(5, 7)), day: Number(f.d.slice(8, 10)), year: Number(f.d.slice(0, 4)) });
    }
    return out;
  }

  async function complaints(at: Date): Promise<ComplaintFacts[]> {
    const rows = await prisma.complaint.findMany({
      where: { followUpSentAt: null, createdAt: { lte: at } },
      select: { id: true, number: true, customerId: true, createdAt: true, followUpAt: true, followUpSentAt: true, product: { select: { name: true } } },
    });
    return rows.map((r) => ({ ...r, productName: r.product?.name ?? null }));
  }

  async function accounts(at: Date): Promise<AccountFacts[]> {
    const rows = await prisma.$queryRawUnsafe<
      { cid: number; lim: number; balance: number; notyet: number; soon: number; soon_ms: number | null; oldest_ms: number | null }[]
    >(
      `WITH e AS (
         SELECT l."customerId" AS cid, l.kind, l."amountKurus"::bigint AS amt, l."occurredAt" AS t, l.id,
                coalesce(l."dueAt", l."occurredAt" + make_interval(days => c."paymentTermsDays")) AS due
         FROM "LedgerEntry" l JOIN "Customer" c ON c.id = l."customerId"
         WHERE l."occurredAt" <= $1::timestamp
       ),
       sums AS (
         SELECT cid, sum(amt)::float8 AS balance,
                coalesce(sum(-amt) FILTER (WHERE kind <> 'sale' AND amt < 0), 0)::float8 AS paid,
                coalesce(sum(amt) FILTER (WHERE kind = 'sale' AND due > $1::timestamp), 0)::float8 AS notyet,
                coalesce(sum(amt) FILTER (WHERE kind = 'sale' AND due > $1::timestamp AND due <= $1::timestamp + make_interval(days => $2::int)), 0)::float8 AS soon,
                min(due) FILTER (WHERE kind = 'sale' AND due > $1::timestamp AND due <= $1::timestamp + make_interval(days => $2::int)) AS soon_at
         FROM e GROUP BY cid
       ),
       sales AS (
         SELECT cid, due, sum(amt) OVER (PARTITION BY cid ORDER BY t, id) AS cum FROM e WHERE kind = 'sale' AND amt > 0
       ),
       oldest AS (
         SELECT DISTINCT ON (s.cid) s.cid, s.due FROM sales s JOIN sums USING (cid)
         WHERE sums.balance > 0 AND s.cum > sums.paid ORDER BY s.cid, s.cum
       )
       SELECT c.id AS cid, c."creditLimitKurus" AS lim, sums.balance, sums.notyet, sums.soon,
              (extract(epoch FROM sums.soon_at) * 1000)::float8 AS soon_ms,
              (extract(epoch FROM oldest.due) * 1000)::float8 AS oldest_ms
       FROM sums JOIN "Customer" c ON c.id = sums.cid LEFT JOIN oldest ON oldest.cid = sums.cid`,
      at.toISOString(),
      s.paymentDueSoonDays,
    );
    return rows.map((r) => ({
      customerId: Number(r.cid),
      creditLimitKurus: Number(r.lim),
      balanceKurus: Number(r.balance),
      notYetDueKurus: Number(r.notyet),
      dueSoonKurus: Number(r.soon),
      dueSoonAt: r.soon_ms === null ? null : new Date(Number(r.soon_ms)),
      oldestUnpaidDueAt: r.oldest_ms === null ? null : new Date(Number(r.oldest_ms)),
    }));
  }

  async function lastYearFacts(at: Date): Promise<LastYearFacts[]> {
    const rows = await prisma.$queryRawUnsafe<{ cid: number; pid: number; name: string; unit: string; qty: number }[]>(
      `SELECT o."customerId" AS cid, l."productId" AS pid, p.name, p.unit, sum(l.quantity)::float8 AS qty
       FROM "Order" o JOIN "OrderLine" l ON l."orderId" = o.id JOIN "Product" p ON p.id = l."productId"
       WHERE o."orderedAt" >= $1::timestamp - interval '365 days'
         AND o."orderedAt" < $1::timestamp - interval '365 days' + make_interval(days => $2::int)
         AND o.${ACTIVE_ORDER}
         AND NOT EXISTS (
           SELECT 1 FROM "Order" o2 JOIN "OrderLine" l2 ON l2."orderId" = o2.id
           WHERE o2."customerId" = o."customerId" AND l2."productId" = l."productId"
             AND o2."orderedAt" > $1::timestamp - make_interval(days => $3::int) AND o2."orderedAt" <= $1::timestamp AND o2.${ACTIVE_ORDER})
       GROUP BY 1, 2, 3, 4`,
      at.toISOString(),
      s.lastYearWindowDays,
      s.suggestionRecentDays,
    );
    return rows.map((r) => ({ customerId: Number(r.cid), productId: Number(r.pid), productName: r.name, unit: r.unit, quantity: Number(r.qty) }));
  }

  async function crossSellFacts(at: Date): Promise<CrossSellFacts[]> {
    const rows = await prisma.$queryRawUnsafe<{ cid: number; pid: number; name: string; because: string; n: number }[]>(
      `WITH ol AS (
         SELECT DISTINCT l."orderId" AS oid, l."productId" AS pid, o."customerId" AS cid, o."orderedAt" AS t
         FROM "OrderLine" l JOIN "Order" o ON o.id = l."orderId"
         WHERE o."orderedAt" <= $1::timestamp AND o."orderedAt" > $1::timestamp - interval '365 days' AND o.${ACTIVE_ORDER}
       ),
       pairs AS (
         SELECT a.pid AS x, b.pid AS y, count(*)::int AS n FROM ol a JOIN ol b ON a.oid = b.oid AND a.pid <> b.pid
         GROUP BY 1, 2 HAVING count(*) >= $2::int
       ),
       mine AS (SELECT DISTINCT cid, pid FROM ol WHERE t > $1::timestamp - interval '90 days'),
       ever AS (
         SELECT DISTINCT o."customerId" AS cid, l."productId" AS pid FROM "OrderLine" l JOIN "Order" o ON o.id = l."orderId"
         WHERE o."orderedAt" <= $1::timestamp AND o.${ACTIVE_ORDER}
       ),
       cand AS (
         SELECT m.cid, p.y AS pid, p.x AS because, p.n FROM mine m JOIN pairs p ON p.x = m.pid
         WHERE NOT EXISTS (SELECT 1 FROM ever e WHERE e.cid = m.cid AND e.pid = p.y)
       ),
       best AS (SELECT DISTINCT ON (cid) cid, pid, because, n FROM cand ORDER BY cid, n DESC, pid, because)
       SELECT best.cid, best.pid, p1.name, p2.name AS because, best.n
       FROM best JOIN "Product" p1 ON p1.id = best.pid JOIN "Product" p2 ON p2.id = best.because
       WHERE p1.active`,
      at.toISOString(),
      s.crossSellMinOrders,
    );
    return rows.map((r) => ({ customerId: Number(r.cid), productId: Number(r.pid), productName: r.name, becauseName: r.because, together: Number(r.n) }));
  }

  // ───────────── planning ─────────────

  async function plan(kind: PreviewKind, at: Date, params: Record<string, unknown>): Promise<Plan[]> {
    try {
      return await planUnchecked(kind, at, params);
    } catch (err) {
      if (err instanceof z.ZodError) throw new CampaignInputError(err.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; '));
      throw err;
    }
  }

  async function planUnchecked(kind: PreviewKind, at: Date, params: Record<string, unknown>): Promise<Plan[]> {
    const customers = await loadCustomers();
    const day = localDate(at);
    switch (kind) {
      case 'arrivals': {
        const p = arrivalsParamsSchema.parse(params);
        const products = p.products?.length
          ? (await prisma.product.findMany({ where: { sku: { in: p.products } }, select: { sku: true, name: true } }))
          : [];
        const missing = (p.products ?? []).filter((sku) => !products.some((x) => x.sku === sku));
        if (missing.length) throw new CampaignInputError(`bilinmeyen ürün kodu: ${missing.join(', ')}`);
        const names = (p.products ?? []).map((sku) => products.find((x) => x.sku === sku)!.name);
        const buyers = p.onlyBuyers ? await buyersOf(p.products, p.category, at) : null;
        const messages = arrivalsRecipients(customers, { ...p, products: names }, buyers, s);
        return [{ kind, messages, name: `Yeni ürünler ${day}`, meta: { products: p.products ?? [], category: p.category ?? null } }];
      }
      case 'holiday': {
        const d = dayParams.parse(params).date ?? day;
        const holiday = holidayToGreet(d, s.greetHolidays);
        return [{ kind, messages: holidayRecipients(customers, holiday, s), name: `holiday:${d}`, meta: { holiday } }];
      }
      case 'personal': {
        const d = dayParams.parse(params).date ?? day;
        return [{ kind, messages: personalRecipients(customers, await personalDays(), d, s), name: `personal:${d}`, meta: {} }];
      }
      case 'winback': {
        const messages = winbackRecipients(customers, await recencies(at), await lastOfKind('winback', at), at, s);
        return [{ kind, messages, name: `winback:${day}`, meta: {} }];
      }
      case 'followup':
      case 'credit':
      case 'payment': {
        const include =
          kind === 'followup' ? followupParams.parse(params).include ?? ['complaint', 'credit', 'payment'] : [kind === 'credit' ? 'credit' : 'payment'];
        const plans: Plan[] = [];
        if (include.includes('complaint')) {
          plans.push({ kind: 'followup', messages: complaintFollowUps(customers, await complaints(at), at, s), name: `followup:${day}`, meta: {} });
        }
        if (include.includes('credit') || include.includes('payment')) {
          const acc = await accounts(at);
          if (include.includes('credit')) {
            plans.push({ kind: 'credit', messages: creditReminders(customers, acc, await lastOfKind('credit', at), at, s), name: `credit:${day}`, meta: {} });
          }
          if (include.includes('payment')) {
            plans.push({ kind: 'payment', messages: paymentReminders(customers, acc, await lastOfKind('payment', at), at, s), name: `payment:${day}`, meta: {} });
          }
        }
        return plans;
      }
      case 'suggestion': {
        const mode = suggestionParams.parse(params).mode ?? 'both';
        const ly = mode === 'cross-sell' ? [] : await lastYearFacts(at);
        const xs = mode === 'last-year' ? [] : await crossSellFacts(at);
        return [{ kind, messages: suggestionRecipients(customers, ly, xs, s), name: `suggestion:${day}`, meta: { mode } }];
      }
    }
  }

  /** The exact text each recipient gets (commercial ones signed with the business and the stop word). */
  async function render(kind: CampaignKind, messages: PlannedMessage[], at: Date): Promise<{ m: PlannedMessage; text: string; sendAfter: Date }[]> {
    // Only look up recent products when a template of this campaign mentions them.
    const usesLast = [...new Set(messages.map((m) => m.template))].some((t) => templates.source(t).includes('last_products'));
    const last = usesLast ? await lastProducts(at, messages.map((m) => m.customer.id)) : new Map<number, string[]>();
    const commercial = COMMERCIAL_KINDS.has(kind);
    const today = formatDayTr(at);
    const footer = commercial ? templates.render('commercial-footer', footerContext()) : '';
    // Only a few distinct delays (A, B, C): work out each send time once.
    const sendAfterOf = new Map<number, Date>();
    const seen = new Set<number>();
    const out: { m: PlannedMessage; text: string; sendAfter: Date }[] = [];
    for (const m of messages) {
      if (seen.has(m.customer.id)) continue; // one message per customer and campaign
      seen.add(m.customer.id);
      const c = m.customer;
      const ctx = {
        title: c.title || c.name,
        name: c.name,
        business: c.business ?? '',
        business_name: s.businessName,
        segment: c.segment ?? 'C',
        last_products: last.get(c.id) ?? [],
        today,
        ...m.vars,
      };
      const body = templates.render(m.template, ctx);
      const delay = m.delayHours ?? 0;
      let sendAfter = sendAfterOf.get(delay);
      if (!sendAfter) {
        sendAfter = nextBusinessTime(new Date(at.getTime() + delay * 3_600_000), hours);
        sendAfterOf.set(delay, sendAfter);
      }
      out.push({ m, text: commercial ? `${body}\n\n${footer}` : body, sendAfter });
    }
    return out;
  }

  function footerContext() {
    return { title: '', name: '', business: '', business_name: s.businessName, segment: 'C', last_products: [], today: '', stop_word: s.stopWord };
  }

  async function preview(kind: PreviewKind, at: Date, params: Record<string, unknown> = {}) {
    const plans = await plan(kind, at, params);
    const recipients: PreviewRecipient[] = [];
    for (const p of plans) {
      for (const r of await render(p.kind, p.messages, at)) {
        recipients.push({ phone: r.m.customer.phone, text: r.text, name: r.m.customer.name, segment: r.m.customer.segment, kind: p.kind, sendAfter: r.sendAfter.toISOString() });
      }
    }
    return { recipients };
  }

  async function start(kind: PreviewKind, params: Record<string, unknown>, opts: { actor: string; name?: string }): Promise<StartResult> {
    const at = clock.now();
    const plans = await plan(kind, at, params);
    const result: StartResult = { campaignId: null, campaigns: [], recipients: 0 };
    for (const p of plans) {
      const automatic = p.kind !== 'arrivals';
      const name = opts.name ?? p.name;
      if (automatic) {
        const existing = await prisma.campaign.findFirst({ where: { kind: p.kind, name, status: { not: 'cancelled' } }, select: { id: true, _count: { select: { recipients: true } } } });
        if (existing) {
          result.campaigns.push({ id: existing.id, kind: p.kind, recipients: existing._count.recipients, existing: true });
          continue;
        }
      }
      if (p.messages.length === 0 && automatic) continue;
      const rendered = await render(p.kind, p.messages, at);
      const arrivals = p.kind === 'arrivals' ? arrivalsParamsSchema.parse(params) : null;
      const complaintIds = p.kind === 'followup' ? p.messages.map((m) => Number(m.vars.complaint_id)).filter(Number.isFinite) : [];
      // One statement: the campaign, its recipients and the follow-up marks land together or not at all.
      const created = await db.sql.query<{ id: number }>(
        `WITH c AS (
           INSERT INTO "Campaign" (kind, name, text, segments, params, status, "createdBy", "createdAt")
           VALUES ($1, $2, $3, ARRAY(SELECT jsonb_array_elements_text($4::jsonb)), $5::jsonb, 'planned', $6, $7::timestamp)
           RETURNING id
         ),
         r AS (
           INSERT INTO "CampaignRecipient" ("campaignId", "customerId", segment, text, "sendAfter")
           SELECT c.id, v.c, v.s, v.t, v.a::timestamp FROM c, json_to_recordset($8::json) AS v(c int, s text, t text, a text)
         ),
         k AS (
           UPDATE "Complaint" SET "followUpSentAt" = $7::timestamp WHERE id IN (SELECT (jsonb_array_elements_text($9::jsonb))::int)
         )
         SELECT id FROM c`,
        [
          p.kind,
          name,
          arrivals?.text ?? null,
          JSON.stringify(arrivals?.segments ?? []),
          JSON.stringify({ ...params, ...p.meta }),
          opts.actor,
          at.toISOString(),
          JSON.stringify(rendered.map((r) => ({ c: r.m.customer.id, s: r.m.customer.segment, t: r.text, a: r.sendAfter.toISOString() }))),
          JSON.stringify(complaintIds),
        ],
      );
      const id = Number(created[0].id);
      result.campaigns.push({ id, kind: p.kind, recipients: rendered.length, existing: false });
    }
    result.campaignId = result.campaigns[0]?.id ?? null;
    result.recipients = result.campaigns.reduce((n, c) => n + c.recipients, 0);
    return result;
  }

  async function dispatchDue(now: Date, opts: { limit?: number } = {}) {
    const limit = opts.limit ?? 500;
    const due = await prisma.$queryRawUnsafe<
      {
        id: number; campaign_id: number; customer_id: number; text: string; send_after_ms: number; kind: CampaignKind;
        phone: string; jid: string | null; customer_type: string; consent: boolean; opted_out: boolean; blocked: boolean;
      }[]
    >(
      `SELECT r.id, r."campaignId" AS campaign_id, r."customerId" AS customer_id, r.text,
              (extract(epoch FROM r."sendAfter") * 1000)::float8 AS send_after_ms, c.kind,
              cu.phone, cu.jid, cu."customerType" AS customer_type, cu."commercialConsent" AS consent,
              (cu."optedOutAt" IS NOT NULL) AS opted_out, cu."isBlocked" AS blocked
       FROM "CampaignRecipient" r
       JOIN "Campaign" c ON c.id = r."campaignId"
       JOIN "Customer" cu ON cu.id = r."customerId"
       WHERE r.status = 'pending' AND r."sendAfter" <= $1::timestamp AND c.status IN ('planned', 'running')
       ORDER BY r."sendAfter", r.id
       LIMIT $2::int`,
      now.toISOString(),
      limit,
    );
    if (due.length === 0) {
      await closeFinished(now);
      return { queued: 0, skipped: 0 };
    }
    let queued = 0;
    let skipped = 0;
    await prisma.$transaction(async (tx) => {
      const queuedIds: { id: number; key: string }[] = [];
      const skippedIds: number[] = [];
      for (const r of due) {
        const commercial = COMMERCIAL_KINDS.has(r.kind);
        // Consent is checked again now: an opt-out since planning wins.
        const facts = { customerType: r.customer_type, commercialConsent: r.consent, optedOutAt: r.opted_out ? now : null, isBlocked: r.blocked };
        if (!mayReceive(facts, commercial, s)) {
          skippedIds.push(r.id);
          continue;
        }
        const key = `campaign:${r.campaign_id}:${r.customer_id}`;
        await enqueueOutbox(tx, {
          key,
          jid: r.jid ?? phoneToJid(r.phone),
          text: r.text,
          customerId: r.customer_id,
          kind: 'proactive',
          commercial,
          notBefore: new Date(Number(r.send_after_ms)),
        });
        queuedIds.push({ id: r.id, key });
      }
      if (queuedIds.length) {
        await tx.$executeRawUnsafe(
          `UPDATE "CampaignRecipient" r SET status = 'queued', "outboxKey" = v.k FROM jsonb_to_recordset($1::jsonb) AS v(id int, k text) WHERE r.id = v.id`,
          JSON.stringify(queuedIds.map((q) => ({ id: q.id, k: q.key }))),
        );
      }
      if (skippedIds.length) {
        await tx.$executeRawUnsafe(`UPDATE "CampaignRecipient" SET status = 'skipped' WHERE id IN (SELECT (jsonb_array_elements_text($1::jsonb))::int)`, JSON.stringify(skippedIds));
      }
      const campaigns = [...new Set(due.map((r) => r.campaign_id))];
      await tx.campaign.updateMany({ where: { id: { in: campaigns }, status: 'planned' }, data: { status: 'running', startedAt: now } });
      queued = queuedIds.length;
      skipped = skippedIds.length;
    });
    await closeFinished(now);
    return { queued, skipped };
  }

  async function closeFinished(now: Date) {
    await prisma.$executeRawUnsafe(
      `UPDATE "Campaign" c SET status = 'done', "finishedAt" = $1::timestamp
       WHERE c.status IN ('planned', 'running') AND NOT EXISTS (SELECT 1 FROM "CampaignRecipient" r WHERE r."campaignId" = c.id AND r.status = 'pending')`,
      now.toISOString(),
    );
  }

  /** Sent/delivered/read from the outbox row; replied and ordered from messages and orders after it. */
  async function syncOutcomes(where: string, params: unknown[]) {
    await prisma.$executeRawUnsafe(
      `UPDATE "CampaignRecipient" r SET
         status = CASE
           WHEN o.status = 'sent' AND o."readAt" IS NOT NULL THEN 'read'
           WHEN o.status = 'sent' AND o."deliveredAt" IS NOT NULL THEN 'delivered'
           WHEN o.status = 'sent' THEN 'sent'
           WHEN o.status = 'failed' THEN 'failed'
           WHEN o.status = 'cancelled' THEN 'skipped'
           ELSE r.status END,
         "sentAt" = coalesce(o."sentAt", r."sentAt"),
         "deliveredAt" = coalesce(o."deliveredAt", r."deliveredAt"),
         "readAt" = coalesce(o."readAt", r."readAt")
       FROM "OutboxMessage" o
       WHERE o."idempotencyKey" = r."outboxKey" AND ${where}`,
      ...params,
    );
    await prisma.$executeRawUnsafe(
      `UPDATE "CampaignRecipient" r SET "repliedAt" = (
         SELECT min(m."sentAt") FROM "Message" m JOIN "Conversation" cv ON cv.id = m."conversationId"
         WHERE cv."customerId" = r."customerId" AND m.direction = 'in'
           AND m."sentAt" > r."sentAt" AND m."sentAt" <= r."sentAt" + make_interval(days => ${s.replyWindowDays}))
       WHERE r."sentAt" IS NOT NULL AND r."repliedAt" IS NULL AND ${where}`,
      ...params,
    );
    await prisma.$executeRawUnsafe(
      `UPDATE "CampaignRecipient" r SET "orderedAt" = (
         SELECT min(od."orderedAt") FROM "Order" od
         WHERE od."customerId" = r."customerId" AND od.${ACTIVE_ORDER}
           AND od."orderedAt" > r."sentAt"
           AND od."orderedAt" <= r."sentAt" + make_interval(days => CASE WHEN (SELECT kind FROM "Campaign" WHERE id = r."campaignId") = 'winback' THEN ${s.winbackConversionDays} ELSE ${s.conversionDays} END))
       WHERE r."sentAt" IS NOT NULL AND r."orderedAt" IS NULL AND ${where}`,
      ...params,
    );
  }

  async function progress(campaignId: number): Promise<CampaignProgress> {
    const campaign = await prisma.campaign.findUnique({ where: { id: campaignId } });
    if (!campaign) throw new CampaignInputError(`kampanya bulunamadı: ${campaignId}`);
    await syncOutcomes(`r."campaignId" = $1::int`, [campaignId]);
    const rows = await prisma.$queryRawUnsafe<
      { segment: string | null; total: number; pending: number; queued: number; skipped: number; failed: number; sent: number; delivered: number; read: number; replied: number; ordered: number }[]
    >(
      `SELECT segment, count(*)::int AS total,
              count(*) FILTER (WHERE status = 'pending')::int AS pending,
              count(*) FILTER (WHERE status = 'queued')::int AS queued,
              count(*) FILTER (WHERE status = 'skipped')::int AS skipped,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count("sentAt")::int AS sent, count("deliveredAt")::int AS delivered, count("readAt")::int AS read,
              count("repliedAt")::int AS replied, count("orderedAt")::int AS ordered
       FROM "CampaignRecipient" WHERE "campaignId" = $1::int GROUP BY segment`,
      campaignId,
    );
    const p: CampaignProgress = {
      campaignId, kind: campaign.kind, name: campaign.name, status: campaign.status,
      total: 0, pending: 0, queued: 0, skipped: 0, failed: 0, sent: 0, delivered: 0, read: 0, replied: 0, ordered: 0, bySegment: {},
    };
    for (const r of rows) {
      for (const k of ['total', 'pending', 'queued', 'skipped', 'failed', 'sent', 'delivered', 'read', 'replied', 'ordered'] as const) p[k] += Number(r[k]);
      p.bySegment[r.segment ?? '-'] = { total: Number(r.total), sent: Number(r.sent), ordered: Number(r.ordered) };
    }
    return p;
  }

  async function winbackRate(from: Date, to: Date): Promise<WinbackRate> {
    const where = `r."campaignId" IN (SELECT id FROM "Campaign" WHERE kind = 'winback')`;
    await syncOutcomes(where, []);
    const now = clock.now();
    const rows = await prisma.$queryRawUnsafe<{ sent: number; converted: number; open: number }[]>(
      `SELECT count(*)::int AS sent, count(r."orderedAt")::int AS converted,
              count(*) FILTER (WHERE r."orderedAt" IS NULL AND r."sentAt" + make_interval(days => $3::int) > $4::timestamp)::int AS open
       FROM "CampaignRecipient" r JOIN "Campaign" c ON c.id = r."campaignId"
       WHERE c.kind = 'winback' AND r."sentAt" >= $1::timestamp AND r."sentAt" < $2::timestamp`,
      from.toISOString(),
      to.toISOString(),
      s.winbackConversionDays,
      now.toISOString(),
    );
    const sent = Number(rows[0]?.sent ?? 0);
    const converted = Number(rows[0]?.converted ?? 0);
    return { sent, converted, rate: sent ? Math.round((converted / sent) * 1000) / 1000 : 0, stillOpen: Number(rows[0]?.open ?? 0) };
  }

  async function cancel(campaignId: number): Promise<number> {
    return prisma.$transaction(async (tx) => {
      await tx.campaign.update({ where: { id: campaignId }, data: { status: 'cancelled', finishedAt: clock.now() } });
      const r = await tx.campaignRecipient.updateMany({ where: { campaignId, status: 'pending' }, data: { status: 'skipped' } });
      return r.count;
    });
  }

  async function refreshOutcomes(now: Date = clock.now()) {
    const horizon = new Date(now.getTime() - (Math.max(s.winbackConversionDays, s.conversionDays, s.replyWindowDays) + 1) * DAY_MS);
    await syncOutcomes(`r."campaignId" IN (SELECT id FROM "Campaign" WHERE "createdAt" >= $1::timestamp)`, [horizon.toISOString()]);
  }

  async function lastCampaign(kind: CampaignKind) {
    return prisma.campaign.findFirst({ where: { kind }, orderBy: { id: 'desc' }, select: { id: true } });
  }

  return { preview, start, dispatchDue, progress, winbackRate, cancel, refreshOutcomes, lastCampaign };
}

/** A request the owner can fix (unknown product, bad parameter): the API answers 400 with the message. */
export class CampaignInputError extends Error {}
