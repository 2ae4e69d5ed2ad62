// The conversation engine: every inbound WhatsApp message is stored first, then answered in
// Turkish by intent, with the dialogue state (pending draft, open question, offers) in the
// database. Replies go through the outbox in the same transaction that marks the message handled,
// keyed by the inbound message id, so a message handled twice is still answered once.
import { recordOptIn, recordOptOut } from '../customers/consentService.ts';
import { isSimulatorJid } from '../channel/simulator.ts';
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import type { InboundMessage } from '../channel/port.ts';
import { recordInbound } from '../channel/dedupe.ts';
import type { Parser, ParsedLine } from '../language/index.ts';
import type { OrderService, OrderSummary } from '../orders/orderService.ts';
import { STATUS_TR } from '../orders/status.ts';
import { enqueueOutbox, type OutgoingMessage } from '../outbox/enqueue.ts';
import { newOutboxMessageId } from '../outbox/messageId.ts';
import type { OutboxRouter } from '../outbox/router.ts';
import type { OutboxRow } from '../outbox/sender.ts';
import { createStockService, watchStock, type StockService } from '../stock/stockService.ts';
import { partialSentence, stockSentence } from '../stock/availability.ts';
import type { Clock } from '../shared/clock.ts';
import { formatTL } from '../shared/money.ts';
import { normalizePhone, phoneToJid } from '../shared/phone.ts';
import type { SegmentService } from '../customers/segmentService.ts';
import type { CampaignService } from '../campaigns/campaignService.ts';
import { createFloodGate, type FloodGate } from './flood.ts';
import { addressOf, amount, dayAccusative, excerpt, formatQuantity, formatTLShort, packText, productPhrase, weekdayOf, whoOf } from './format.ts';
import { interpretReply, isOnlyEmoji, isResubscribe, isStopWord, isThanks, yesNo, choiceNumber, type DraftLineRef } from './replies.ts';
import type { ReplyTemplates } from './replyTemplates.ts';
import { answerByStaff, dailyReport as responseDailyReport, escalateOverdue, hasPendingWait, type DailyResponseReport, type WaitReason } from './responseClock.ts';
import { readState, writeState, type ConversationState, type OpenQuestion, type PendingLine } from './state.ts';
import { runOwnerCommand } from './ownerCommands.ts';
import type { AliasService } from '../customers/aliases.ts';

type Db = PrismaClient;
type Tx = Prisma.TransactionClient;
type CustomerRow = Prisma.CustomerGetPayload<object>;
type ConversationRow = Prisma.ConversationGetPayload<object>;

export interface InboxSettings {
  /** Minutes within which every message must be answered (default 30). */
  responseStandardMinutes: number;
  /** How long the bot stays quiet in a chat staff took over. */
  handoffQuietMinutes: number;
  /** Informational: drafts expire at the time the order service sets (OrderingSettings.draftExpiryMinutes). */
  draftExpiryMinutes: number;
  floodMaxPerMinute: number;
  /** E.164 numbers of the owner(s): commands, alerts and escalations. */
  ownerPhones: string[];
  businessName: string;
}

interface LogLike {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface InboxDeps {
  db: Db;
  clock: Clock;
  log: LogLike;
  /** The parser is rebuilt when products are imported: always ask for the current one. */
  catalog: { parser(): Parser };
  orders: OrderService;
  /** The inbox writes replies into the outbox itself (inside its own transaction); kick() wakes the sender. */
  outbox?: { enqueue?(msg: OutgoingMessage): Promise<unknown> } & Partial<OutboxRouter>;
  settings: InboxSettings;
  templates: ReplyTemplates;
  stock?: StockService;
  /** For /risk and the at-risk count of /rapor. */
  segments?: SegmentService;
  /** For /duyuru. */
  campaigns?: CampaignService;
  /** For /öğret (a customer's own word for a product). */
  aliases?: AliasService;
  /**
   * Blue ticks: a message the bot answered in full is marked read. One waiting for staff stays
   * unread, so it still stands out on the phone.
   */
  receipts?: { markRead(m: InboundMessage): Promise<void> | void };
}

export interface MinutelyReport {
  escalated: number;
  draftsExpired: number;
  handedBack: number;
}

export interface Inbox {
  handle(m: InboundMessage): Promise<void>;
  /** The scheduler's every-minute job: escalations, expired drafts (with a polite note), chats handed back to the bot. */
  runMinutely(now?: Date): Promise<MinutelyReport>;
  escalateOverdue(now?: Date): Promise<number>;
  expireDrafts(now?: Date): Promise<number>;
  handBack(now?: Date): Promise<number>;
  dailyReport(day: string): Promise<DailyResponseReport>;
  /** Messages stored but never handled (a crash between storing and answering): handle them now. */
  resumeUnhandled(opts?: { sinceMinutes?: number }): Promise<number>;
  /** Customer aliases are kept in memory (a minute at most): call after adding or removing one. */
  forgetAliases(): void;
}

interface Reply {
  text: string;
}

type Wait = { type: 'bot'; reason?: WaitReason } | { type: 'staff'; reason: WaitReason; ack: boolean } | { type: 'none' };

interface Outcome {
  replies: Reply[];
  alerts: string[];
  wait: Wait;
  /** The new dialogue state (undefined: unchanged). */
  state?: ConversationState;
  handoff?: { mode: 'bot' | 'staff'; until: Date | null };
  effects: ((tx: Tx) => Promise<void>)[];
}

const outcome = (o: Partial<Outcome> = {}): Outcome => ({ replies: [], alerts: [], wait: { type: 'none' }, effects: [], ...o });

interface Ctx {
  m: InboundMessage;
  now: Date;
  receivedAt: Date;
  messageId: number;
  conversation: ConversationRow;
  customer: CustomerRow;
  title: string;
  state: ConversationState;
  text: string;
  /** Writes that go with the outcome, in its statement. */
  writes: Prisma.Sql[];
}

/** "1 koli", "2", "2 koli yaz" → one of the lot suggestions. */
export function lotAnswer(text: string, suggestions: { quantity: number; unit: string }[]): { quantity: number; unit: string } | null {
  const n = choiceNumber(text, suggestions.length);
  const m = /^\s*(\d+(?:[.,]\d+)?)\s*([\p{L}]+)?\s*(?:yaz|yazın|yazin|olsun|yap|lütfen|lutfen)?\s*[.!]?\s*$/u.exec(text);
  if (m) {
    const q = Number(m[1].replace(',', '.'));
    const unit = m[2]?.toLocaleLowerCase('tr-TR');
    const same = suggestions.find((s) => s.quantity === q && (!unit || s.unit === unit));
    if (same) return { quantity: same.quantity, unit: same.unit };
    if (unit && suggestions.some((s) => s.unit === unit)) return { quantity: q, unit };
  }
  if (n !== null) return suggestions[n - 1];
  return null;
}

const ALIAS_CACHE_MS = 60_000;

const { sql, join, raw, empty } = Prisma;

/** One outbox row; with a claim it is written 'sending' and handed straight to its sender. */
function outboxValues(key: string, jid: string, text: string, customerId: number | null, kind: 'reply' | 'alert', at: Date, claim: { by: string; at: Date } | null): Prisma.Sql {
  return sql`(${key}, ${jid}, ${text}, ${customerId}::integer, ${kind}, false, ${at}::timestamp(3), ${at}::timestamp(3), ${newOutboxMessageId()},
    ${claim ? 'sending' : 'pending'}, ${claim?.at ?? null}::timestamp(3), ${claim?.by ?? null}::text, ${claim ? 1 : 0}::integer)`;
}

const MEDIA_WORD: Record<string, string> = { image: 'fotoğraf', video: 'video', document: 'belge', location: 'konum', contact: 'kişi kartı', other: 'mesaj' };

export function createInbox(deps: InboxDeps): Inbox {
  const { db, clock, log, orders, templates, settings } = deps;
  const stock = deps.stock ?? createStockService({ db, clock });
  const flood: FloodGate = createFloodGate({ max: settings.floodMaxPerMinute, windowMs: 60_000 });
  const owners = new Set(settings.ownerPhones.map((p) => normalizePhone(p) ?? p));
  const standard = settings.responseStandardMinutes;

  // One chat at a time: messages of the same chat are handled in order, never concurrently.
  const chains = new Map<string, Promise<unknown>>();
  function serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = chains.get(key) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    chains.set(key, tail);
    void tail.then(() => {
      if (chains.get(key) === tail) chains.delete(key);
    });
    return run;
  }

  const render = (name: string, vars: Record<string, unknown>, title = '') =>
    templates.render(name, { title, business_name: settings.businessName, ...vars });

  // ───────────────────────────── entry ─────────────────────────────

  async function handle(m: InboundMessage): Promise<void> {
    if (m.remoteJid.endsWith('@g.us') || m.remoteJid === 'status@broadcast' || m.remoteJid.endsWith('@newsletter')) return;
    await serial(m.remoteJid, async () => {
      try {
        await handleOne(m);
      } catch (err) {
        log.error({ err, waId: m.id, kind: m.kind }, 'inbox: message could not be handled');
      }
    });
  }

  async function handleOne(m: InboundMessage): Promise<void> {
    // The customer by phone comes with the stored message (one round trip on every message).
    const senderPhone = !m.fromMe && !m.isHistory && m.senderPhone ? normalizePhone(m.senderPhone) : null;
    const rec = await recordInbound(db, m, senderPhone ? { customerPhone: senderPhone } : {});
    if (rec.duplicate) {
      if (m.fromMe || m.isHistory) return;
      const row = await db.message.findUnique({ where: { id: rec.messageId }, select: { handledAt: true, direction: true, isHistory: true } });
      if (!row || row.handledAt || row.direction !== 'in' || row.isHistory) return;
      // Stored before a crash but never answered: handle it now (reply keys keep it to one answer).
    }
    const now = clock.now();
    if (m.isHistory) {
      await db.message.update({ where: { id: rec.messageId }, data: { handledAt: now } });
      return;
    }
    if (m.fromMe) {
      await staffMessage(m, rec.messageId, rec.conversationId, now);
      return;
    }
    const conversation = rec.conversation;
    const receivedAt = m.timestamp.getTime() < now.getTime() ? m.timestamp : now;
    const phone = m.senderPhone ? normalizePhone(m.senderPhone) : null;

    if (phone && owners.has(phone)) {
      const out = await ownerMessage(m, phone);
      await finish(m, rec.messageId, conversation, null, out, now, receivedAt);
      return;
    }

    const customer = await identify(m, phone, conversation, phone === senderPhone ? rec.customer : undefined);
    if (customer?.isBlocked) {
      await db.message.update({ where: { id: rec.messageId }, data: { handledAt: now } });
      return;
    }

    const verdict = m.kind === 'reaction' ? 'ok' : flood.check(m.remoteJid, now);
    if (verdict === 'drop') {
      await db.message.update({ where: { id: rec.messageId }, data: { handledAt: now } });
      return;
    }
    let out: Outcome;
    let writes: Prisma.Sql[] = [];
    if (verdict === 'notify') {
      const title = customer ? addressOf(customer) : '';
      out = outcome({
        replies: [{ text: render('flood', { minutes: standard }, title || 'Merhaba') }],
        alerts: [render('alert-flood', { who: whoOf(customer, phone ?? m.remoteJid), phone: phone ?? m.remoteJid })],
        wait: { type: 'staff', reason: 'flood', ack: true },
      });
    } else if (!customer) {
      out = await unknownSender(m, phone, conversation);
    } else {
      const { state, valid } = readState(conversation.state);
      if (!valid) log.warn({ conversationId: conversation.id }, 'inbox: unreadable conversation state reset');
      const ctx: Ctx = {
        m,
        now,
        receivedAt,
        messageId: rec.messageId,
        conversation,
        customer,
        title: addressOf(customer),
        state,
        text: (m.text ?? '').trim(),
        writes: [],
      };
      try {
        out = await route(ctx);
      } catch (err) {
        log.error({ err, conversationId: conversation.id }, 'inbox: routing failed; acknowledging for staff');
        out = outcome({ replies: [{ text: render('staff-ack', { minutes: standard }, ctx.title) }], wait: { type: 'staff', reason: 'other', ack: true } });
      }
      writes = ctx.writes;
    }
    await finish(m, rec.messageId, conversation, customer, out, now, receivedAt, writes);
  }

  /**
   * Writes the outcome atomically: replies and alerts into the outbox, the wait, the state, handled.
   * One statement (its parts are CTEs); a transaction only when the outcome has effects of its own.
   */
  async function finish(m: InboundMessage, messageId: number, conversation: ConversationRow, customer: CustomerRow | null, out: Outcome, now: Date, receivedAt: Date, writes: Prisma.Sql[] = []) {
    const written = new Date();
    const parts: Prisma.Sql[] = [...writes];
    const outgoing: Prisma.Sql[] = [];
    const claim = (jid: string) => {
      const by = deps.outbox?.deliver && deps.outbox.claimFor?.(jid);
      return by ? { by, at: now } : null; // the sender's clock, like its own claims
    };
    for (const [i, r] of out.replies.entries()) {
      outgoing.push(outboxValues(`reply:${m.remoteJid}:${m.id}:${i}`, m.remoteJid, r.text, customer?.id ?? null, 'reply', written, claim(m.remoteJid)));
    }
    for (const [i, text] of out.alerts.entries()) {
      for (const phone of owners) {
        const jid = phoneToJid(phone);
        outgoing.push(outboxValues(`alert:${m.remoteJid}:${m.id}:${i}:${phone}`, jid, text, null, 'alert', written, claim(jid)));
      }
    }
    const outboxCte = `w${parts.length}`;
    if (outgoing.length) {
      // Idempotent by key, like enqueueOutbox: a message handled twice is answered once.
      parts.push(sql`INSERT INTO "OutboxMessage" ("idempotencyKey", "jid", "text", "customerId", "kind", "commercial", "notBefore", "createdAt", "waId", "status", "claimedAt", "claimedBy", "attempts")
        VALUES ${join(outgoing)} ON CONFLICT ("idempotencyKey") DO NOTHING RETURNING *`);
    }
    const w = out.wait;
    const dueAt = new Date(receivedAt.getTime() + standard * 60_000);
    if (w.type === 'bot' && out.replies.length) {
      parts.push(sql`INSERT INTO "ResponseWait" ("conversationId", "messageId", "reason", "receivedAt", "dueAt", "ackAt", "answeredAt", "answeredBy")
        VALUES (${conversation.id}, ${messageId}, ${w.reason ?? 'answered'}, ${receivedAt}, ${dueAt}, ${now}, ${now}, 'bot')`);
    } else if (w.type === 'staff') {
      // While one is already waiting in the chat, the new message joins it (see openStaffWait).
      const ackAt = w.ack && out.replies.length ? now : null;
      parts.push(sql`INSERT INTO "ResponseWait" ("conversationId", "messageId", "reason", "receivedAt", "dueAt", "ackAt")
        SELECT ${conversation.id}, ${messageId}, ${w.reason}, ${receivedAt}::timestamp(3), ${dueAt}::timestamp(3), ${ackAt}::timestamp(3)
        WHERE NOT EXISTS (SELECT 1 FROM "ResponseWait" WHERE "conversationId" = ${conversation.id} AND "answeredAt" IS NULL)`);
    }
    const set: Prisma.Sql[] = [];
    if (out.state) set.push(sql`"state" = ${JSON.stringify(writeState(out.state))}::jsonb`);
    if (customer && conversation.customerId !== customer.id) set.push(sql`"customerId" = ${customer.id}`);
    if (out.handoff) set.push(sql`"handoff" = ${out.handoff.mode}`, sql`"handoffUntil" = ${out.handoff.until}::timestamp(3)`);
    if (set.length) parts.push(sql`UPDATE "Conversation" SET ${join(set)}, "updatedAt" = ${written} WHERE "id" = ${conversation.id}`);
    parts.push(sql`UPDATE "Message" SET "handledAt" = ${now} WHERE "id" = ${messageId}`);
    const ctes = parts.map((p, i) => sql`${raw(`w${i} AS (`)}${p})`);
    // The rows written come back, so those claimed for a sender go to the channel at once.
    const statement = sql`WITH ${join(ctes)} ${outgoing.length ? raw(`SELECT * FROM ${outboxCte}`) : sql`SELECT NULL::int AS "id" WHERE false`}`;
    let rows: OutboxRow[];
    if (out.effects.length) {
      rows = await db.$transaction(async (tx) => {
        for (const e of out.effects) await e(tx);
        return tx.$queryRaw<OutboxRow[]>(statement);
      });
    } else {
      rows = await db.$queryRaw<OutboxRow[]>(statement);
    }
    if (out.replies.length && out.wait.type !== 'staff') {
      void Promise.resolve(deps.receipts?.markRead(m)).catch((err) => log.warn({ err }, 'inbox: read receipt failed'));
    }
    if (!outgoing.length) return;
    if (rows.some((r) => r.status === 'pending')) deps.outbox?.kick?.();
    // Not awaited: the chat's next message is stored and handled while this one's reply goes out.
    if (rows.some((r) => r.status === 'sending')) void deps.outbox?.deliver?.(rows);
  }

  // ───────────────────────────── who wrote ─────────────────────────────

  /** `byPhone`: the customer with `phone`, already read (undefined: not read). */
  async function identify(m: InboundMessage, phone: string | null, conversation: ConversationRow, byPhone?: CustomerRow | null): Promise<CustomerRow | null> {
    let customer: CustomerRow | null = null;
    if (phone) customer = byPhone !== undefined ? byPhone : await db.customer.findUnique({ where: { phone } });
    if (!customer && m.senderLid) customer = await db.customer.findUnique({ where: { lid: m.senderLid } });
    if (!customer && conversation.customerId) customer = await db.customer.findUnique({ where: { id: conversation.customerId } });
    if (!customer) customer = await db.customer.findFirst({ where: { OR: [{ jid: m.remoteJid }, ...(m.remoteJid.endsWith('@lid') ? [{ lid: m.remoteJid }] : [])] } });
    if (!customer) return null;
    const data: Prisma.CustomerUpdateInput = {};
    const lid = m.senderLid ?? (m.remoteJid.endsWith('@lid') ? m.remoteJid : null);
    if (lid && customer.lid !== lid) data.lid = lid;
    // A simulator chat is not the customer's WhatsApp address: campaigns must not go there.
    if (customer.jid !== m.remoteJid && !isSimulatorJid(m.remoteJid)) data.jid = m.remoteJid;
    if (Object.keys(data).length) {
      try {
        customer = await db.customer.update({ where: { id: customer.id }, data });
      } catch (err) {
        // The LID is on another customer row (a number moved between customers): keep going without it.
        log.warn({ err, customerId: customer.id }, 'inbox: could not store LID/JID on customer');
      }
    }
    return customer;
  }

  // ───────────────────────────── staff on the phone ─────────────────────────────

  async function staffMessage(m: InboundMessage, messageId: number, conversationId: number, now: Date) {
    // Our own reply coming back from the linked phone is not a staff answer.
    const own = await db.outboxMessage.findFirst({ where: { waId: m.id }, select: { id: true } });
    await db.$transaction(async (tx) => {
      if (!own) {
        await answerByStaff(tx, conversationId, now);
        await tx.conversation.update({
          where: { id: conversationId },
          data: { handoff: 'staff', handoffUntil: new Date(now.getTime() + settings.handoffQuietMinutes * 60_000) },
        });
      }
      await tx.message.update({ where: { id: messageId }, data: { handledAt: now, author: own ? 'bot' : 'staff' } });
    });
  }

  // ───────────────────────────── unknown numbers ─────────────────────────────

  async function unknownSender(m: InboundMessage, phone: string | null, conversation: ConversationRow): Promise<Outcome> {
    if (m.kind === 'reaction' || (m.text && isOnlyEmoji(m.text) && m.kind === 'text')) return outcome();
    if (await hasPendingWait(db, conversation.id)) return outcome({ wait: { type: 'staff', reason: 'unknown', ack: false } });
    return outcome({
      replies: [{ text: render('unknown-sender', { minutes: standard }) }],
      alerts: [render('alert-unknown', { phone: phone ?? m.remoteJid, name: m.pushName ?? '', excerpt: excerpt(m.text ?? `(${MEDIA_WORD[m.kind] ?? m.kind})`) })],
      wait: { type: 'staff', reason: 'unknown', ack: true },
    });
  }

  // ───────────────────────────── owner ─────────────────────────────

  async function ownerMessage(m: InboundMessage, phone: string): Promise<Outcome> {
    const text = (m.text ?? '').trim();
    if (m.kind === 'reaction' || !text) return outcome();
    const reply = await runOwnerCommand(text, {
      db,
      clock,
      orders,
      render: (name, vars) => render(name, vars),
      standardMinutes: standard,
      segments: deps.segments,
      campaigns: deps.campaigns,
      aliases: deps.aliases,
      actor: phone,
      dailyReport: (day) => responseDailyReport(db, day, { now: clock.now(), standardMinutes: standard }),
    });
    return outcome({ replies: reply ? [{ text: reply }] : [] });
  }

  // ───────────────────────────── customers ─────────────────────────────

  async function route(ctx: Ctx): Promise<Outcome> {
    const { m, text } = ctx;
    if (m.kind === 'reaction') return outcome();

    // The opt-out and opt-in words work at once, whoever holds the chat.
    if (text && (isStopWord(text) || isResubscribe(text))) {
      return isResubscribe(text) ? resubscribe(ctx) : optout(ctx);
    }
    const staffHolds = ctx.conversation.handoff === 'staff' && (!ctx.conversation.handoffUntil || ctx.conversation.handoffUntil > ctx.now);
    if (staffHolds) {
      // The bot stays quiet; the message still waits for a staff answer.
      return outcome({ wait: { type: 'staff', reason: 'human', ack: false }, handoff: undefined });
    }
    const backToBot = ctx.conversation.handoff === 'staff' ? { mode: 'bot' as const, until: null } : undefined;

    const out = await routeForBot(ctx);
    if (backToBot && !out.handoff) out.handoff = backToBot;
    return out;
  }

  async function routeForBot(ctx: Ctx): Promise<Outcome> {
    const { m, title } = ctx;
    let text = ctx.text;
    const prefix: Reply[] = [];

    // A draft left too long: tell the customer, then read this message afresh.
    if (ctx.state.draftOrderId && ctx.state.draftExpiresAt && Date.parse(ctx.state.draftExpiresAt) <= ctx.now.getTime()) {
      const note = await expireDraft(ctx.state.draftOrderId, title);
      if (note) prefix.push({ text: note });
      ctx.state = { ...ctx.state, draftOrderId: undefined, draftExpiresAt: undefined, offer: ctx.state.offer?.kind === 'partial' ? undefined : ctx.state.offer };
    }

    if (m.kind === 'audio') {
      return withPrefix(prefix, outcome({ replies: [{ text: render('voice-note', { minutes: standard }, title) }], wait: { type: 'staff', reason: 'media', ack: true }, state: ctx.state }));
    }
    if (m.kind === 'sticker') {
      return withPrefix(prefix, outcome({ replies: [{ text: render('sticker', {}, title) }], wait: { type: 'bot' }, state: ctx.state }));
    }
    if (m.kind !== 'text' && !text) {
      return withPrefix(prefix, outcome({ replies: [{ text: render('media', { minutes: standard, what: MEDIA_WORD[m.kind] ?? 'mesaj' }, title) }], wait: { type: 'staff', reason: 'media', ack: true }, state: ctx.state }));
    }
    if (!text) return withPrefix(prefix, outcome({ state: ctx.state }));
    text = text.slice(0, 4000);
    ctx.text = text;

    // Answers to what the bot asked last.
    if (ctx.state.question) {
      const r = await answerQuestion(ctx, ctx.state.question);
      if (r) return withPrefix(prefix, r);
    }
    if (ctx.state.offer) {
      const r = await answerOffer(ctx);
      if (r) return withPrefix(prefix, r);
    }
    if (ctx.state.draftOrderId) {
      const r = await answerDraft(ctx, ctx.state.draftOrderId);
      if (r) return withPrefix(prefix, r);
    }
    return withPrefix(prefix, await byIntent(ctx));
  }

  function withPrefix(prefix: Reply[], out: Outcome): Outcome {
    if (prefix.length) {
      out.replies = [...prefix, ...out.replies];
      if (out.wait.type === 'none') out.wait = { type: 'bot' };
    }
    return out;
  }

  // Customers' own words for products, kept in memory: they change rarely (staff add one), and
  // forgetAliases() or the age limit brings a change in. Read per message, they cost a round trip.
  let aliases: { at: number; byCustomer: Map<number, Map<string, string>> } | null = null;
  let aliasesLoading: Promise<{ at: number; byCustomer: Map<number, Map<string, string>> }> | null = null;
  async function loadAliases() {
    const at = Date.now();
    const rows = await db.customerAlias.findMany({ select: { customerId: true, phrase: true, sku: true } });
    const byCustomer = new Map<number, Map<string, string>>();
    for (const r of rows) {
      let m = byCustomer.get(r.customerId);
      if (!m) byCustomer.set(r.customerId, (m = new Map()));
      m.set(r.phrase, r.sku);
    }
    return { at, byCustomer };
  }
  async function customerAliases(customerId: number): Promise<Map<string, string>> {
    if (!aliases || Date.now() - aliases.at >= ALIAS_CACHE_MS) {
      const loading = (aliasesLoading ??= loadAliases().finally(() => {
        if (aliasesLoading === loading) aliasesLoading = null;
      }));
      const loaded = await loading;
      if (!aliases || loaded.at >= aliases.at) aliases = loaded;
    }
    return new Map(aliases.byCustomer.get(customerId));
  }
  function forgetAliases(): void {
    aliases = null;
    aliasesLoading = null;
  }

  async function byIntent(ctx: Ctx): Promise<Outcome> {
    const { text, title } = ctx;
    const parser = deps.catalog.parser();
    const parsed = parser.parse(text, { customerAliases: await customerAliases(ctx.customer.id) });
    const pending = ctx.state.draftOrderId !== undefined;
    const remind = (out: Outcome): Outcome => {
      if (pending) out.replies.push({ text: render('order-reminder', {}, title) });
      if (out.wait.type === 'none' && out.replies.length) out.wait = { type: 'bot' };
      return out;
    };
    switch (parsed.intent) {
      case 'order':
        return orderLines(ctx, parsed.lines, pending ? 'add' : 'order');
      case 'stock':
        return stockQuestion(ctx, parsed.lines);
      case 'price':
        return priceQuestion(ctx, parsed.lines);
      case 'status':
        return statusAnswer(ctx);
      case 'complaint':
        return complaint(ctx);
      case 'optout':
        return optout(ctx);
      case 'human':
        return humanHandoff(ctx);
      case 'greeting':
        return remind(outcome({ replies: pending ? [] : [{ text: render('greeting', {}, title) }], wait: { type: 'bot' }, state: ctx.state }));
      default:
        if (isOnlyEmoji(text)) return outcome({ state: ctx.state });
        if (isThanks(text)) return remind(outcome({ replies: [{ text: render('thanks', {}, title) }], wait: { type: 'bot' }, state: ctx.state }));
        if (await hasPendingWait(db, ctx.conversation.id)) return outcome({ wait: { type: 'staff', reason: 'other', ack: false }, state: ctx.state });
        return outcome({ replies: [{ text: render('staff-ack', { minutes: standard }, title) }], wait: { type: 'staff', reason: 'other', ack: true }, state: ctx.state });
    }
  }

  // ───────────────────────────── orders ─────────────────────────────

  /** Lines of an order message: resolved ones go to the draft, an ambiguous or unknown one becomes a numbered question. */
  async function orderLines(ctx: Ctx, lines: ParsedLine[], purpose: 'order' | 'add'): Promise<Outcome> {
    const parser = deps.catalog.parser();
    const pending: PendingLine[] = [];
    const notFound: string[] = [];
    for (const l of lines) {
      if (l.sku) pending.push({ sku: l.sku, quantity: l.quantity, unit: l.unit, text: l.text });
      else if (l.candidates?.length) pending.push({ sku: null, quantity: l.quantity, unit: l.unit, text: l.text, candidates: l.candidates.slice(0, 6) });
      else {
        const near = parser.matchProducts(productPhrase(l.text), 3).map((r) => r.sku);
        if (near.length) pending.push({ sku: null, quantity: l.quantity, unit: l.unit, text: l.text, candidates: near, notFound: true });
        else notFound.push(l.text);
      }
    }
    const out = await continueLines(ctx, pending, purpose);
    if (notFound.length) {
      out.replies.unshift({ text: render('not-found', { query: notFound.map(productPhrase).join(', '), suggestions: [], in_order: true }, ctx.title) });
      if (out.wait.type === 'none') out.wait = { type: 'bot' };
    }
    return out;
  }

  /** Asks about the first unresolved line, or — all resolved — makes or extends the draft. */
  async function continueLines(ctx: Ctx, lines: PendingLine[], purpose: OpenQuestion['purpose']): Promise<Outcome> {
    const open = lines.find((l) => !l.sku && l.candidates?.length);
    if (open) {
      const names = await productNames(open.candidates ?? []);
      const question: OpenQuestion = { kind: 'choose', purpose, lines, askedAt: ctx.now.toISOString() };
      const vars = { query: productPhrase(open.text), options: (open.candidates ?? []).map((s) => names.get(s) ?? s) };
      const text = open.notFound
        ? render('not-found', { ...vars, suggestions: vars.options, in_order: purpose === 'order' || purpose === 'add' }, ctx.title)
        : render('ambiguity-question', vars, ctx.title);
      return outcome({ replies: [{ text }], wait: { type: 'bot' }, state: { ...ctx.state, question } });
    }
    const resolved = lines.filter((l) => l.sku);
    const state: ConversationState = { ...ctx.state, question: undefined };
    ctx.state = state;
    if (purpose === 'stock') return stockQuestion(ctx, resolved.map((l) => ({ sku: l.sku, quantity: null, unit: null, text: l.text })));
    if (purpose === 'price') return priceQuestion(ctx, resolved.map((l) => ({ sku: l.sku, quantity: null, unit: null, text: l.text })));
    if (!resolved.length) return outcome({ replies: [{ text: render('watch-declined', {}, ctx.title) }], wait: { type: 'bot' }, state });
    const input = resolved.map((l) => ({ sku: l.sku as string, quantity: l.quantity ?? 1, unit: l.unit, text: l.text }));
    if (state.draftOrderId) {
      const r = await orders.updateDraft(state.draftOrderId, { add: input });
      return draftShown(ctx, r.summary, { greet: false });
    }
    const r = await orders.draft(ctx.customer.id, input);
    // Linked to the chat in the same statement that writes the outcome (one round trip less).
    ctx.writes.push(sql`UPDATE "Order" SET "conversationId" = ${ctx.conversation.id}, "updatedAt" = ${new Date()} WHERE "id" = ${r.orderId}`);
    return draftShown(ctx, r.summary, { greet: true });
  }

  async function productNames(skus: string[]): Promise<Map<string, string>> {
    const rows = await db.product.findMany({ where: { sku: { in: skus } }, select: { sku: true, name: true } });
    return new Map(rows.map((r) => [r.sku, r.name]));
  }

  /** The summary of a draft, ending with the question that fits: confirm, take what is there, or fix. */
  function summaryText(s: OrderSummary, title: string, greet: boolean): { text: string; partial: boolean } {
    const active = s.lines.filter((l) => l.quantity > 0 || l.backorderQuantity > 0);
    const notes: string[] = [];
    let closing = '';
    let partial = false;
    const lines = active.map((l, i) => {
      const base = { n: i + 1, name: l.productName, quantity: formatQuantity(l.quantity), unit: l.unit, unit_price: '', total: '', priced: false, note: '' };
      if (l.quantity <= 0) return { ...base, quantity: formatQuantity(l.backorderQuantity), note: 'gelince gönderilecek' };
      if (l.lot) return { ...base, note: 'bu miktarda satılamıyor' };
      if (l.noPrice) return { ...base, note: 'fiyat listenizde yok' };
      const backorder = l.backorderQuantity > 0 ? `; kalan ${formatQuantity(l.backorderQuantity)} ${l.unit} gelince` : '';
      return { ...base, unit_price: amount(l.unitPriceKurus), total: formatTL(l.lineTotalKurus), priced: true, note: backorder };
    });
    const lots = s.lotProblems.map((p) => p.message);
    const noPrice = active.filter((l) => l.noPrice && !l.lot).map((l) => `${l.productName} fiyat listenizde yok; bu ürünü çıkarıp onaylayabilirsiniz ya da arkadaşımız size dönsün.`);
    if (s.problems.includes('blocked')) {
      closing = 'Hesabınızla ilgili arkadaşımız size dönecek.';
    } else if (lots.length || noPrice.length) {
      notes.push(...lots, ...noPrice);
      const first = s.lotProblems[0];
      const sug = first?.suggestions[0];
      closing = render('order-fix', { example: first && sug ? `${formatQuantity(sug.quantity)} ${sug.unit}` : 'yağı çıkar' }, title);
    } else if (s.shortages.length) {
      for (const sh of s.shortages) {
        notes.push(sh.state === 'partial' ? partialSentence(sh.productName, sh.available, sh.requested, sh.unit) : stockSentence(sh.productName, 0, sh.restockDate));
      }
      const single = s.shortages.length === 1 && s.shortages[0].state === 'partial' ? s.shortages[0] : null;
      closing = render('order-partial', {
        single: !!single,
        take: single ? `${formatQuantity(single.available)} ${single.unit}` : '',
        rest: single ? `${formatQuantity(single.requested - single.available)} ${single.unit}` : '',
      }, title);
      partial = true;
    } else if (s.problems.includes('credit_limit')) {
      const sug = s.credit.suggestion;
      closing = render('order-credit-limit', {
        exceeded: formatTL(s.credit.exceededByKurus),
        limit: formatTL(s.credit.limitKurus),
        hint: sug ? `${formatQuantity(sug.reduceBy)} ${sug.unit} daha az` : '',
      }, title);
    } else if (s.problems.includes('empty')) {
      closing = render('order-empty', {}, title);
    }
    const credit = s.credit;
    const text = render('order-summary', {
      greet,
      lines,
      subtotal: formatTL(s.subtotalKurus),
      discount_percent: s.discount.amountKurus > 0 ? formatQuantity(s.discount.percent) : '',
      discount: s.discount.amountKurus > 0 ? formatTL(s.discount.amountKurus) : '',
      total: formatTL(s.totalKurus),
      price_list: s.priceList.name,
      delivery_latest: s.delivery?.latestText ?? '',
      delivery_likely: s.delivery?.likelyText ?? '',
      balance_after: formatTL(credit.balanceAfterKurus),
      limit: credit.cashOnly || !credit.ok ? '' : formatTL(credit.limitKurus),
      notes,
      can_confirm: s.canConfirm,
      closing,
    }, title);
    return { text, partial };
  }

  async function draftShown(ctx: Ctx, s: OrderSummary, opts: { greet: boolean }): Promise<Outcome> {
    const active = s.lines.filter((l) => l.quantity > 0 || l.backorderQuantity > 0);
    if (!active.length) {
      await orders.cancel(s.orderId, { actor: 'customer', reason: 'empty' });
      return outcome({
        replies: [{ text: render('order-empty', {}, ctx.title) }],
        wait: { type: 'bot' },
        state: { ...ctx.state, draftOrderId: undefined, draftExpiresAt: undefined, offer: undefined, question: undefined },
      });
    }
    const priced = active.filter((l) => l.quantity > 0 && !l.lot && !l.noPrice);
    let { text, partial } = summaryText(s, ctx.title, opts.greet);
    if (!priced.length && s.lotProblems.length) {
      // Nothing sellable as written: just say how it is sold ("1 koli (8) ya da 2 koli (16)").
      text = render('order-problems', { problems: s.lotProblems.map((p) => p.message), has_draft: false }, ctx.title);
      partial = false;
    }
    const state: ConversationState = {
      ...ctx.state,
      question: undefined,
      draftOrderId: s.orderId,
      draftExpiresAt: (s.expiresAt ?? new Date(ctx.now.getTime() + settings.draftExpiryMinutes * 60_000)).toISOString(),
      offer: partial
        ? {
            kind: 'partial',
            orderId: s.orderId,
            items: s.shortages.map((x) => ({ sku: x.sku, available: x.available, requested: x.requested, unit: x.unit })),
            askedAt: ctx.now.toISOString(),
          }
        : ctx.state.offer?.kind === 'partial'
          ? undefined
          : ctx.state.offer,
    };
    return outcome({ replies: [{ text }], wait: { type: 'bot' }, state });
  }

  async function draftRefs(orderId: number): Promise<{ summary: OrderSummary; refs: DraftLineRef[] }> {
    const summary = await orders.summary(orderId);
    const active = summary.lines.filter((l) => l.quantity > 0 || l.backorderQuantity > 0);
    const products = await db.product.findMany({ where: { sku: { in: active.map((l) => l.sku) } }, select: { sku: true, aliases: true, category: true } });
    const bySku = new Map(products.map((p) => [p.sku, p]));
    return {
      summary,
      refs: active.map((l) => ({ sku: l.sku, name: l.productName, aliases: bySku.get(l.sku)?.aliases ?? [], category: bySku.get(l.sku)?.category ?? '', unit: l.unit })),
    };
  }

  /** A reply while a draft waits for EVET / HAYIR: confirm, cancel, or an edit in words. Null: not about the draft. */
  async function answerDraft(ctx: Ctx, orderId: number): Promise<Outcome | null> {
    const { summary, refs } = await draftRefs(orderId);
    if (summary.status !== 'draft') {
      // Confirmed or cancelled elsewhere (admin page): forget it and read the message afresh.
      ctx.state = { ...ctx.state, draftOrderId: undefined, draftExpiresAt: undefined };
      return null;
    }
    const meaning = interpretReply(ctx.text, refs);
    const title = ctx.title;
    const clear: ConversationState = { ...ctx.state, draftOrderId: undefined, draftExpiresAt: undefined, offer: undefined, question: undefined };
    switch (meaning.kind) {
      case 'yes':
        return confirmDraft(ctx, orderId);
      case 'no': {
        await orders.cancel(orderId, { actor: 'customer', reason: 'customer said no' });
        return outcome({ replies: [{ text: render('order-cancelled', {}, title) }], wait: { type: 'bot' }, state: clear });
      }
      case 'set':
      case 'remove': {
        const ref = refs[meaning.line];
        if (!ref) return null;
        const r =
          meaning.kind === 'set'
            ? await orders.updateDraft(orderId, { set: [{ sku: ref.sku, quantity: meaning.quantity, ...(meaning.unit ? { unit: meaning.unit } : {}) }] })
            : await orders.updateDraft(orderId, { remove: [ref.sku] });
        const s = r.summary;
        const activeAfter = s.lines.filter((l) => l.quantity > 0 || l.backorderQuantity > 0);
        if (activeAfter.length && s.canConfirm) {
          const line = s.lines.find((l) => l.sku === ref.sku);
          const change = meaning.kind === 'remove' || !line ? `${ref.name} çıkarıldı` : `${line.productName} — ${formatQuantity(line.quantity)} ${line.unit}`;
          const state: ConversationState = { ...ctx.state, draftExpiresAt: (s.expiresAt ?? ctx.now).toISOString(), offer: ctx.state.offer?.kind === 'partial' ? undefined : ctx.state.offer };
          return outcome({ replies: [{ text: render('order-updated', { change, total: formatTL(s.totalKurus) }, title) }], wait: { type: 'bot' }, state });
        }
        return draftShown(ctx, s, { greet: false });
      }
      case 'add': {
        const parsed = deps.catalog.parser().parse(meaning.text, { customerAliases: await customerAliases(ctx.customer.id) });
        if (!parsed.lines.length) return null;
        return orderLines(ctx, parsed.lines, 'add');
      }
      case 'unclear': {
        const options = meaning.lines.length ? meaning.lines.map((i) => refs[i]?.name ?? '') : refs.map((r) => r.name);
        return outcome({ replies: [{ text: render('edit-unclear', { options }, title) }], wait: { type: 'bot' }, state: ctx.state });
      }
      default: {
        // "1 koli", "2 koli" or "2" after "10 adet yerine 1 koli (8) ya da 2 koli (16) yazabilirim".
        const lot = summary.lotProblems[0];
        if (!lot) return null;
        const pick = lotAnswer(ctx.text, lot.suggestions);
        if (!pick) return null;
        const r = await orders.updateDraft(orderId, { set: [{ sku: lot.sku, quantity: pick.quantity, unit: pick.unit }] });
        return draftShown(ctx, r.summary, { greet: false });
      }
    }
  }

  async function confirmDraft(ctx: Ctx, orderId: number): Promise<Outcome> {
    const title = ctx.title;
    const r = await orders.confirm(orderId, { actor: 'customer' });
    const clear: ConversationState = { ...ctx.state, draftOrderId: undefined, draftExpiresAt: undefined, offer: undefined, question: undefined };
    if (r.ok) {
      const p = r.promise;
      const text = render('order-confirmed', {
        number: r.number,
        likely_day_acc: p ? dayAccusative(p.likelyText) : '',
        latest_weekday: p && p.latest !== p.likely ? weekdayOf(p.latestText) : '',
      }, title);
      return outcome({ replies: [{ text }], wait: { type: 'bot' }, state: clear });
    }
    if (r.reason === 'expired' || r.reason === 'not_draft') {
      const note = r.reason === 'expired' ? await expireDraft(orderId, title) : null;
      return outcome({ replies: [{ text: note ?? render('order-expired', { number: (await orderNumber(orderId)) ?? '' }, title) }], wait: { type: 'bot' }, state: clear });
    }
    if (r.summary) return draftShown(ctx, r.summary, { greet: false });
    return outcome({ replies: [{ text: render('staff-ack', { minutes: standard }, title) }], wait: { type: 'staff', reason: 'other', ack: true }, state: ctx.state });
  }

  async function orderNumber(orderId: number): Promise<number | null> {
    return (await db.order.findUnique({ where: { id: orderId }, select: { number: true } }))?.number ?? null;
  }

  /** Cancels an expired draft still open; the polite note, or null when there was nothing to expire. */
  async function expireDraft(orderId: number, title: string): Promise<string | null> {
    const order = await db.order.findUnique({ where: { id: orderId }, select: { status: true, number: true } });
    if (!order) return null;
    if (order.status === 'draft') await orders.cancel(orderId, { actor: 'system', reason: 'draft expired' });
    else if (order.status !== 'cancelled') return null;
    return render('order-expired', { number: order.number }, title);
  }

  /** An answer to "1) … 2) …". Null when the message is not an answer to it. */
  async function answerQuestion(ctx: Ctx, q: OpenQuestion): Promise<Outcome | null> {
    const idx = q.lines.findIndex((l) => !l.sku && l.candidates?.length);
    if (idx < 0) {
      ctx.state = { ...ctx.state, question: undefined };
      return null;
    }
    const line = q.lines[idx];
    const candidates = line.candidates ?? [];
    const n = choiceNumber(ctx.text, candidates.length);
    if (n !== null) {
      const lines = q.lines.map((l, i) => (i === idx ? { ...l, sku: candidates[n - 1], candidates: undefined, notFound: undefined } : l));
      return continueLines(ctx, lines, q.purpose);
    }
    if (yesNo(ctx.text) === 'no') {
      // Skip this line; go on with the rest.
      const lines = q.lines.filter((_, i) => i !== idx);
      return continueLines(ctx, lines, q.purpose);
    }
    // Something else: the question lapses; a product name may resolve it ("komili olan").
    const parser = deps.catalog.parser();
    const direct = parser.matchProducts(ctx.text, 10).filter((r) => candidates.includes(r.sku));
    if (direct.length === 1 || (direct.length > 1 && direct[0].score - direct[1].score > 0.05)) {
      const sku = direct[0].sku;
      const lines = q.lines.map((l, i) => (i === idx ? { ...l, sku, candidates: undefined, notFound: undefined } : l));
      return continueLines(ctx, lines, q.purpose);
    }
    ctx.state = { ...ctx.state, question: undefined };
    return null;
  }

  /** "Gelince haber vereyim mi?" / partial stock: yes or no. Null when the message is something else. */
  async function answerOffer(ctx: Ctx): Promise<Outcome | null> {
    const offer = ctx.state.offer;
    if (!offer) return null;
    const yn = yesNo(ctx.text);
    const title = ctx.title;
    if (offer.kind === 'watch') {
      if (!yn) {
        ctx.state = { ...ctx.state, offer: undefined };
        return null;
      }
      const state: ConversationState = { ...ctx.state, offer: undefined };
      if (yn === 'no') return outcome({ replies: [{ text: render('watch-declined', {}, title) }], wait: { type: 'bot' }, state });
      const names = await productNames(offer.skus);
      const customerId = ctx.customer.id;
      return outcome({
        replies: [{ text: render('watch-ok', { products: offer.skus.map((s) => names.get(s) ?? s).join(', ') }, title) }],
        wait: { type: 'bot' },
        state,
        effects: offer.skus.map((sku) => async (tx: Tx) => {
          const product = await tx.product.findUnique({ where: { sku }, select: { id: true } });
          if (product) await watchStock(tx, customerId, product.id);
        }),
      });
    }
    // partial: the draft's shortages
    if (!yn || ctx.state.draftOrderId !== offer.orderId) {
      if (!yn) return null; // an edit or a question: the draft logic reads it
      ctx.state = { ...ctx.state, offer: undefined };
      return null;
    }
    const r =
      yn === 'yes'
        ? await orders.updateDraft(offer.orderId, { acceptPartial: true })
        : await orders.updateDraft(offer.orderId, { remove: offer.items.map((i) => i.sku) });
    ctx.state = { ...ctx.state, offer: undefined };
    return draftShown(ctx, r.summary, { greet: false });
  }

  // ───────────────────────────── questions ─────────────────────────────

  function askedSkus(lines: ParsedLine[]): string[] {
    const out: string[] = [];
    for (const l of lines) for (const s of l.sku ? [l.sku] : (l.candidates ?? [])) if (!out.includes(s)) out.push(s);
    return out.slice(0, 6);
  }

  async function notFoundQuestion(ctx: Ctx, purpose: 'stock' | 'price'): Promise<Outcome> {
    const near = deps.catalog.parser().matchProducts(ctx.text, 3).map((r) => r.sku);
    if (!near.length) {
      return outcome({ replies: [{ text: render('not-found', { query: productPhrase(ctx.text), suggestions: [], in_order: false }, ctx.title) }], wait: { type: 'bot' }, state: ctx.state });
    }
    return continueLines(ctx, [{ sku: null, quantity: null, unit: null, text: ctx.text, candidates: near, notFound: true }], purpose);
  }

  async function stockQuestion(ctx: Ctx, lines: ParsedLine[]): Promise<Outcome> {
    const skus = askedSkus(lines);
    if (!skus.length) return notFoundQuestion(ctx, 'stock');
    const answers = await stock.availability(skus);
    const outs = answers.filter((a) => !a.inStock);
    const ins = answers.filter((a) => a.inStock);
    const sentence = (a: (typeof answers)[number]) =>
      a.inStock || a.restockDate ? stockSentence(a.name, a.availableQuantity, a.restockDate) : `${a.name} şu an stokta yok; geliş tarihi henüz belli değil.`;
    const text = render('stock-answer', {
      sentences: (outs.length ? outs : ins).map(sentence),
      offer_watch: outs.length > 0,
      also: outs.length ? ins.map(sentence) : [],
    }, ctx.title);
    const state: ConversationState = { ...ctx.state, question: undefined, offer: outs.length ? { kind: 'watch', skus: outs.map((a) => a.sku), askedAt: ctx.now.toISOString() } : ctx.state.offer };
    const out = outcome({ replies: [{ text }], wait: { type: 'bot' }, state });
    if (ctx.state.draftOrderId) out.replies.push({ text: render('order-reminder', {}, ctx.title) });
    return out;
  }

  async function priceQuestion(ctx: Ctx, lines: ParsedLine[]): Promise<Outcome> {
    const skus = askedSkus(lines);
    if (!skus.length) return notFoundQuestion(ctx, 'price');
    const q = await orders.priceQuote(ctx.customer.id, skus);
    const order = new Map(skus.map((s, i) => [s, i]));
    const items = [...q.items]
      .sort((a, b) => (order.get(a.sku) ?? 0) - (order.get(b.sku) ?? 0))
      .map((i) => ({
        name: i.name,
        unit: i.unit,
        pack: i.packCount > 1 ? packText(i.pack) : '',
        price: i.priceKurus === null ? '' : i.perPieceKurus !== null ? `${formatTL(i.priceKurus)} (adedi ${formatTL(i.perPieceKurus)})` : formatTL(i.priceKurus),
        missing: i.priceKurus === null,
      }));
    const t = q.nextTier;
    const tierHint = t ? `Bu ay alımlarınız ${formatTLShort(t.aboveKurus)}'yi geçerse %${formatQuantity(t.percent)} indirim uygulanır.` : '';
    const out = outcome({ replies: [{ text: render('price-answer', { items, price_list: q.priceList.name, tier_hint: tierHint }, ctx.title) }], wait: { type: 'bot' }, state: { ...ctx.state, question: undefined } });
    if (items.some((i) => i.missing)) out.wait = { type: 'staff', reason: 'other', ack: true };
    if (ctx.state.draftOrderId) out.replies.push({ text: render('order-reminder', {}, ctx.title) });
    return out;
  }

  async function statusAnswer(ctx: Ctx): Promise<Outcome> {
    const open = await orders.openOrders(ctx.customer.id);
    const text = render('status', {
      orders: open.map((o) => ({ number: o.number, state: STATUS_TR[o.status], promise: o.promise?.text ?? '' })),
      has_draft: ctx.state.draftOrderId !== undefined,
    }, ctx.title);
    return outcome({ replies: [{ text }], wait: { type: 'bot' }, state: ctx.state });
  }

  async function complaint(ctx: Ctx): Promise<Outcome> {
    const existing = await db.complaint.findFirst({ where: { messageId: ctx.messageId }, select: { number: true } });
    const row =
      existing ??
      (await db.complaint.create({
        data: {
          customerId: ctx.customer.id,
          messageId: ctx.messageId,
          text: ctx.text,
          createdAt: ctx.now,
          ackAt: ctx.now,
          followUpAt: new Date(ctx.now.getTime() + 7 * 86_400_000),
        },
        select: { number: true },
      }));
    return outcome({
      replies: [{ text: render('complaint-ack', { number: row.number }, ctx.title) }],
      alerts: [render('alert-complaint', { who: whoOf(ctx.customer), phone: ctx.customer.phone, number: row.number, excerpt: excerpt(ctx.text, 120) })],
      wait: { type: 'bot', reason: 'complaint' },
      state: ctx.state,
    });
  }

  function consentEffect(ctx: Ctx, granted: boolean) {
    const change = { customerId: ctx.customer.id, source: 'whatsapp' as const, text: ctx.text.slice(0, 200) };
    const at = ctx.now;
    // Opting out also stops the commercial messages already queued or planned for this customer.
    return async (tx: Tx) => {
      if (granted) await recordOptIn(tx, change, at);
      else await recordOptOut(tx, change, at);
    };
  }

  function optout(ctx: Ctx): Outcome {
    return outcome({ replies: [{ text: render('optout', {}, ctx.title) }], wait: { type: 'bot' }, effects: [consentEffect(ctx, false)], state: ctx.state });
  }

  function resubscribe(ctx: Ctx): Outcome {
    return outcome({ replies: [{ text: render('resubscribe', {}, ctx.title) }], wait: { type: 'bot' }, effects: [consentEffect(ctx, true)], state: ctx.state });
  }

  function humanHandoff(ctx: Ctx): Outcome {
    return outcome({
      replies: [{ text: render('handoff-ack', { minutes: standard }, ctx.title) }],
      alerts: [render('alert-handoff', { who: whoOf(ctx.customer), phone: ctx.customer.phone, excerpt: excerpt(ctx.text, 120) })],
      wait: { type: 'staff', reason: 'human', ack: true },
      handoff: { mode: 'staff', until: new Date(ctx.now.getTime() + settings.handoffQuietMinutes * 60_000) },
      state: ctx.state,
    });
  }

  // ───────────────────────────── every minute ─────────────────────────────

  async function escalate(now = clock.now()): Promise<number> {
    const n = await escalateOverdue(db, { now, ownerPhones: [...owners], templates, standardMinutes: standard, businessName: settings.businessName });
    if (n) deps.outbox?.kick?.();
    return n;
  }

  async function expireDrafts(now = clock.now()): Promise<number> {
    const due = await db.$queryRaw<{ id: number; jid: string }[]>`
      SELECT id, jid FROM "Conversation"
      WHERE state->>'draftExpiresAt' IS NOT NULL AND state->>'draftExpiresAt' <= ${now.toISOString()}`;
    let n = 0;
    for (const c of due) {
      await serial(c.jid, async () => {
        const conv = await db.conversation.findUnique({ where: { id: c.id }, include: { customer: true } });
        if (!conv) return;
        const { state } = readState(conv.state);
        if (!state.draftOrderId || !state.draftExpiresAt || Date.parse(state.draftExpiresAt) > now.getTime()) return;
        const order = await db.order.findUnique({ where: { id: state.draftOrderId }, select: { status: true, expiresAt: true } });
        const cleared = writeState({ ...state, draftOrderId: undefined, draftExpiresAt: undefined, offer: state.offer?.kind === 'partial' ? undefined : state.offer, question: undefined }) as Prisma.InputJsonValue;
        if (order?.status === 'draft' && order.expiresAt && order.expiresAt.getTime() > now.getTime()) {
          await db.conversation.update({ where: { id: conv.id }, data: { state: writeState({ ...state, draftExpiresAt: order.expiresAt.toISOString() }) as Prisma.InputJsonValue } });
          return;
        }
        const note = await expireDraft(state.draftOrderId, addressOf(conv.customer));
        await db.$transaction(async (tx) => {
          if (note) {
            await enqueueOutbox(tx, { key: `draft-expired:${state.draftOrderId}`, jid: conv.jid, text: note, customerId: conv.customerId, kind: 'reply' });
          }
          await tx.conversation.update({ where: { id: conv.id }, data: { state: cleared } });
        });
        if (note) n++;
      });
    }
    if (n) deps.outbox?.kick?.();
    return n;
  }

  async function handBack(now = clock.now()): Promise<number> {
    const r = await db.conversation.updateMany({ where: { handoff: 'staff', handoffUntil: { lte: now } }, data: { handoff: 'bot', handoffUntil: null } });
    return r.count;
  }

  async function runMinutely(now = clock.now()): Promise<MinutelyReport> {
    const escalated = await escalate(now);
    const draftsExpired = await expireDrafts(now);
    const handedBack = await handBack(now);
    return { escalated, draftsExpired, handedBack };
  }

  async function resumeUnhandled(opts: { sinceMinutes?: number } = {}): Promise<number> {
    const since = new Date(clock.now().getTime() - (opts.sinceMinutes ?? 60) * 60_000);
    const rows = await db.message.findMany({
      where: { direction: 'in', handledAt: null, isHistory: false, fromMe: false, sentAt: { gte: since } },
      include: { conversation: true },
      orderBy: { id: 'asc' },
      take: 500,
    });
    for (const r of rows) {
      await handle({
        id: r.waId ?? `row-${r.id}`,
        remoteJid: r.remoteJid,
        senderPhone: r.conversation.phone,
        senderLid: r.remoteJid.endsWith('@lid') ? r.remoteJid : null,
        pushName: null,
        fromMe: false,
        kind: r.kind as InboundMessage['kind'],
        text: r.text,
        timestamp: r.sentAt,
        isHistory: false,
      });
    }
    return rows.length;
  }

  return {
    handle,
    runMinutely,
    escalateOverdue: escalate,
    expireDrafts,
    handBack,
    dailyReport: (day: string) => responseDailyReport(db, day, { now: clock.now(), standardMinutes: standard }),
    resumeUnhandled,
    forgetAliases,
  };
}

export type { DailyResponseReport };
