// The WhatsApp port: what the rest of Kolibot knows about the channel.
// Two adapters implement it: baileys/ (the real linked phone) and memory/ (tests, simulator).

export type MessageKind =
  | 'text'
  | 'image'
  | 'audio'
  | 'video'
  | 'sticker'
  | 'reaction'
  | 'document'
  | 'location'
  | 'contact'
  | 'other';

export interface InboundMessage {
  /** WhatsApp message id (key.id). */
  id: string;
  /** The chat to reply to (a phone JID or a LID JID). */
  remoteJid: string;
  /** E.164 of the customer, from remoteJidAlt or the JID itself; null when only a LID is known. */
  senderPhone: string | null;
  /** The customer's LID JID (…@lid) when known. */
  senderLid: string | null;
  pushName: string | null;
  /** Sent from the linked phone (staff answering by hand), not customer input. */
  fromMe: boolean;
  kind: MessageKind;
  /** Text, caption, or the emoji of a reaction. */
  text: string | null;
  timestamp: Date;
  /** An `append` older than our last time online: store it, never answer it. */
  isHistory: boolean;
  /** For reactions: the id of the message reacted to. */
  reactionTo?: string | null;
  raw?: unknown;
}

export type LinkStatus = 'disabled' | 'connecting' | 'qr' | 'open' | 'closed' | 'logged_out' | 'replaced' | 'banned';

export type LinkState = {
  status: LinkStatus;
  /** The QR string to render (terminal, PNG on the admin page) while status is 'qr'. */
  qr?: string;
  pairingCode?: string;
  /** Our own JID once linked. */
  me?: string;
  since: Date;
  lastError?: string;
};

export interface Receipt {
  waId: string;
  status: 'delivered' | 'read';
}

export interface SendOptions {
  /** The WhatsApp message id to use. The outbox derives it from the idempotency key so a resend is the same message. */
  messageId?: string;
}

export interface SendResult {
  waId: string;
  /** The message content as sent (JSON-safe), kept to answer WhatsApp's retry requests. */
  payload?: unknown;
}

export interface ChannelPort {
  start(): Promise<void>;
  stop(): Promise<void>;
  onMessage(handler: (m: InboundMessage) => Promise<void>): void;
  onReceipt?(handler: (r: Receipt) => void): void;
  sendText(jid: string, text: string, opts?: SendOptions): Promise<SendResult>;
  markRead?(m: InboundMessage): Promise<void>;
  sendPresence?(jid: string, state: 'composing' | 'paused'): Promise<void>;
  linkState(): LinkState;
  requestPairingCode?(phone: string): Promise<string>;
  logout?(): Promise<void>;
}

/** A failed send. The outbox backs off harder on a rate limit and does not retry a permanent failure. */
export class ChannelSendError extends Error {
  readonly rateLimited: boolean;
  readonly retryable: boolean;
  readonly statusCode?: number;
  constructor(message: string, opts: { rateLimited?: boolean; retryable?: boolean; statusCode?: number; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'ChannelSendError';
    this.rateLimited = opts.rateLimited ?? false;
    this.retryable = opts.retryable ?? true;
    this.statusCode = opts.statusCode;
  }
}

/** Wraps whatever a channel threw into a ChannelSendError, recognising WhatsApp's rate limit. */
export function toSendError(err: unknown): ChannelSendError {
  if (err instanceof ChannelSendError) return err;
  const e = err as { message?: string; output?: { statusCode?: number }; data?: unknown; statusCode?: number };
  const status = e?.output?.statusCode ?? e?.statusCode;
  const text = `${e?.message ?? String(err)} ${safeJson(e?.data)}`;
  const rateLimited = status === 429 || /rate-overlimit|rate.?limit|\b429\b/i.test(text);
  return new ChannelSendError(e?.message ?? String(err), { rateLimited, retryable: true, statusCode: status, cause: err });
}

function safeJson(v: unknown): string {
  if (v === undefined) return '';
  try {
    return JSON.stringify(v);
  } catch {
    return '';
  }
}
