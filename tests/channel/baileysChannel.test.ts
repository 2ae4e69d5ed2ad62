// The Baileys adapter on Baileys' real event buffer and real message objects, without a network.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { proto } from '@whiskeysockets/baileys';
import { describeEachDatabase } from '../support/databases.ts';
import { CUSTOMER_LID, CUSTOMER_PN, decode, fakeSocketFactory, silentLog, stanzas, type FakeSocket } from '../support/baileysFixtures.ts';
import { createBaileysChannel, type BaileysChannel, type LinkAlert } from '../../src/channel/baileys/socket.ts';
import { recordInbound } from '../../src/channel/dedupe.ts';
import { readLastOnline, writeLastOnline, readLinkState } from '../../src/channel/baileys/linkStore.ts';
import { countAuthRows, useDatabaseAuthState } from '../../src/channel/baileys/authState.ts';
import { enqueueOutbox } from '../../src/outbox/enqueue.ts';
import { ChannelSendError, type InboundMessage, type LinkState, type Receipt } from '../../src/channel/port.ts';
import { systemClock } from '../../src/shared/clock.ts';

const WS_URL = 'ws://127.0.0.1:1/ws/chat';

describeEachDatabase('Baileys channel (real event buffer)', (db) => {
  let factory: ReturnType<typeof fakeSocketFactory>;
  let channel: BaileysChannel;
  let received: InboundMessage[];
  let answered: string[];
  let alerts: LinkAlert[];
  let states: LinkState[];
  let qrs: string[];

  const fake = (i = -1): FakeSocket => factory.sockets.at(i)!;

  beforeEach(async () => {
    const p = db().prisma;
    await p.message.deleteMany({});
    await p.conversation.deleteMany({});
    await p.outboxMessage.deleteMany({});
    await p.waAuth.deleteMany({});
    await p.setting.deleteMany({});
    factory = fakeSocketFactory();
    received = [];
    answered = [];
    alerts = [];
    states = [];
    qrs = [];
    channel = createBaileysChannel({
      db: p,
      log: silentLog,
      clock: systemClock,
      wsUrl: WS_URL,
      makeSocket: factory.make,
      printQr: (qr) => qrs.push(qr),
      onAlert: (a) => alerts.push(a),
      onLinkState: (s) => states.push(s),
      reconnect: { baseMs: 20, maxMs: 100, jitter: 0 },
    });
    // What the lead's inbox does first: store (dedupe), then answer only new, live customer messages.
    channel.onMessage(async (m) => {
      const r = await recordInbound(p, m);
      if (!r.duplicate && !m.isHistory && !m.fromMe) answered.push(m.id);
      received.push(m);
    });
  });

  afterEach(async () => {
    await channel.stop();
  });

  it('builds the socket the way the design says and goes online', async () => {
    await channel.start();
    const cfg = fake().config;
    expect(cfg).toMatchObject({ waWebSocketUrl: WS_URL, syncFullHistory: false, markOnlineOnConnect: false });
    expect(typeof cfg.getMessage).toBe('function');
    expect(channel.linkState().status).toBe('connecting');
    fake().open();
    await waitFor(() => channel.linkState().status === 'open');
    expect(channel.linkState().me).toBe('905000000000@s.whatsapp.net');
    await waitFor(async () => (await readLastOnline(db().prisma)) !== null);
    expect((await readLinkState(db().prisma))?.status).toBe('open');
  });

  it('a live message reaches the handler; the same message delivered twice is handled once', async () => {
    await channel.start();
    fake().open();
    const msg = await decode(stanzas.textFromLid('3 koli un', { id: 'DUP1', pushName: 'Ahmet' }));
    fake().upsert([msg], 'notify');
    fake().upsert([await decode(stanzas.textFromLid('3 koli un', { id: 'DUP1', pushName: 'Ahmet' }))], 'notify');
    await waitFor(() => received.length === 2);
    expect(received[0]).toMatchObject({ id: 'DUP1', remoteJid: CUSTOMER_LID, senderPhone: '+905321110001', senderLid: CUSTOMER_LID, text: '3 koli un' });
    expect(answered).toEqual(['DUP1']);
    expect(await db().prisma.message.count({ where: { waId: 'DUP1' } })).toBe(1);
    const conv = await db().prisma.conversation.findUniqueOrThrow({ where: { jid: CUSTOMER_LID } });
    expect(conv.phone).toBe('+905321110001');
  });

  it('offline messages (append) newer than the last time online are answered; older history is stored, not answered', async () => {
    const lastOnline = new Date(Date.now() - 60 * 60_000);
    await writeLastOnline(db().prisma, lastOnline);
    await channel.start();
    const ev = fake().ev;
    // Baileys buffers the offline batch and flushes it at once, as one `append` upsert.
    ev.buffer();
    fake().upsert([await decode(stanzas.textFromPhone('dün akşam yazdım', { id: 'OLD1', t: secs(lastOnline) - 3600, offline: true }))], 'append');
    fake().upsert([await decode(stanzas.textFromPhone('servis kapalıyken yazdım', { id: 'NEW1', t: secs(lastOnline) + 600, offline: true }))], 'append');
    ev.flush();
    fake().open();
    await waitFor(() => received.length === 2);
    expect(received.map((m) => [m.id, m.isHistory])).toEqual([
      ['OLD1', true],
      ['NEW1', false],
    ]);
    expect(answered).toEqual(['NEW1']);
    const old = await db().prisma.message.findFirstOrThrow({ where: { waId: 'OLD1' } });
    expect(old.isHistory).toBe(true);
  });

  it('the same message twice inside one buffered batch reaches the handler once', async () => {
    await channel.start();
    const ev = fake().ev;
    ev.buffer();
    fake().upsert([await decode(stanzas.textFromPhone('merhaba', { id: 'B1' }))], 'notify');
    fake().upsert([await decode(stanzas.textFromPhone('merhaba', { id: 'B1' }))], 'notify');
    ev.flush();
    await waitFor(() => received.length >= 1);
    await sleep(50);
    expect(received.map((m) => m.id)).toEqual(['B1']);
  });

  it('skips groups and status updates; a message typed on the phone is recorded as staff, not answered', async () => {
    await channel.start();
    fake().open();
    fake().upsert([await decode(stanzas.group('grup'))], 'notify');
    fake().upsert([await decode(stanzas.status('durum'))], 'notify');
    fake().upsert([await decode(stanzas.fromMe('Ahmet Bey, yarın teslim', { id: 'STAFF1' }))], 'notify');
    await waitFor(() => received.length === 1);
    await sleep(50);
    expect(received.map((m) => [m.id, m.fromMe])).toEqual([['STAFF1', true]]);
    expect(answered).toEqual([]);
    const staff = await db().prisma.message.findFirstOrThrow({ where: { waId: 'STAFF1' } });
    expect(staff).toMatchObject({ direction: 'out', author: 'staff', fromMe: true });
  });

  it('sends with the outbox id, returns the content for getMessage, and flags rate limits', async () => {
    await channel.start();
    await expect(channel.sendText(CUSTOMER_PN, 'x')).rejects.toBeInstanceOf(ChannelSendError); // not open yet
    fake().open();
    await waitFor(() => channel.linkState().status === 'open');
    const res = await channel.sendText(CUSTOMER_PN, 'Siparişiniz alındı', { messageId: '3EB0AAAAAAAAAAAAAAAAAA' });
    expect(res.waId).toBe('3EB0AAAAAAAAAAAAAAAAAA');
    expect(fake().sent).toEqual([{ jid: CUSTOMER_PN, content: { text: 'Siparişiniz alındı' }, options: { messageId: '3EB0AAAAAAAAAAAAAAAAAA' } }]);

    // The outbox stores the payload; WhatsApp's retry request is answered from it, bytes intact.
    await enqueueOutbox(db().prisma, { key: 'k1', jid: CUSTOMER_PN, text: 'Siparişiniz alındı', kind: 'reply' });
    await db().prisma.outboxMessage.update({ where: { idempotencyKey: 'k1' }, data: { waId: res.waId, payload: res.payload as object, status: 'sent' } });
    const again = await fake().config.getMessage!({ id: res.waId, remoteJid: CUSTOMER_PN, fromMe: true });
    expect(again?.extendedTextMessage?.text).toBe('Siparişiniz alındı');
    expect(Buffer.from(again!.messageContextInfo!.messageSecret!)).toEqual(Buffer.alloc(32, 7));
    expect(await fake().config.getMessage!({ id: 'UNKNOWN', remoteJid: CUSTOMER_PN })).toBeUndefined();

    fake().failNext = Object.assign(new Error('rate-overlimit'), { output: { statusCode: 429 } });
    const err = await channel.sendText(CUSTOMER_PN, 'y').catch((e) => e);
    expect(err).toBeInstanceOf(ChannelSendError);
    expect(err.rateLimited).toBe(true);
  });

  it('receipts for our messages reach onReceipt', async () => {
    const receipts: Receipt[] = [];
    channel.onReceipt((r) => receipts.push(r));
    await channel.start();
    fake().open();
    fake().ev.emit('messages.update', [
      { key: { id: 'M1', fromMe: true, remoteJid: CUSTOMER_PN }, update: { status: proto.WebMessageInfo.Status.DELIVERY_ACK } },
      { key: { id: 'M1', fromMe: true, remoteJid: CUSTOMER_PN }, update: { status: proto.WebMessageInfo.Status.READ } },
      { key: { id: 'IN1', fromMe: false, remoteJid: CUSTOMER_PN }, update: { status: proto.WebMessageInfo.Status.READ } },
    ]);
    await waitFor(() => receipts.length === 2);
    expect(receipts).toEqual([
      { waId: 'M1', status: 'delivered' },
      { waId: 'M1', status: 'read' },
    ]);
  });

  it('shows the QR (terminal and link state) and asks for a pairing code', async () => {
    await channel.start();
    fake().ev.emit('connection.update', { qr: '2@abc,def' });
    await waitFor(() => channel.linkState().status === 'qr');
    expect(channel.linkState().qr).toBe('2@abc,def');
    expect(qrs).toEqual(['2@abc,def']);
    expect(await channel.requestPairingCode('+90 532 111 00 01')).toBe('ABCD1234');
    expect(channel.linkState()).toMatchObject({ status: 'qr', pairingCode: 'ABCD1234' });
    fake().open();
    await waitFor(() => channel.linkState().status === 'open');
    expect(channel.linkState().qr).toBeUndefined();
    expect(channel.linkState().pairingCode).toBeUndefined();
  });

  it('515 restartRequired: a new socket at once; the old one is ended and no longer heard', async () => {
    await channel.start();
    const first = fake();
    first.open();
    first.close(515, 'restart required');
    await waitFor(() => factory.sockets.length === 2);
    expect(first.ended).toBe(true);
    expect(alerts).toEqual([]);
    first.upsert([await decode(stanzas.textFromPhone('eski sokete', { id: 'GHOST' }))], 'notify');
    fake().open();
    fake().upsert([await decode(stanzas.textFromPhone('yeni sokete', { id: 'LIVE' }))], 'notify');
    await waitFor(() => received.length === 1);
    await sleep(30);
    expect(received.map((m) => m.id)).toEqual(['LIVE']);
  });

  it('401 loggedOut: forgets the session, tells the owner, and offers a new QR', async () => {
    const auth = await useDatabaseAuthState(db().prisma);
    auth.state.creds.me = { id: '905000000000:7@s.whatsapp.net' };
    await auth.saveCreds();
    await channel.start();
    fake().open();
    fake().close(401, 'logged out');
    await waitFor(() => factory.sockets.length === 2);
    expect(await countAuthRows(db().prisma)).toEqual({});
    expect(alerts.map((a) => a.status)).toEqual(['logged_out']);
    expect(states.map((s) => s.status)).toContain('logged_out');
    expect(fake().config.auth.creds.me).toBeUndefined(); // the new socket starts unlinked (QR)
  });

  it('an intentional logout forgets the session without an alarm', async () => {
    await channel.start();
    fake().open();
    await waitFor(() => channel.linkState().status === 'open');
    await channel.logout();
    await waitFor(() => factory.sockets.length === 2);
    expect(alerts).toEqual([]);
    expect(channel.linkState().me).toBeUndefined();
  });

  it.each([
    [440, 'replaced'],
    [403, 'banned'],
    [405, 'closed'],
  ] as const)('%i: stops, tells the owner, does not reconnect', async (code, status) => {
    await channel.start();
    fake().open();
    fake().close(code, `closed ${code}`);
    await waitFor(() => alerts.length === 1);
    expect(alerts[0].status).toBe(status);
    expect(channel.linkState()).toMatchObject({ status, lastError: `closed ${code}` });
    await sleep(150);
    expect(factory.sockets).toHaveLength(1);
  });

  it('other disconnects: reconnects after a growing pause', async () => {
    await channel.start();
    fake().open();
    fake().close(428, 'connection closed');
    await waitFor(() => channel.linkState().status === 'closed');
    expect(channel.linkState().lastError).toBe('connection closed');
    await waitFor(() => factory.sockets.length === 2);
    fake().close(408, 'timed out');
    await waitFor(() => factory.sockets.length === 3);
    fake().open();
    await waitFor(() => channel.linkState().status === 'open');
    expect(alerts).toEqual([]);
  });

  it('stop() ends the socket and does not reconnect', async () => {
    await channel.start();
    fake().open();
    await channel.stop();
    expect(fake().ended).toBe(true);
    await sleep(100);
    expect(factory.sockets).toHaveLength(1);
    expect(channel.linkState().status).toBe('closed');
  });
});

const secs = (d: Date) => Math.floor(d.getTime() / 1000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(10);
  }
}
