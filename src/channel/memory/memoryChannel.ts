// The channel in process: tests and POST /api/simulator/messages drive the same pipeline as WhatsApp.
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../../shared/clock.ts';
import { jidToPhone, phoneToJid } from '../../shared/phone.ts';
import { ChannelSendError, type ChannelPort, type InboundMessage, type LinkState, type Receipt, type SendOptions, type SendResult } from '../port.ts';

export interface SentMessage {
  jid: string;
  text: string;
  waId: string;
  at: Date;
}

export type InboundInput = Partial<InboundMessage> & ({ senderPhone: string } | { remoteJid: string });

export interface MemoryChannel extends ChannelPort {
  /** Everything sent, in order. A resend with an id already sent is not added again (like WhatsApp). */
  readonly sent: SentMessage[];
  readonly presence: { jid: string; state: 'composing' | 'paused' }[];
  readonly read: string[];
  /** Runs the message handler and resolves once it has handled the message. */
  inject(input: InboundInput): Promise<InboundMessage>;
  /** The next `count` sends throw this error (rate limits, dropped connections in tests). */
  failNextSends(count: number, error?: Error): void;
  /** Emits a delivery or read receipt. */
  receipt(r: Receipt): void;
  setLinkState(status: LinkState['status']): void;
  /** Messages sent to one chat (by JID or E.164 phone). */
  sentTo(jidOrPhone: string): SentMessage[];
  clear(): void;
}

export function createMemoryChannel(opts: { clock?: Clock; me?: string } = {}): MemoryChannel {
  const clock = opts.clock ?? systemClock;
  let handler: ((m: InboundMessage) => Promise<void>) | undefined;
  const receiptHandlers: ((r: Receipt) => void)[] = [];
  const sent: SentMessage[] = [];
  const presence: { jid: string; state: 'composing' | 'paused' }[] = [];
  const read: string[] = [];
  let failures: { left: number; error: Error } = { left: 0, error: new Error('send failed') };
  let link: LinkState = { status: 'open', since: clock.now(), me: opts.me ?? '905000000000@s.whatsapp.net' };

  return {
    sent,
    presence,
    read,
    async start() {
      link = { ...link, status: 'open', since: clock.now() };
    },
    async stop() {
      link = { ...link, status: 'closed', since: clock.now() };
    },
    onMessage(h) {
      handler = h;
    },
    onReceipt(h) {
      receiptHandlers.push(h);
    },
    async sendText(jid: string, text: string, sendOpts?: SendOptions): Promise<SendResult> {
      if (link.status !== 'open') throw new ChannelSendError('WhatsApp is not connected', { retryable: true });
      if (failures.left > 0) {
        failures.left--;
        throw failures.error;
      }
      const waId = sendOpts?.messageId ?? `3EB0${randomBytes(9).toString('hex').toUpperCase()}`;
      if (!sent.some((s) => s.waId === waId && s.jid === jid)) sent.push({ jid, text, waId, at: clock.now() });
      return { waId, payload: { extendedTextMessage: { text } } };
    },
    async markRead(m) {
      read.push(m.id);
    },
    async sendPresence(jid, state) {
      presence.push({ jid, state });
    },
    linkState: () => link,
    async inject(input) {
      const remoteJid = input.remoteJid ?? phoneToJid(input.senderPhone!);
      const m: InboundMessage = {
        id: input.id ?? `SIM${randomBytes(8).toString('hex').toUpperCase()}`,
        remoteJid,
        senderPhone: input.senderPhone ?? jidToPhone(remoteJid),
        senderLid: input.senderLid ?? (remoteJid.endsWith('@lid') ? remoteJid : null),
        pushName: input.pushName ?? null,
        fromMe: input.fromMe ?? false,
        kind: input.kind ?? 'text',
        text: input.text ?? null,
        timestamp: input.timestamp ?? clock.now(),
        isHistory: input.isHistory ?? false,
        ...(input.reactionTo !== undefined ? { reactionTo: input.reactionTo } : {}),
      };
      if (!handler) throw new Error('memory channel: no message handler registered');
      await handler(m);
      return m;
    },
    failNextSends(count, error = new ChannelSendError('send failed (simulated)')) {
      failures = { left: count, error };
    },
    receipt(r) {
      for (const h of receiptHandlers) h(r);
    },
    setLinkState(status) {
      link = { ...link, status, since: clock.now() };
    },
    sentTo(jidOrPhone) {
      const jid = jidOrPhone.includes('@') ? jidOrPhone : phoneToJid(jidOrPhone);
      return sent.filter((s) => s.jid === jid);
    },
    clear() {
      sent.length = 0;
      presence.length = 0;
      read.length = 0;
    },
  };
}
