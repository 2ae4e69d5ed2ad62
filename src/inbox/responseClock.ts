// The response-time standard: every message that needs an answer gets a ResponseWait. The bot's
// own full answers close it at once; messages for staff are acknowledged at once and wait for a
// staff answer (a fromMe message in the chat); past the standard the owner is told, once.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import { addDays, istanbulTime } from '../shared/dates.ts';
import { phoneToJid } from '../shared/phone.ts';
import { excerpt, percentile, whoOf } from './format.ts';
import type { ReplyTemplates } from './replyTemplates.ts';

type Tx = Prisma.TransactionClient | PrismaClient;

export type WaitReason = 'answered' | 'staff' | 'human' | 'complaint' | 'unknown' | 'other' | 'media' | 'flood';

/** A message the bot answered in full right away. */
export async function recordBotAnswer(
  tx: Tx,
  w: { conversationId: number; messageId: number; receivedAt: Date; at: Date; standardMinutes: number; reason?: WaitReason },
): Promise<void> {
  await tx.responseWait.create({
    data: {
      conversationId: w.conversationId,
      messageId: w.messageId,
      reason: w.reason ?? 'answered',
      receivedAt: w.receivedAt,
      dueAt: new Date(w.receivedAt.getTime() + w.standardMinutes * 60_000),
      ackAt: w.at,
      answeredAt: w.at,
      answeredBy: 'bot',
    },
  });
}

/**
 * A message staff must answer. While one is already waiting in the chat, the new message joins it
 * (the clock runs from the first unanswered message: that is the conversation's first-response time).
 * Returns true when a new wait was opened.
 */
export async function openStaffWait(
  tx: Tx,
  w: { conversationId: number; messageId: number; receivedAt: Date; ackAt: Date | null; standardMinutes: number; reason: WaitReason },
): Promise<boolean> {
  const pending = await tx.responseWait.findFirst({ where: { conversationId: w.conversationId, answeredAt: null }, select: { id: true } });
  if (pending) return false;
  await tx.responseWait.create({
    data: {
      conversationId: w.conversationId,
      messageId: w.messageId,
      reason: w.reason,
      receivedAt: w.receivedAt,
      dueAt: new Date(w.receivedAt.getTime() + w.standardMinutes * 60_000),
      ackAt: w.ackAt,
    },
  });
  return true;
}

export async function hasPendingWait(tx: Tx, conversationId: number): Promise<boolean> {
  return (await tx.responseWait.count({ where: { conversationId, answeredAt: null } })) > 0;
}

/** Staff answered in the chat (from the phone): every pending wait there is answered now. */
export async function answerByStaff(tx: Tx, conversationId: number, at: Date): Promise<number> {
  const r = await tx.responseWait.updateMany({
    where: { conversationId, answeredAt: null, receivedAt: { lte: at } },
    data: { answeredAt: at, answeredBy: 'staff' },
  });
  return r.count;
}

/** For each wait past its due time, not answered and not yet escalated: one alert to every owner, then marked. */
export async function escalateOverdue(
  db: PrismaClient,
  opts: { now: Date; ownerPhones: string[]; templates: ReplyTemplates; standardMinutes: number; businessName: string },
): Promise<number> {
  const overdue = await db.responseWait.findMany({
    where: { answeredAt: null, escalatedAt: null, dueAt: { lte: opts.now } },
    include: { conversation: { include: { customer: true } } },
    orderBy: { dueAt: 'asc' },
    take: 200,
  });
  let n = 0;
  for (const w of overdue) {
    const msg = w.messageId ? await db.message.findUnique({ where: { id: w.messageId }, select: { text: true, kind: true } }) : null;
    const minutes = Math.max(opts.standardMinutes, Math.round((opts.now.getTime() - w.receivedAt.getTime()) / 60_000));
    const text = opts.templates.render('alert-escalation', {
      title: '',
      business_name: opts.businessName,
      who: whoOf(w.conversation.customer, w.conversation.phone ?? w.conversation.jid),
      minutes,
      excerpt: excerpt(msg?.text ?? kindLabel(msg?.kind), 60, { clause: true }),
    });
    await db.$transaction(async (tx) => {
      const { count } = await tx.responseWait.updateMany({ where: { id: w.id, escalatedAt: null, answeredAt: null }, data: { escalatedAt: opts.now } });
      if (count !== 1) return;
      for (const phone of opts.ownerPhones) {
        await enqueueOutbox(tx, { key: `escalation:${w.id}:${phone}`, jid: phoneToJid(phone), text, kind: 'alert' });
      }
      n++;
    });
  }
  return n;
}

function kindLabel(kind: string | undefined): string {
  return ({ audio: '(sesli mesaj)', image: '(fotoğraf)', video: '(video)', document: '(belge)', sticker: '(çıkartma)', location: '(konum)', contact: '(kişi kartı)' } as Record<string, string>)[kind ?? ''] ?? '(mesaj)';
}

export interface DailyResponseReport {
  day: string;
  /** Conversations (chats) with at least one message that needed an answer that day. */
  conversations: number;
  /** Messages (turns) that needed an answer. */
  waits: number;
  /** Of those, answered (by the bot or staff). */
  firstResponses: number;
  /** Answered within the standard, of all turns whose outcome is known (answered, or unanswered past due); null when none. */
  withinStandardShare: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  /** Still waiting, past the standard. */
  overdue: number;
  escalated: number;
}

/** Response-time figures of one Istanbul calendar day (YYYY-MM-DD). */
export async function dailyReport(db: Tx, day: string, opts: { now: Date; standardMinutes: number }): Promise<DailyResponseReport> {
  const from = istanbulTime(day);
  const to = istanbulTime(addDays(day, 1));
  const rows = await db.responseWait.findMany({
    where: { receivedAt: { gte: from, lt: to } },
    select: { conversationId: true, receivedAt: true, answeredAt: true, dueAt: true, escalatedAt: true },
  });
  const standardMs = opts.standardMinutes * 60_000;
  const answered = rows.filter((r) => r.answeredAt).map((r) => Math.max(0, (r.answeredAt as Date).getTime() - r.receivedAt.getTime()));
  const overdue = rows.filter((r) => !r.answeredAt && r.dueAt.getTime() <= opts.now.getTime()).length;
  const decided = answered.length + overdue;
  const within = answered.filter((ms) => ms <= standardMs).length;
  return {
    day,
    conversations: new Set(rows.map((r) => r.conversationId)).size,
    waits: rows.length,
    firstResponses: answered.length,
    withinStandardShare: decided ? within / decided : null,
    p50Ms: percentile(answered, 50),
    p95Ms: percentile(answered, 95),
    overdue,
    escalated: rows.filter((r) => r.escalatedAt).length,
  };
}
