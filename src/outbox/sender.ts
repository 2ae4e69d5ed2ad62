// Sends what the outbox holds: each row once, retried on failure, safe across a crash.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { Prisma, type OutboxMessage } from '../generated/prisma/client.ts';
import type { Clock } from '../shared/clock.ts';
import { jidToPhone } from '../shared/phone.ts';
import { toSendError, type ChannelPort, type ChannelSendError } from '../channel/port.ts';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from './backoff.ts';
import { newOutboxMessageId } from './messageId.ts';

export type OutboxRow = OutboxMessage;

/**
 * Decides when a proactive message may go: null (or a time not after `now`) = now,
 * a later time = wait until then. The campaigns engineer provides the real rules
 * (gaps per number, daily cap, business hours); the default sends at once.
 */
export type PacingHook = (row: OutboxRow, now: Date) => Date | null | Promise<Date | null>;

interface LogLike {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug?(obj: object, msg?: string): void;
}

export interface OutboxSenderOptions {
  db: Db;
  channel: ChannelPort;
  clock: Clock;
  log: LogLike;
  pacing?: PacingHook;
  /** Attempts before a row is marked failed (default 8). */
  maxAttempts?: number;
  /** A row left in 'sending' longer than this (a crashed sender) goes back to pending (default 2 min). */
  stuckAfterMs?: number;
  /** How often the sender looks for due rows without being kicked (default 1 s). */
  pollMs?: number;
  /** Rows taken per round (default 20). */
  batchSize?: number;
  /** A send that has not finished after this is treated as failed and retried with the same id (default 45 s). */
  sendTimeoutMs?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** Told when a row is given up on (the lead wires it to the owner alert). */
  onFailed?: (row: OutboxRow, error: string) => void;
  /** Identifies this sender on claimed rows. */
  instanceId?: string;
  /**
   * Which chats are this sender's. The simulator's sender (memory channel) and the WhatsApp sender
   * split the outbox by JID, or one would send the other's rows. Default: every chat.
   */
  scope?: OutboxScope;
  /** This process is the database's only user (the embedded one): rows left 'sending' at start are from a crash and go at once. */
  exclusive?: boolean;
}

/** The chats whose JID ends with `jidSuffix` (or, with `except`, all the others). */
export interface OutboxScope {
  jidSuffix: string;
  except?: boolean;
}

export interface OutboxSender {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Look for due rows now (after enqueuing a reply). */
  kick(): void;
  /** Process everything due now, until nothing is left; resolves with the number of rows sent. */
  drain(): Promise<number>;
  /** Like drain(), but only waits for what was enqueued before the latest kick() (no extra round when that round is under way). */
  settled(): Promise<number>;
  /** Put rows stuck in 'sending' back to pending; returns how many. */
  recover(): Promise<number>;
  /** Until when the whole sender waits after a rate limit (null: not paused). */
  pausedUntil(): Date | null;
  /**
   * The claim a reply to `jid` may be written with, so it goes straight to the channel without
   * waiting for a round: null when this sender does not serve the chat or cannot send now.
   */
  claimFor(jid: string): string | null;
  /**
   * Sends rows written already claimed by claimFor(), each chat's in order after what it was
   * already sending (chats do not wait for each other); resolves with how many were sent.
   */
  sendClaimed(rows: OutboxRow[]): Promise<number>;
  /** Resolves once what sendClaimed() was given for `jid` so far has been through the channel. */
  deliveredTo(jid: string): Promise<void>;
}

type Outcome = 'sent' | 'retry' | 'failed' | 'deferred' | 'lost';

export function createOutboxSender(opts: OutboxSenderOptions): OutboxSender {
  const { db, channel, clock, log } = opts;
  const maxAttempts = opts.maxAttempts ?? 8;
  const stuckAfterMs = opts.stuckAfterMs ?? 120_000;
  const pollMs = opts.pollMs ?? 1_000;
  const batchSize = opts.batchSize ?? 20;
  const sendTimeoutMs = opts.sendTimeoutMs ?? 45_000;
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const random = opts.random ?? Math.random;
  const me = opts.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const scope = opts.scope;
  const scopeWhere: Prisma.OutboxMessageWhereInput = !scope ? {} : scope.except ? { NOT: { jid: { endsWith: scope.jidSuffix } } } : { jid: { endsWith: scope.jidSuffix } };
  const scopeSql = !scope
    ? Prisma.empty
    : Prisma.sql`AND (right("jid", ${scope.jidSuffix.length}::int) = ${scope.jidSuffix}) = ${!scope.except}`;
  const serves = (jid: string) => !scope || jid.endsWith(scope.jidSuffix) !== Boolean(scope.except);
  const lanes = new Map<string, Promise<number>>(); // per chat: the latest direct send under way

  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  let current: Promise<number> = Promise.resolve(0);
  let pauseUntil: Date | null = null;

  async function recover(all = false): Promise<number> {
    const cutoff = new Date(clock.now().getTime() - (all ? 0 : stuckAfterMs));
    const { count } = await db.outboxMessage.updateMany({
      where: { AND: [scopeWhere, { status: 'sending', OR: [{ claimedAt: { lte: cutoff } }, { claimedAt: null }] }] },
      data: { status: 'pending', claimedAt: null, claimedBy: null },
    });
    if (count) log.warn({ count }, 'outbox: messages interrupted while sending are queued again (same WhatsApp id)');
    return count;
  }

  /**
   * Takes due rows for this instance in one statement (replies and alerts first), recording the
   * attempt. A row without a WhatsApp id (written by an older version) gets one derived from itself,
   * so a resend after a crash uses the same id. SKIP LOCKED keeps two instances off the same row.
   * `exhausted`: every due row was taken.
   */
  async function claim(now: Date): Promise<{ rows: OutboxRow[]; exhausted: boolean }> {
    const claimed = await db.$queryRaw<OutboxRow[]>`
      UPDATE "OutboxMessage" AS o
      SET "status" = 'sending', "claimedAt" = ${now}, "claimedBy" = ${me}, "attempts" = o."attempts" + 1,
          "waId" = COALESCE(o."waId", '3EB0' || upper(left(md5('kolibot-outbox|' || o."idempotencyKey" || '|' || o."id" || '|' || o."createdAt"), 18)))
      WHERE o."status" = 'pending' AND o."id" IN (
        SELECT "id" FROM "OutboxMessage"
        WHERE "status" = 'pending' AND "notBefore" <= ${now} ${scopeSql}
        ORDER BY ("kind" = 'proactive'), "notBefore", "id"
        LIMIT ${batchSize}::int
        FOR UPDATE SKIP LOCKED)
      RETURNING o.*`;
    claimed.sort((a, b) => rank(a) - rank(b) || a.notBefore.getTime() - b.notBefore.getTime() || a.id - b.id);
    return { rows: claimed, exhausted: claimed.length < batchSize };
  }

  /** Gives back a claimed row that was not sent, with the attempt the claim recorded. */
  async function release(row: OutboxRow, notBefore: Date): Promise<void> {
    await db.outboxMessage.updateMany({
      where: { id: row.id, status: 'sending', claimedBy: me },
      data: { status: 'pending', notBefore, claimedAt: null, claimedBy: null, attempts: { decrement: 1 } },
    });
  }

  async function sendOne(row: OutboxRow): Promise<Outcome> {
    const now = clock.now();
    if (pauseUntil && pauseUntil > now) {
      await release(row, pauseUntil);
      return 'deferred';
    }
    if (row.kind === 'proactive' && opts.pacing) {
      const at = await opts.pacing(row, now);
      if (at && at.getTime() > now.getTime()) {
        await release(row, at);
        return 'deferred';
      }
    }
    const waId = row.waId ?? newOutboxMessageId();
    // The claim recorded the attempt. A row waiting long behind others in its batch may have been
    // recovered by another instance meanwhile: check it is still ours (and renew the claim).
    if (now.getTime() - (row.claimedAt?.getTime() ?? 0) > stuckAfterMs / 4) {
      const { count } = await db.outboxMessage.updateMany({
        where: { id: row.id, status: 'sending', claimedBy: me },
        data: { claimedAt: now },
      });
      if (count !== 1) return 'lost';
    }
    const attempts = row.attempts;

    let result: Awaited<ReturnType<ChannelPort['sendText']>>;
    try {
      result = await withTimeout(channel.sendText(row.jid, row.text, { messageId: waId }), sendTimeoutMs);
    } catch (e) {
      return failed(row, attempts, toSendError(e));
    }

    const sentAt = clock.now();
    const sentWaId = result.waId || waId;
    const payload = (result.payload ?? { conversation: row.text }) as object;
    // One statement: the row is sent, the chat's last outbound time, the message in the conversation.
    const payloadJson = JSON.stringify(payload);
    const written = new Date();
    await db.$executeRaw`
      WITH sent AS (
        UPDATE "OutboxMessage"
        SET "status" = 'sent', "sentAt" = ${sentAt}, "waId" = ${sentWaId}, "payload" = ${payloadJson}::jsonb,
            "lastError" = NULL, "claimedAt" = NULL, "claimedBy" = NULL
        WHERE "id" = ${row.id}
      ), conv AS (
        INSERT INTO "Conversation" ("jid", "phone", "customerId", "lastOutboundAt", "createdAt", "updatedAt")
        VALUES (${row.jid}, ${jidToPhone(row.jid)}, ${row.customerId}, ${sentAt}, ${written}, ${written})
        ON CONFLICT ("jid") DO UPDATE SET "lastOutboundAt" = EXCLUDED."lastOutboundAt", "updatedAt" = EXCLUDED."updatedAt"
        RETURNING "id"
      )
      INSERT INTO "Message" ("conversationId", "direction", "remoteJid", "waId", "fromMe", "author", "kind", "text", "sentAt", "receivedAt", "handledAt", "isHistory", "payload")
      SELECT conv."id", 'out', ${row.jid}, ${sentWaId}, true, 'bot', 'text', ${row.text}, ${sentAt}, ${written}, ${sentAt}, false, ${payloadJson}::jsonb FROM conv
      ON CONFLICT ("remoteJid", "waId") DO UPDATE SET "author" = 'bot', "payload" = EXCLUDED."payload"`;
    return 'sent';
  }

  async function failed(row: OutboxRow, attempts: number, err: ChannelSendError): Promise<Outcome> {
    const now = clock.now();
    const message = err.message.slice(0, 500);
    if (!err.retryable || attempts >= maxAttempts) {
      await db.outboxMessage.updateMany({
        where: { id: row.id, claimedBy: me },
        data: { status: 'failed', lastError: message, claimedAt: null, claimedBy: null },
      });
      log.error({ outboxId: row.id, key: row.idempotencyKey, kind: row.kind, attempts, err: message }, 'outbox: message given up');
      opts.onFailed?.(row, message);
      return 'failed';
    }
    const delay = retryDelayMs(attempts, err.rateLimited, backoff, random);
    const notBefore = new Date(now.getTime() + delay);
    if (err.rateLimited) {
      pauseUntil = notBefore;
      log.warn({ until: notBefore.toISOString() }, 'outbox: WhatsApp rate limit, sending paused');
    }
    await db.outboxMessage.updateMany({
      where: { id: row.id, claimedBy: me },
      data: { status: 'pending', notBefore, lastError: message, claimedAt: null, claimedBy: null },
    });
    log.warn({ outboxId: row.id, attempts, retryInMs: delay, rateLimited: err.rateLimited, err: message }, 'outbox: send failed, will retry');
    return 'retry';
  }

  /** One round: claim due rows and send them one after the other. */
  async function round(): Promise<{ sent: number; exhausted: boolean }> {
    if (channel.linkState().status !== 'open') return { sent: 0, exhausted: true };
    const now = clock.now();
    if (pauseUntil && pauseUntil > now) return { sent: 0, exhausted: true };
    const { rows, exhausted } = await claim(now);
    const sent = await sendRows(rows);
    return { sent, exhausted: exhausted || (pauseUntil !== null && pauseUntil > clock.now()) };
  }

  /** Sends claimed rows one after the other; after a rate limit the rest are given back. */
  async function sendRows(rows: OutboxRow[]): Promise<number> {
    let sent = 0;
    for (const [i, row] of rows.entries()) {
      let outcome: Outcome;
      try {
        outcome = await sendOne(row);
      } catch (err) {
        // A database error after claiming: the row stays 'sending' and recover() brings it back.
        log.error({ outboxId: row.id, err: (err as Error).message }, 'outbox: could not process message');
        continue;
      }
      if (outcome === 'sent') sent++;
      if (pauseUntil && pauseUntil > clock.now()) {
        for (const rest of rows.slice(i + 1)) await release(rest, pauseUntil);
        return sent;
      }
    }
    return sent;
  }

  // One loop of rounds serves every kick and drain: callers share rounds instead of each running its own.
  let rounds = 0; // rounds started
  let sentTotal = 0;
  let again = false;
  let looping = false;
  let kickedRound = 0; // the first round that sees everything committed before the latest kick
  const waiters: { after: number; base: number; resolve(n: number): void; reject(err: unknown): void }[] = [];

  let lastExhausted = 0; // the latest round that found nothing more due

  function loop(): void {
    again = true;
    if (looping) return;
    looping = true;
    current = (async () => {
      try {
        while (again) {
          again = false;
          for (;;) {
            const started = ++rounds;
            let r: { sent: number; exhausted: boolean };
            try {
              r = await round();
            } catch (err) {
              for (const w of waiters.splice(0)) w.reject(err);
              again = false;
              return 0;
            }
            sentTotal += r.sent;
            if (r.exhausted) {
              lastExhausted = Math.max(lastExhausted, started);
              // Everything due when a waiter asked has been through a round that started after it asked.
              for (let i = waiters.length - 1; i >= 0; i--) {
                const w = waiters[i];
                if (w.after < started) {
                  waiters.splice(i, 1);
                  w.resolve(sentTotal - w.base);
                }
              }
              break;
            }
          }
        }
        return 0;
      } finally {
        looping = false;
      }
    })();
  }

  /** Resolves once a full pass that began after round `after` has found nothing more due. */
  function waitRounds(after: number): Promise<number> {
    if (lastExhausted > after) return Promise.resolve(0);
    return new Promise<number>((resolve, reject) => {
      waiters.push({ after, base: sentTotal, resolve, reject });
      if (!looping) loop();
      else if (rounds <= after) again = true; // the round under way started too early for this waiter
    });
  }

  function drain(): Promise<number> {
    return waitRounds(rounds);
  }

  async function tick(): Promise<void> {
    try {
      await drain();
    } catch (err) {
      log.error({ err: (err as Error).message }, 'outbox: round failed');
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(async () => {
      await recover().catch((err) => log.error({ err: (err as Error).message }, 'outbox: recover failed'));
      await tick();
      schedule();
    }, pollMs);
    timer.unref?.();
  }

  return {
    async start() {
      if (!stopped) return;
      stopped = false;
      await recover(opts.exclusive);
      void tick();
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current.catch(() => {});
      await Promise.allSettled([...lanes.values()]);
    },
    kick() {
      if (stopped) return;
      kickedRound = rounds + 1;
      void tick();
    },
    drain,
    settled() {
      // Rows enqueued before the latest kick are claimed by round kickedRound or a later one.
      if (stopped) return drain();
      return waitRounds(kickedRound - 1);
    },
    recover,
    pausedUntil: () => (pauseUntil && pauseUntil > clock.now() ? pauseUntil : null),
    claimFor(jid) {
      if (stopped || !serves(jid) || channel.linkState().status !== 'open') return null;
      if (pauseUntil && pauseUntil > clock.now()) return null;
      return me;
    },
    sendClaimed(rows) {
      const mine = rows.filter((r) => r.claimedBy === me && r.status === 'sending').sort((a, b) => a.id - b.id);
      const byChat = new Map<string, OutboxRow[]>();
      for (const r of mine) {
        const list = byChat.get(r.jid);
        if (list) list.push(r);
        else byChat.set(r.jid, [r]);
      }
      const sends = [...byChat].map(([jid, list]) => {
        const lane = (lanes.get(jid) ?? Promise.resolve(0))
          .then(() => sendRows(list))
          .catch((err) => {
            // The rows stay 'sending' and recover() brings them back.
            log.error({ err: (err as Error).message }, 'outbox: direct send failed');
            return 0;
          });
        lanes.set(jid, lane);
        void lane.then(() => {
          if (lanes.get(jid) === lane) lanes.delete(jid);
        });
        return lane;
      });
      return Promise.all(sends).then((counts) => counts.reduce((a, b) => a + b, 0));
    },
    async deliveredTo(jid) {
      await lanes.get(jid);
    },
  };
}

function rank(row: Pick<OutboxRow, 'kind'>): number {
  return row.kind === 'proactive' ? 1 : 0;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`send timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
