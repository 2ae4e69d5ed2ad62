// WhatsApp commands from the owner's numbers: /rapor, /risk, /devret <telefon>, /duyuru A,B metin,
// /öğret <telefon> <ifade> = <ürün kodu>.
// An owner's message that is not a command gets the command list, never an order.
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { OrderService } from '../orders/orderService.ts';
import { PURCHASE_STATUSES } from '../orders/status.ts';
import type { SegmentService } from '../customers/segmentService.ts';
import { atRiskSummaryText } from '../customers/atRisk.ts';
import type { CampaignService } from '../campaigns/campaignService.ts';
import { AliasError, type AliasService } from '../customers/aliases.ts';
import { handleOwnerBroadcast } from '../campaigns/ownerCommands.ts';
import type { Clock } from '../shared/clock.ts';
import { addDays, istanbulTime, localDate } from '../shared/dates.ts';
import { formatTL } from '../shared/money.ts';
import { normalizePhone, phoneToJid } from '../shared/phone.ts';
import { durationTr, formatTLShort, possessiveSuffix, whoOf } from './format.ts';
import type { DailyResponseReport } from './responseClock.ts';

export type OwnerCommand =
  | { kind: 'report' }
  | { kind: 'risk' }
  | { kind: 'handback'; phone: string | null; raw: string }
  | { kind: 'broadcast' }
  | { kind: 'teach'; phone: string; phrase: string; sku: string }
  | { kind: 'teach-unclear' }
  | { kind: 'help' };

/** Pure: which command the owner wrote. */
export function parseOwnerCommand(text: string): OwnerCommand {
  const t = text.trim();
  if (/^\/rapor\b/i.test(t)) return { kind: 'report' };
  if (/^\/risk\b/i.test(t)) return { kind: 'risk' };
  const h = /^\/devret\b\s*(.*)$/is.exec(t);
  if (h) return { kind: 'handback', phone: normalizePhone(h[1].trim()), raw: h[1].trim() };
  if (/^\/duyuru\b/i.test(t)) return { kind: 'broadcast' };
  const teach = /^\/(?:öğret|ogret|ögret|oğret)(?:\s+|$)(.*)$/isu.exec(t);
  if (teach) {
    // "/öğret 0532 111 00 02 sarı yağ = MAR-SAN-250": the number (spaces allowed), the customer's words, the product code.
    const m = /^(\+?\d[\d\s()-]*\d)\s+(.+?)\s*=\s*(\S+)\s*$/su.exec(teach[1].trim());
    return m ? { kind: 'teach', phone: m[1], phrase: m[2], sku: m[3].toUpperCase() } : { kind: 'teach-unclear' };
  }
  return { kind: 'help' };
}

export interface OwnerCommandDeps {
  db: PrismaClient;
  clock: Clock;
  orders: OrderService;
  render(name: string, vars: Record<string, unknown>): string;
  standardMinutes: number;
  segments?: SegmentService;
  campaigns?: CampaignService;
  aliases?: AliasService;
  actor: string;
  dailyReport(day: string): Promise<DailyResponseReport>;
}

const pct = (share: number) => `%${Math.round(share * 100)}`;
const pctOf = (share: number) => `${pct(share)}${possessiveSuffix(Math.round(share * 100))}`;

export async function runOwnerCommand(text: string, deps: OwnerCommandDeps): Promise<string> {
  const cmd = parseOwnerCommand(text);
  const now = deps.clock.now();
  switch (cmd.kind) {
    case 'report': {
      const today = localDate(now);
      const agg = await deps.db.order.aggregate({
        where: { status: { in: PURCHASE_STATUSES }, confirmedAt: { gte: istanbulTime(today), lt: istanbulTime(addDays(today, 1)) } },
        _count: { _all: true },
        _sum: { totalKurus: true },
      });
      const resp = await deps.dailyReport(today);
      const kept = await deps.orders.promiseKeptShare(addDays(today, -30), today);
      let atRisk: number | null = null;
      if (deps.segments) atRisk = (await deps.segments.atRiskList(now)).length;
      return deps.render('owner-report', {
        orders: agg._count._all,
        orders_total: formatTLShort(Number(agg._sum.totalKurus ?? 0)),
        has_responses: resp.withinStandardShare !== null,
        share: resp.withinStandardShare !== null ? pctOf(resp.withinStandardShare) : '',
        minutes: deps.standardMinutes,
        p95: resp.p95Ms !== null ? durationTr(resp.p95Ms) : '',
        has_kept: kept.share !== null,
        kept: kept.share !== null ? pct(kept.share) : '',
        has_risk: atRisk !== null,
        at_risk: atRisk ?? 0,
      });
    }
    case 'risk': {
      if (!deps.segments) return deps.render('owner-unavailable', { command: '/risk' });
      return atRiskSummaryText(await deps.segments.atRiskList(now), now);
    }
    case 'handback': {
      if (!cmd.phone) return deps.render('owner-handback-unknown', { phone: cmd.raw || '(numara yok)' });
      const customer = await deps.db.customer.findUnique({ where: { phone: cmd.phone } });
      const jids = [phoneToJid(cmd.phone), customer?.jid, customer?.lid].filter((x): x is string => !!x);
      const r = await deps.db.conversation.updateMany({
        where: { OR: [{ jid: { in: jids } }, { phone: cmd.phone }, ...(customer ? [{ customerId: customer.id }] : [])] },
        data: { handoff: 'bot', handoffUntil: null },
      });
      if (!r.count) return deps.render('owner-handback-unknown', { phone: cmd.phone });
      return deps.render('owner-handback', { who: whoOf(customer, cmd.phone) });
    }
    case 'broadcast': {
      if (!deps.campaigns) return deps.render('owner-unavailable', { command: '/duyuru' });
      return (await handleOwnerBroadcast(text, deps.campaigns, deps.actor)) ?? deps.render('owner-help', {});
    }
    case 'teach': {
      if (!deps.aliases) return deps.render('owner-unavailable', { command: '/öğret' });
      try {
        const { alias, customer } = await deps.aliases.teach(cmd.phone, { phrase: cmd.phrase, sku: cmd.sku }, deps.actor);
        return deps.render('owner-alias-taught', { who: whoOf(customer, cmd.phone), phrase: cmd.phrase, product: alias.productName, sku: alias.sku });
      } catch (err) {
        if (err instanceof AliasError) return deps.render('owner-alias-unclear', { problem: err.message });
        throw err;
      }
    }
    case 'teach-unclear':
      return deps.render('owner-alias-unclear', { problem: '' });
    default:
      return deps.render('owner-help', {});
  }
}
