import { beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { enqueueOutbox } from '../../src/outbox/enqueue.ts';
import { createOutboxSender, type OutboxSenderOptions } from '../../src/outbox/sender.ts';
import { createMemoryChannel, type MemoryChannel } from '../../src/channel/memory/memoryChannel.ts';
import { ChannelSendError, type ChannelPort } from '../../src/channel/port.ts';
import { manualClock } from '../../src/shared/clock.ts';
import { findSentMessage } from '../../src/channel/baileys/storedMessages.ts';
import { recordReceipt } from '../../src/outbox/receipts.ts';

const T0 = '2026-11-23T10:00:00Z';
const JID = '905321110001@s.whatsapp.net';
const JID2 = '905321110002@s.whatsapp.net';

function quietLog() {
  const lines: { level: string; msg?: string; obj: object }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') };
}

/** Records every sendText call (what the sender asked WhatsApp to do) before passing it on. */
function recording(channel: ChannelPort) {
  const calls: { jid: string; text: string; messageId?: string }[] = [];
  const wrapped: ChannelPort = {
    ...channel,
    sendText: (jid, text, opts) => {
      calls.push({ jid, text, messageId: opts?.messageId });
      return channel.sendText(jid, text, opts);
    },
  };
  return { calls, channel: wrapped };
}

describeEachDatabase('outbox sender', (db) => {
  let clock: ReturnType<typeof manualClock>;
  let memory: MemoryChannel;
  let log: ReturnType<typeof quietLog>;
  const sender = (o: Partial<OutboxSenderOptions> = {}) =>
    createOutboxSender({ db: db().prisma, channel: memory, clock, log, random: () => 0.5, ...o });
  const enqueue = (key: string, extra: Partial<Parameters<typeof enqueueOutbox>[1]> = {}) =>
    enqueueOutbox(db().prisma, { key, jid: JID, text: `mesaj ${key}`, kind: 'reply', notBefore: clock.now(), ...extra });
  const row = (key: string) => db().prisma.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: key } });

  beforeEach(async () => {
    await db().prisma.message.deleteMany({});
    await db().prisma.conversation.deleteMany({});
    await db().prisma.outboxMessage.deleteMany({});
    clock = manualClock(T0);
    memory = createMemoryChannel({ clock });
    log = quietLog();
  });

  it('writes the message down, with its WhatsApp id, before WhatsApp gets it; then records it in the conversation', async () => {
    await enqueue('reply-1', { customerId: null });
    expect((await row('reply-1')).status).toBe('pending');
    let seenWhileSending: { status: string; waId: string | null } | undefined;
    const probe: ChannelPort = {
      ...memory,
      sendText: async (jid, text, opts) => {
        const r = await row('reply-1');
        seenWhileSending = { status: r.status, waId: r.waId };
        return memory.sendText(jid, text, opts);
      },
    };
    expect(await sender({ channel: probe }).drain()).toBe(1);
    expect(seenWhileSending?.status).toBe('sending');
    expect(seenWhileSending?.waId).toMatch(/^3EB0[0-9A-F]{18}$/);
    expect(memory.sent).toEqual([{ jid: JID, text: 'mesaj reply-1', waId: seenWhileSending!.waId, at: clock.now() }]);

    const sent = await row('reply-1');
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, waId: seenWhileSending!.waId, sentAt: clock.now() });
    const conv = await db().prisma.conversation.findUniqueOrThrow({ where: { jid: JID }, include: { messages: true } });
    expect(conv.lastOutboundAt).toEqual(clock.now());
    expect(conv.phone).toBe('+905321110001');
    expect(conv.messages).toHaveLength(1);
    expect(conv.messages[0]).toMatchObject({ direction: 'out', author: 'bot', fromMe: true, waId: sent.waId, text: 'mesaj reply-1' });
    // WhatsApp's retry requests (getMessage) are answered from what was stored.
    expect(await findSentMessage(db().prisma, { id: sent.waId!, remoteJid: JID })).toMatchObject({ extendedTextMessage: { text: 'mesaj reply-1' } });
  });

  it('retries a failed send later, and the customer gets it exactly once with the same id', async () => {
    await enqueue('retry-1');
    const rec = recording(memory);
    memory.failNextSends(1, new ChannelSendError('Connection Closed'));
    const s = sender({ channel: rec.channel });
    expect(await s.drain()).toBe(0);
    const failed = await row('retry-1');
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Connection Closed' });
    expect(failed.notBefore.getTime()).toBe(clock.now().getTime() + 2_000); // base backoff, no jitter at 0.5
    expect(await s.drain()).toBe(0); // not due yet
    clock.advance(2_000);
    expect(await s.drain()).toBe(1);
    expect(memory.sent).toHaveLength(1);
    expect(rec.calls.map((c) => c.messageId)).toEqual([failed.waId, failed.waId]);
    expect(await row('retry-1')).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('a send interrupted by a crash is sent once after the restart, with the same WhatsApp id', async () => {
    await enqueue('crash-1');
    // Instance A: WhatsApp accepts the message, then the process dies before writing it down.
    const crashed: ChannelPort = {
      ...memory,
      sendText: async (jid, text, opts) => {
        await memory.sendText(jid, text, opts);
        return new Promise(() => {}); // never returns: the process is gone
      },
    };
    void sender({ channel: crashed, instanceId: 'A' }).drain();
    await waitFor(() => memory.sent.length === 1);
    const stuck = await row('crash-1');
    expect(stuck).toMatchObject({ status: 'sending', claimedBy: 'A' });

    // Instance B starts later: the stale claim goes back to the queue and is sent with the same id.
    clock.advance(3 * 60_000);
    const rec = recording(memory);
    const b = sender({ channel: rec.channel, instanceId: 'B' });
    expect(await b.recover()).toBe(1);
    expect(await b.drain()).toBe(1);
    expect(rec.calls).toEqual([{ jid: JID, text: 'mesaj crash-1', messageId: stuck.waId }]);
    expect(memory.sent).toHaveLength(1); // WhatsApp dedupes on the message id: the customer sees one message
    expect(await row('crash-1')).toMatchObject({ status: 'sent', waId: stuck.waId, attempts: 2 });
  });

  it('a claim that is still fresh is left to its instance', async () => {
    await enqueue('fresh-1');
    await db().prisma.outboxMessage.update({ where: { idempotencyKey: 'fresh-1' }, data: { status: 'sending', claimedAt: clock.now(), claimedBy: 'other' } });
    const s = sender({ stuckAfterMs: 120_000 });
    expect(await s.recover()).toBe(0);
    expect(await s.drain()).toBe(0);
    clock.advance(121_000);
    expect(await s.recover()).toBe(1);
    expect(await s.drain()).toBe(1);
  });

  it('a reply written already claimed goes to the channel at once, without waiting for a round', async () => {
    const s = sender({ pollMs: 60_000, instanceId: 'me', scope: { jidSuffix: '@s.whatsapp.net' } });
    expect(s.claimFor(JID)).toBeNull(); // not started: written pending, sent by a round later
    await s.start();
    try {
      expect(s.claimFor(JID)).toBe('me');
      expect(s.claimFor('905321110001@sim.kolibot')).toBeNull(); // not this sender's chat
      await enqueue('direct-1');
      await enqueue('direct-2', { jid: JID2 });
      await db().prisma.outboxMessage.updateMany({ data: { status: 'sending', claimedAt: clock.now(), claimedBy: 'me', attempts: 1 } });
      await db().prisma.outboxMessage.update({ where: { idempotencyKey: 'direct-2' }, data: { claimedBy: 'someone-else' } });
      const rows = await db().prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } });
      expect(await s.sendClaimed(rows)).toBe(1); // only its own claim
      expect(memory.sent.map((m) => [m.text, m.waId])).toEqual([['mesaj direct-1', rows[0].waId]]);
      expect(await row('direct-1')).toMatchObject({ status: 'sent', attempts: 1 });
      expect(await row('direct-2')).toMatchObject({ status: 'sending', claimedBy: 'someone-else' });
    } finally {
      await s.stop();
    }
  });

  it('direct sends keep each chat in order, and one slow chat does not hold up another', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: ChannelPort = {
      ...memory,
      sendText: async (jid, text, opts) => {
        if (text === 'mesaj a-1') await gate;
        return memory.sendText(jid, text, opts);
      },
    };
    const s = sender({ channel: slow, pollMs: 60_000, instanceId: 'me' });
    await s.start();
    try {
      for (const key of ['a-1', 'a-2']) await enqueue(key);
      await enqueue('b-1', { jid: JID2 });
      await db().prisma.outboxMessage.updateMany({ data: { status: 'sending', claimedAt: clock.now(), claimedBy: 'me', attempts: 1 } });
      const rows = await db().prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } });
      const first = s.sendClaimed(rows.filter((r) => r.idempotencyKey === 'a-1'));
      const second = s.sendClaimed(rows.filter((r) => r.idempotencyKey !== 'a-1'));
      await s.deliveredTo(JID2);
      expect(memory.sent.map((m) => m.text)).toEqual(['mesaj b-1']); // a-2 waits behind a-1
      release();
      await s.deliveredTo(JID);
      expect(memory.sent.map((m) => m.text)).toEqual(['mesaj b-1', 'mesaj a-1', 'mesaj a-2']);
      expect((await first) + (await second)).toBe(3);
    } finally {
      await s.stop();
    }
  });

  it('on a database it alone uses, rows a crash left half-sent go at start, with the id they were given', async () => {
    await enqueue('left-1');
    await db().prisma.outboxMessage.update({ where: { idempotencyKey: 'left-1' }, data: { status: 'sending', claimedAt: clock.now(), claimedBy: 'dead', attempts: 1 } });
    const { waId } = await row('left-1');
    const shared = sender({ pollMs: 60_000 });
    await shared.start();
    await shared.stop();
    expect((await row('left-1')).status).toBe('sending'); // another instance may still be sending it
    const alone = sender({ pollMs: 60_000, exclusive: true });
    await alone.start();
    try {
      await waitFor(() => memory.sent.length === 1);
      expect(memory.sent[0]).toMatchObject({ text: 'mesaj left-1', waId });
    } finally {
      await alone.stop();
    }
  });

  it('enqueuing the same key twice stores and sends one message', async () => {
    const a = await enqueue('same-key', { text: 'ilk' });
    const b = await enqueue('same-key', { text: 'ikinci' });
    expect(a).toBe(b);
    expect(await sender().drain()).toBe(1);
    expect(await sender().drain()).toBe(0);
    expect(memory.sent.map((m) => m.text)).toEqual(['ilk']);
  });

  it('replies go at once while proactive messages wait for the pacing rules', async () => {
    await enqueue('promo-1', { kind: 'proactive', commercial: true, jid: JID2 });
    await enqueue('reply-2');
    await enqueue('alert-1', { kind: 'alert', jid: JID2 });
    const later = new Date(clock.now().getTime() + 30_000);
    const paced: string[] = [];
    const s = sender({
      pacing: (r, now) => {
        paced.push(r.idempotencyKey);
        return now < later ? later : null;
      },
    });
    expect(await s.drain()).toBe(2);
    expect(memory.sent.map((m) => m.text)).toEqual(['mesaj reply-2', 'mesaj alert-1']);
    expect(paced).toEqual(['promo-1']); // replies and alerts never ask the pacing hook
    expect(await row('promo-1')).toMatchObject({ status: 'pending', attempts: 0, notBefore: later });
    clock.set(later);
    expect(await s.drain()).toBe(1);
    expect(memory.sent.map((m) => m.text)).toEqual(['mesaj reply-2', 'mesaj alert-1', 'mesaj promo-1']);
  });

  it('on a WhatsApp rate limit the whole sender pauses, then carries on', async () => {
    await enqueue('rl-1');
    await enqueue('rl-2', { jid: JID2 });
    memory.failNextSends(1, Object.assign(new Error('rate-overlimit'), { output: { statusCode: 429 } }));
    const s = sender();
    expect(await s.drain()).toBe(0);
    const pausedUntil = s.pausedUntil();
    expect(pausedUntil?.getTime()).toBe(clock.now().getTime() + 60_000);
    expect((await row('rl-2')).status).toBe('pending'); // not tried during the pause
    expect(memory.sent).toHaveLength(0);
    expect(log.lines.some((l) => l.level === 'warn' && /rate limit/.test(l.msg ?? ''))).toBe(true);
    clock.advance(60_000);
    expect(await s.drain()).toBe(2);
    expect(memory.sent).toHaveLength(2);
  });

  it('gives up after the last attempt, marks the row failed and says so', async () => {
    await enqueue('doomed');
    const failedRows: string[] = [];
    const s = sender({ maxAttempts: 3, onFailed: (r) => failedRows.push(r.idempotencyKey) });
    memory.failNextSends(10, new ChannelSendError('bad jid'));
    for (let i = 0; i < 3; i++) {
      await s.drain();
      clock.advance(60_000);
    }
    expect(await row('doomed')).toMatchObject({ status: 'failed', attempts: 3, lastError: 'bad jid' });
    expect(failedRows).toEqual(['doomed']);
    expect(log.lines.some((l) => l.level === 'error' && /given up/.test(l.msg ?? ''))).toBe(true);
    expect(await s.drain()).toBe(0);
  });

  it('a permanent failure is not retried', async () => {
    await enqueue('permanent');
    memory.failNextSends(1, new ChannelSendError('not on WhatsApp', { retryable: false }));
    await sender().drain();
    expect(await row('permanent')).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('sends nothing while WhatsApp is not connected, and uses no attempts', async () => {
    await enqueue('offline-1');
    memory.setLinkState('closed');
    expect(await sender().drain()).toBe(0);
    expect(await row('offline-1')).toMatchObject({ status: 'pending', attempts: 0 });
    memory.setLinkState('open');
    expect(await sender().drain()).toBe(1);
  });

  it('two instances sharing the database send each message once', async () => {
    for (let i = 0; i < 12; i++) await enqueue(`multi-${i}`, { jid: i % 2 ? JID : JID2 });
    const [a, b] = [sender({ instanceId: 'A', batchSize: 3 }), sender({ instanceId: 'B', batchSize: 3 })];
    const [na, nb] = await Promise.all([a.drain(), b.drain()]);
    expect(na + nb).toBe(12);
    expect(memory.sent).toHaveLength(12);
    expect(new Set(memory.sent.map((m) => m.waId)).size).toBe(12);
  });

  it('a scoped sender only takes its own rows (the simulator never sends to WhatsApp)', async () => {
    await enqueue('sim:reply-1', { jid: '905321110001@sim.kolibot' });
    await enqueue('wa:reply-1');
    const simChannel = createMemoryChannel({ clock });
    const sim = sender({ channel: simChannel, scope: { jidSuffix: '@sim.kolibot' } });
    const whatsapp = sender({ scope: { jidSuffix: '@sim.kolibot', except: true } });
    expect(sim.claimFor(JID)).toBeNull(); // not started, and not its chat
    expect(await sim.drain()).toBe(1);
    expect(await whatsapp.drain()).toBe(1);
    expect(simChannel.sent.map((m) => m.text)).toEqual(['mesaj sim:reply-1']);
    expect(memory.sent.map((m) => m.text)).toEqual(['mesaj wa:reply-1']);
  });

  it('delivery and read receipts are noted on the sent message, once', async () => {
    await enqueue('receipt-1');
    await sender().drain();
    const { waId } = await row('receipt-1');
    const t1 = clock.now();
    expect(await recordReceipt(db().prisma, { waId: waId!, status: 'delivered' }, t1)).toBe(true);
    clock.advance(5_000);
    expect(await recordReceipt(db().prisma, { waId: waId!, status: 'delivered' }, clock.now())).toBe(false);
    expect(await recordReceipt(db().prisma, { waId: waId!, status: 'read' }, clock.now())).toBe(true);
    expect(await row('receipt-1')).toMatchObject({ deliveredAt: t1, readAt: clock.now() });
  });

  it('start() sends on its own, and kick() sends a new reply without waiting for the poll', async () => {
    const s = sender({ pollMs: 60_000 });
    await s.start();
    try {
      await enqueue('kicked');
      s.kick();
      await waitFor(() => memory.sent.length === 1);
      expect(memory.sent[0].text).toBe('mesaj kicked');
    } finally {
      await s.stop();
    }
  });
});

async function waitFor(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
