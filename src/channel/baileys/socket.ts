// The Baileys adapter: one linked phone, kept connected, behind the ChannelPort.
import {
  makeWASocket,
  isJidBroadcast,
  isJidGroup,
  isJidNewsletter,
  jidNormalizedUser,
  proto,
  type ConnectionState,
  type MessageUserReceiptUpdate,
  type WAMessage,
  type WAMessageUpdate,
  type WASocket,
} from '@whiskeysockets/baileys';
import qrcodeTerminal from 'qrcode-terminal';
import type { Logger } from 'pino';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { jidToPhone } from '../../shared/phone.ts';
import {
  ChannelSendError,
  toSendError,
  type ChannelPort,
  type InboundMessage,
  type LinkState,
  type LinkStatus,
  type Receipt,
  type SendOptions,
  type SendResult,
} from '../port.ts';
import { clearAuthState, useDatabaseAuthState, type DbAuthState } from './authState.ts';
import { toInboundMessage } from './convert.ts';
import { DEFAULT_RECONNECT, disconnectAction, reconnectDelayMs, type ReconnectPolicy } from './disconnect.ts';
import { clearLinkSettings, readLastOnline, writeLastOnline, writeLinkState } from './linkStore.ts';
import { findSentMessage, toStoredPayload } from './storedMessages.ts';

export interface LinkAlert {
  status: LinkStatus;
  /** Turkish, for the owner. */
  message: string;
}

export interface BaileysChannelOptions {
  db: Db;
  log: Logger;
  clock: Clock;
  /** WHATSAPP_WS_URL: WhatsApp's own address by default; a local fake server in tests. */
  wsUrl?: string;
  onLinkState?: (s: LinkState) => void;
  /** Link problems the owner must know about (logged out, replaced, banned…). */
  onAlert?: (a: LinkAlert) => void;
  /** How a QR is shown in the terminal; false to keep it off the terminal (tests). */
  printQr?: ((qr: string) => void) | false;
  reconnect?: ReconnectPolicy;
  /** How often "still connected" is written down while open (default 60 s). */
  heartbeatMs?: number;
  /** Baileys' own log level (default warn: it is chatty). */
  baileysLogLevel?: string;
  random?: () => number;
  /** Builds the socket (tests pass a socket around Baileys' real event buffer). */
  makeSocket?: (config: SocketConfig) => WASocket;
}

export type SocketConfig = Parameters<typeof makeWASocket>[0];

export interface BaileysChannel extends ChannelPort {
  requestPairingCode(phone: string): Promise<string>;
  logout(): Promise<void>;
  markRead(m: InboundMessage): Promise<void>;
  sendPresence(jid: string, state: 'composing' | 'paused'): Promise<void>;
  onReceipt(handler: (r: Receipt) => void): void;
  /** The live socket, if any (diagnostics and tests). */
  socket(): WASocket | undefined;
}

const RECENT_SENT_LIMIT = 2000;
const HISTORY_GRACE_MS = 2 * 60_000;

export function createBaileysChannel(opts: BaileysChannelOptions): BaileysChannel {
  const { db, clock } = opts;
  const log = opts.log.child({ module: 'whatsapp' });
  const baileysLog = opts.log.child({ module: 'baileys' }, { level: opts.baileysLogLevel ?? 'warn' });
  const reconnectPolicy = opts.reconnect ?? DEFAULT_RECONNECT;
  const heartbeatMs = opts.heartbeatMs ?? 60_000;
  const printQr = opts.printQr === false ? undefined : (opts.printQr ?? printQrToTerminal);

  let messageHandler: ((m: InboundMessage) => Promise<void>) | undefined;
  const receiptHandlers: ((r: Receipt) => void)[] = [];
  let link: LinkState = { status: 'closed', since: clock.now() };
  let sock: WASocket | undefined;
  let auth: DbAuthState | undefined;
  let stopped = true;
  let loggingOut = false;
  let failures = 0;
  let historyBefore: Date | null = null;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let credsWrites: Promise<void> = Promise.resolve();
  let inbound: Promise<void> = Promise.resolve();
  let connecting: Promise<void> | undefined;
  const recentSent = new Set<string>();
  const unreadWhileOffline: { remoteJid: string; id: string; fromMe: boolean }[] = [];
  const linkWaiters = new Set<() => void>();

  /** Changes the link state. `lastError`/`me`: undefined keeps the previous value, null clears it. */
  function setLink(next: { status: LinkStatus; qr?: string; pairingCode?: string; me?: string | null; lastError?: string | null }): void {
    const changed = next.status !== link.status;
    const waitingForPairing = next.status === 'qr' || next.status === 'connecting';
    const qr = next.status === 'qr' ? (next.qr ?? link.qr) : undefined;
    const pairingCode = next.pairingCode ?? (waitingForPairing ? link.pairingCode : undefined);
    const me = next.me === null ? undefined : (next.me ?? link.me);
    const lastError = next.lastError === null ? undefined : (next.lastError ?? link.lastError);
    link = {
      status: next.status,
      since: changed ? clock.now() : link.since,
      ...(qr ? { qr } : {}),
      ...(pairingCode ? { pairingCode } : {}),
      ...(me ? { me } : {}),
      ...(lastError ? { lastError } : {}),
    };
    writeLinkState(db, link).catch((err) => log.warn({ err: err.message }, 'could not store link state'));
    opts.onLinkState?.(link);
    for (const w of linkWaiters) w();
  }

  function alert(status: LinkStatus, message: string): void {
    log.error({ status }, message);
    opts.onAlert?.({ status, message });
  }

  async function connect(): Promise<void> {
    await credsWrites; // a restart right after pairing must see the new creds
    auth = await useDatabaseAuthState(db, baileysLog);
    // Offline messages newer than our last time online are answered; older ones are history.
    // The grace covers clock skew with WhatsApp; a message seen twice is caught by the inbox's dedupe.
    const lastOnline = await readLastOnline(db);
    historyBefore = lastOnline ? new Date(lastOnline.getTime() - HISTORY_GRACE_MS) : clock.now();
    const state = auth;
    setLink({ status: 'connecting' });
    const s = (opts.makeSocket ?? makeWASocket)({
      auth: state.state,
      logger: baileysLog,
      ...(opts.wsUrl ? { waWebSocketUrl: opts.wsUrl } : {}),
      syncFullHistory: false,
      markOnlineOnConnect: false,
      emitOwnEvents: false,
      shouldIgnoreJid: (jid) => isJidGroup(jid) || isJidBroadcast(jid) || isJidNewsletter(jid),
      getMessage: (key) => findSentMessage(db, key),
    });
    sock = s;

    s.ev.on('creds.update', (update) => {
      Object.assign(state.state.creds, update);
      credsWrites = credsWrites
        .then(() => state.saveCreds())
        .catch((err) => log.error({ err: err.message }, 'could not store WhatsApp creds'));
    });
    s.ev.on('connection.update', (u) => onConnectionUpdate(s, u));
    s.ev.on('messages.upsert', ({ messages, type }) => {
      inbound = inbound.then(() => onUpsert(messages, type));
    });
    s.ev.on('messages.update', (updates) => onMessagesUpdate(updates));
    s.ev.on('message-receipt.update', (updates) => onReceiptUpdate(updates));
  }

  function onConnectionUpdate(s: WASocket, u: Partial<ConnectionState>): void {
    if (s !== sock) return;
    if (u.qr) {
      setLink({ status: 'qr', qr: u.qr });
      printQr?.(u.qr);
    }
    if (u.connection === 'open') {
      failures = 0;
      setLink({ status: 'open', me: s.user?.id ? jidNormalizedUser(s.user.id) : undefined, lastError: null });
      log.info({ me: link.me }, 'WhatsApp connected');
      void markOnline();
      const unread = unreadWhileOffline.splice(0);
      if (unread.length) void s.readMessages(unread).catch((err) => log.debug({ err: err.message }, 'read receipts failed'));
      clearInterval(heartbeat);
      heartbeat = setInterval(() => void markOnline(), heartbeatMs);
      heartbeat.unref?.();
    }
    if (u.connection === 'close') {
      const err = u.lastDisconnect?.error as { output?: { statusCode?: number }; message?: string } | undefined;
      void onClose(s, err?.output?.statusCode, err?.message);
    }
  }

  async function markOnline(): Promise<void> {
    if (link.status !== 'open') return;
    await writeLastOnline(db, clock.now()).catch((err) => log.warn({ err: err.message }, 'could not store last online time'));
  }

  function detach(s: WASocket): void {
    for (const e of ['creds.update', 'connection.update', 'messages.upsert', 'messages.update', 'message-receipt.update'] as const) {
      s.ev.removeAllListeners(e);
    }
    if (sock === s) sock = undefined;
  }

  async function onClose(s: WASocket, statusCode: number | undefined, message: string | undefined): Promise<void> {
    const wasOpen = link.status === 'open';
    clearInterval(heartbeat);
    detach(s);
    void s.end(undefined).catch(() => {});
    if (wasOpen) await markOnline().catch(() => {});
    if (stopped) return;
    failures++;
    const action = disconnectAction(statusCode, failures, reconnectPolicy, opts.random);
    log.warn({ statusCode, reason: message, action: action.kind }, 'WhatsApp connection closed');
    switch (action.kind) {
      case 'restart':
        failures = 0;
        schedule(0);
        return;
      case 'logged_out':
        await credsWrites;
        await clearAuthState(db);
        await clearLinkSettings(db);
        setLink({ status: 'logged_out', me: null, lastError: message ?? 'logged out' });
        if (!loggingOut) alert('logged_out', action.alert);
        loggingOut = false;
        failures = 0;
        schedule(0); // a fresh socket shows a new QR
        return;
      case 'stop':
        setLink({ status: action.status, lastError: message ?? `closed (${statusCode})` });
        alert(action.status, action.alert);
        stopped = true;
        return;
      case 'reconnect':
        setLink({ status: 'closed', lastError: message ?? `closed (${statusCode ?? 'unknown'})` });
        schedule(action.delayMs);
        return;
    }
  }

  function schedule(delayMs: number): void {
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(() => {
      if (stopped) return;
      connecting = connect().catch((err) => {
        log.error({ err: err.message }, 'WhatsApp connect failed');
        failures++;
        schedule(reconnectDelayMs(failures, reconnectPolicy, opts.random));
      });
    }, delayMs);
  }

  async function onUpsert(messages: WAMessage[], type: 'notify' | 'append'): Promise<void> {
    for (const msg of messages) {
      let m: InboundMessage | null;
      try {
        m = toInboundMessage(msg, { upsertType: type, historyBefore });
      } catch (err) {
        log.warn({ err: (err as Error).message, id: msg.key?.id }, 'could not read WhatsApp message');
        continue;
      }
      if (!m) continue;
      if (m.fromMe && recentSent.has(m.id)) continue; // our own send coming back
      if (m.senderLid && !m.senderPhone) m.senderPhone = await phoneForLid(m.senderLid);
      if (!messageHandler) {
        log.warn({ id: m.id }, 'WhatsApp message arrived before a handler was set');
        continue;
      }
      try {
        await messageHandler(m);
      } catch (err) {
        log.error({ err: (err as Error).message, id: m.id }, 'handling a WhatsApp message failed');
      }
    }
  }

  async function phoneForLid(lid: string): Promise<string | null> {
    try {
      const pn = await sock?.signalRepository.lidMapping.getPNForLID(lid);
      return pn ? jidToPhone(jidNormalizedUser(pn)) : null;
    } catch {
      return null;
    }
  }

  function emitReceipt(r: Receipt): void {
    for (const h of receiptHandlers) {
      try {
        h(r);
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'receipt handler failed');
      }
    }
  }

  function onMessagesUpdate(updates: WAMessageUpdate[]): void {
    for (const { key, update } of updates) {
      if (!key.fromMe || !key.id || update.status == null) continue;
      const S = proto.WebMessageInfo.Status;
      const status = update.status as number;
      if (status === S.READ || status === S.PLAYED) emitReceipt({ waId: key.id, status: 'read' });
      else if (status === S.DELIVERY_ACK) emitReceipt({ waId: key.id, status: 'delivered' });
    }
  }

  function onReceiptUpdate(updates: MessageUserReceiptUpdate[]): void {
    for (const { key, receipt } of updates) {
      if (!key.id) continue;
      if (receipt.readTimestamp || receipt.playedTimestamp) emitReceipt({ waId: key.id, status: 'read' });
      else if (receipt.receiptTimestamp) emitReceipt({ waId: key.id, status: 'delivered' });
    }
  }

  function openSocket(): WASocket {
    if (!sock || link.status !== 'open') throw new ChannelSendError('WhatsApp bağlı değil', { retryable: true });
    return sock;
  }

  function waitForLink(check: () => boolean, ms: number): Promise<boolean> {
    if (check()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(t);
        linkWaiters.delete(waiter);
        resolve(ok);
      };
      const waiter = () => check() && done(true);
      const t = setTimeout(() => done(false), ms);
      linkWaiters.add(waiter);
    });
  }

  return {
    async start() {
      if (!stopped) return;
      stopped = false;
      failures = 0;
      connecting = connect();
      await connecting;
    },
    async stop() {
      stopped = true;
      clearTimeout(reconnectTimer);
      clearInterval(heartbeat);
      await connecting?.catch(() => {});
      const s = sock;
      if (s) {
        const wasOpen = link.status === 'open';
        detach(s);
        await s.end(undefined).catch(() => {});
        if (wasOpen) await writeLastOnline(db, clock.now()).catch(() => {});
      }
      await inbound.catch(() => {});
      await credsWrites;
      setLink({ status: 'closed' });
    },
    onMessage(handler) {
      messageHandler = handler;
    },
    onReceipt(handler) {
      receiptHandlers.push(handler);
    },
    async sendText(jid: string, text: string, sendOpts?: SendOptions): Promise<SendResult> {
      const s = openSocket();
      if (sendOpts?.messageId) remember(sendOpts.messageId);
      try {
        const msg = await s.sendMessage(jid, { text }, sendOpts?.messageId ? { messageId: sendOpts.messageId } : undefined);
        const waId = msg?.key.id ?? sendOpts?.messageId;
        if (!waId) throw new ChannelSendError('WhatsApp gave no message id', { retryable: true });
        remember(waId);
        return { waId, payload: toStoredPayload(msg?.message) };
      } catch (err) {
        throw toSendError(err);
      }
    },
    // Read receipts and typing are courtesies, never an error for the inbox. Messages that came
    // while offline are answered as the link comes up: their receipts go once it is open.
    async markRead(m: InboundMessage) {
      const key = { remoteJid: m.remoteJid, id: m.id, fromMe: false };
      if (!sock || link.status !== 'open') {
        if (unreadWhileOffline.length < 1_000) unreadWhileOffline.push(key);
        return;
      }
      await sock.readMessages([key]).catch((err) => log.debug({ err: err.message }, 'read receipt failed'));
    },
    async sendPresence(jid, state) {
      if (!sock || link.status !== 'open') return;
      await sock.sendPresenceUpdate(state, jid).catch((err) => log.debug({ err: err.message }, 'presence update failed'));
    },
    linkState: () => link,
    async requestPairingCode(phone: string) {
      const digits = phone.replace(/\D/g, '');
      if (!digits) throw new Error('Telefon numarası geçersiz');
      if (link.status === 'open') throw new Error('WhatsApp zaten bağlı');
      // The socket must be talking to WhatsApp (the QR stage) before it can ask for a code.
      const ready = await waitForLink(() => link.status === 'qr' && sock !== undefined, 30_000);
      if (!ready || !sock) throw new Error('WhatsApp bağlantısı eşleştirmeye hazır değil');
      const code = await sock.requestPairingCode(digits);
      setLink({ status: link.status, pairingCode: code });
      return code;
    },
    async logout() {
      if (sock && link.status === 'open') {
        loggingOut = true;
        await sock.logout(); // closes with 401: the close handler forgets the session and shows a new QR
        return;
      }
      await credsWrites;
      await clearAuthState(db);
      await clearLinkSettings(db);
      setLink({ status: 'logged_out', me: null });
    },
    socket: () => sock,
  };

  function remember(id: string): void {
    recentSent.add(id);
    if (recentSent.size > RECENT_SENT_LIMIT) recentSent.delete(recentSent.values().next().value as string);
  }
}

function printQrToTerminal(qr: string): void {
  qrcodeTerminal.generate(qr, { small: true }, (art) => {
    process.stdout.write(`\nWhatsApp'ı bağlamak için telefonda Bağlı Cihazlar → Cihaz Bağla ile bu kodu okutun:\n${art}\n`);
  });
}
