// End to end: a real Baileys socket (makeWASocket) talks to a local fake WhatsApp server (crabline),
// with a session brought in by import-session, messages recorded and answered through the outbox.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { startFakeWhatsApp, writeLinkedSessionFolder, type FakeWhatsApp } from '../support/fakeWhatsApp.ts';
import { silentLog } from '../support/baileysFixtures.ts';
import { importMultiFileSession } from '../../src/channel/baileys/importSession.ts';
import { createBaileysChannel, type BaileysChannel } from '../../src/channel/baileys/socket.ts';
import { recordInbound } from '../../src/channel/dedupe.ts';
import { enqueueOutbox } from '../../src/outbox/enqueue.ts';
import { createOutboxSender, type OutboxSender } from '../../src/outbox/sender.ts';
import type { ChannelPort, InboundMessage } from '../../src/channel/port.ts';
import { systemClock } from '../../src/shared/clock.ts';
import type { Db } from '../../src/db/database.ts';
import { quietLibsignalConsole } from '../../src/channel/baileys/libsignalConsole.ts';

quietLibsignalConsole();

const CUSTOMER = '905321110001@s.whatsapp.net';
const CUSTOMER2 = '905321110002@s.whatsapp.net';

describeEachDatabase('WhatsApp end to end against a local fake server', (db) => {
  let wa: FakeWhatsApp;
  let sessionDir: string;
  const seen: InboundMessage[] = [];
  const channels: BaileysChannel[] = [];
  const senders: OutboxSender[] = [];

  /** A minimal bot on the real pipeline: store first (dedupe), answer new live customer messages via the outbox. */
  function service(p: Db, name: string) {
    const channel = createBaileysChannel({ db: p, log: silentLog, clock: systemClock, wsUrl: wa.wsUrl, printQr: false });
    const sender = createOutboxSender({ db: p, channel, clock: systemClock, log: silentLog, pollMs: 200 });
    channel.onMessage(async (m) => {
      seen.push({ ...m, raw: name });
      const r = await recordInbound(p, m);
      if (r.duplicate || m.isHistory || m.fromMe) return;
      await enqueueOutbox(p, { key: `reply:${m.remoteJid}:${m.id}`, jid: m.remoteJid, text: `Merhaba ${m.pushName ?? ''}, aldık: ${m.text}`, kind: 'reply' });
      sender.kick();
    });
    channels.push(channel);
    senders.push(sender);
    return { channel, sender };
  }

  const openLink = async (channel: BaileysChannel) => waitFor(() => channel.linkState().status === 'open', 20_000);

  beforeAll(async () => {
    wa = await startFakeWhatsApp();
    sessionDir = await mkdtemp(path.join(os.tmpdir(), 'kolibot-e2e-session-'));
    await writeLinkedSessionFolder(sessionDir, '15550000000:1@s.whatsapp.net');
  }, 60_000);

  afterAll(async () => {
    for (const s of senders) await s.stop();
    for (const c of channels) await c.stop().catch(() => {});
    await wa?.stop();
    await rm(sessionDir, { recursive: true, force: true });
  }, 60_000);

  it('links with the imported session (no QR), receives a customer message and answers it', async () => {
    const report = await importMultiFileSession(db().prisma, sessionDir);
    expect(report.linked).toBe(true);
    const { channel, sender } = service(db().prisma, 'main');
    await channel.start();
    await sender.start();
    await openLink(channel);
    expect(channel.linkState()).toMatchObject({ status: 'open', me: '15550000000@s.whatsapp.net' });
    expect(channel.linkState().qr).toBeUndefined();

    const { id } = await wa.inject({ from: CUSTOMER, text: '2 koli ayçiçek yağı', pushName: 'Ahmet' });
    const sent = await wa.waitForSent((s) => s.some((m) => m.text.includes('2 koli ayçiçek yağı')));
    const inbound = seen.find((m) => m.id === id)!;
    expect(inbound).toMatchObject({ remoteJid: CUSTOMER, senderPhone: '+905321110001', pushName: 'Ahmet', kind: 'text', fromMe: false, isHistory: false });
    const reply = sent.find((m) => m.text.includes('2 koli ayçiçek yağı'))!;
    expect(reply).toMatchObject({ to: CUSTOMER, text: 'Merhaba Ahmet, aldık: 2 koli ayçiçek yağı' });
    const row = await db().prisma.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: `reply:${CUSTOMER}:${id}` } });
    expect(row).toMatchObject({ status: 'sent', waId: reply.id });
  }, 60_000);

  it('the same message delivered twice (two sockets hear it) is handled once', async () => {
    const second = service(db().prisma, 'second');
    await second.channel.start();
    await openLink(second.channel);
    const { id } = await wa.inject({ from: CUSTOMER, text: 'iki kez gelen mesaj', pushName: 'Ahmet' });
    await waitFor(() => seen.filter((m) => m.id === id).length === 2, 20_000);
    expect(new Set(seen.filter((m) => m.id === id).map((m) => m.raw))).toEqual(new Set(['main', 'second']));
    await wa.waitForSent((s) => s.some((m) => m.text.includes('iki kez gelen mesaj')));
    await sleep(1_000);
    expect((await wa.sentTexts()).filter((m) => m.text.includes('iki kez gelen mesaj'))).toHaveLength(1);
    expect(await db().prisma.message.count({ where: { waId: id } })).toBe(1);
    await second.sender.stop();
    await second.channel.stop();
  }, 60_000);

  it('a message that arrived while the service was down is answered after it comes back', async () => {
    const main = channels[0];
    await senders[0].stop();
    await main.stop();
    const { id, delivery } = await wa.inject({ from: CUSTOMER2, text: 'kapalıyken yazdım', pushName: 'Mehmet' });
    expect(delivery).toBe('queued');
    await main.start();
    await senders[0].start();
    await openLink(main);
    await wa.waitForSent((s) => s.some((m) => m.to === CUSTOMER2 && m.text.includes('kapalıyken yazdım')));
    expect(seen.find((m) => m.id === id)).toMatchObject({ remoteJid: CUSTOMER2, isHistory: false });
  }, 60_000);

  it('an outgoing message interrupted by a crash is sent once after the restart, with the same id', async () => {
    const main = channels[0];
    await senders[0].stop();
    await enqueueOutbox(db().prisma, { key: 'crash-test', jid: CUSTOMER, text: 'Siparişiniz yola çıktı', kind: 'reply' });
    // The first sender hands the message to WhatsApp, then the process "dies" before writing it down.
    let accepted = false;
    const dying: ChannelPort = {
      ...main,
      linkState: () => main.linkState(),
      sendText: async (jid, text, o) => {
        await main.sendText(jid, text, o);
        accepted = true;
        return new Promise(() => {});
      },
    };
    void createOutboxSender({ db: db().prisma, channel: dying, clock: systemClock, log: silentLog, instanceId: 'dead' }).drain();
    await waitFor(() => accepted, 20_000);
    const stuck = await db().prisma.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: 'crash-test' } });
    expect(stuck.status).toBe('sending');

    // After the restart: the stale claim is picked up again and sent with the same WhatsApp id.
    const restarted = createOutboxSender({ db: db().prisma, channel: main, clock: systemClock, log: silentLog, stuckAfterMs: 0, instanceId: 'new' });
    senders.push(restarted);
    expect(await restarted.recover()).toBe(1);
    expect(await restarted.drain()).toBe(1);
    const done = await db().prisma.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: 'crash-test' } });
    expect(done).toMatchObject({ status: 'sent', waId: stuck.waId, attempts: 2 });
    // Both attempts went over the socket; the server (like WhatsApp) accepted the id once.
    const rawSends = async () => (await wa.recorded()).filter((e) => !('accepted' in e) && JSON.stringify(e).includes(stuck.waId!)).length;
    await waitForAsync(async () => (await rawSends()) >= 2, 10_000);
    expect((await wa.sentTexts()).filter((m) => m.id === stuck.waId)).toEqual([expect.objectContaining({ text: 'Siparişiniz yola çıktı', to: CUSTOMER })]);
  }, 60_000);
});

async function waitForAsync(check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(50);
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(50);
  }
}
