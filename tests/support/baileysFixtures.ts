// Real Baileys message objects for tests, built the way Baileys builds them: a binary-node stanza
// as it comes off the socket, read by Baileys' own decryptMessageNode → decodeMessageNode (which keeps
// remoteJidAlt and addressingMode — proto.WebMessageInfo.fromObject would drop them).
import { EventEmitter } from 'node:events';
import pino from 'pino';
import {
  decryptMessageNode,
  makeEventBuffer,
  proto,
  type BinaryNode,
  type WAMessage,
  type WASocket,
} from '@whiskeysockets/baileys';
import type { SocketConfig } from '../../src/channel/baileys/socket.ts';

export const silentLog = pino({ level: 'silent' });

export const ME_PN = '905000000000:7@s.whatsapp.net';
export const ME_LID = '99000000000001:7@lid';
export const CUSTOMER_PN = '905321110001@s.whatsapp.net';
export const CUSTOMER_LID = '123456789012345@lid';

export interface StanzaOptions {
  id?: string;
  /** Unix seconds. */
  t?: number;
  pushName?: string;
  /** Delivered from WhatsApp's offline queue (Baileys emits these as `append`). */
  offline?: boolean;
}

function stanza(attrs: Record<string, string>, content: proto.IMessage, o: StanzaOptions): BinaryNode {
  return {
    tag: 'message',
    attrs: {
      id: o.id ?? `3EB0${Math.random().toString(16).slice(2, 12).toUpperCase()}`,
      t: String(o.t ?? Math.floor(Date.now() / 1000)),
      type: 'text',
      ...(o.pushName ? { notify: o.pushName } : {}),
      ...(o.offline ? { offline: '1' } : {}),
      ...attrs,
    },
    content: [{ tag: 'plaintext', attrs: {}, content: proto.Message.encode(content).finish() }],
  };
}

/** Baileys' own decoding of a stanza into a WAMessage (plaintext payload: no Signal session needed). */
export async function decode(node: BinaryNode): Promise<WAMessage> {
  const repository = { lidMapping: { getLIDForPN: async () => null } } as never;
  const { fullMessage, decrypt } = decryptMessageNode(node, ME_PN, ME_LID, repository, silentLog as never);
  await decrypt();
  return fullMessage as WAMessage;
}

const text = (t: string): proto.IMessage => ({ conversation: t });

export const stanzas = {
  /** A customer on a LID-addressed chat; the phone number travels in sender_pn (→ key.remoteJidAlt). */
  textFromLid: (t: string, o: StanzaOptions = {}) =>
    stanza({ from: CUSTOMER_LID, addressing_mode: 'lid', sender_pn: CUSTOMER_PN }, text(t), o),
  /** A customer on a phone-addressed chat, with their LID in sender_lid. */
  textFromPhone: (t: string, o: StanzaOptions = {}, from = CUSTOMER_PN, lid = CUSTOMER_LID) =>
    stanza({ from, addressing_mode: 'pn', sender_lid: lid }, text(t), o),
  /** Extended text (a reply quoting another message). */
  extendedText: (t: string, o: StanzaOptions = {}) =>
    stanza({ from: CUSTOMER_PN }, { extendedTextMessage: { text: t, contextInfo: { stanzaId: 'QUOTED1' } } }, o),
  group: (t: string, o: StanzaOptions = {}) =>
    stanza({ from: '120363000000000001@g.us', participant: CUSTOMER_PN, addressing_mode: 'pn' }, text(t), o),
  status: (t: string, o: StanzaOptions = {}) => stanza({ from: 'status@broadcast', participant: CUSTOMER_PN }, text(t), o),
  reaction: (emoji: string, toId: string, o: StanzaOptions = {}) =>
    stanza({ from: CUSTOMER_PN }, { reactionMessage: { key: { remoteJid: CUSTOMER_PN, fromMe: true, id: toId }, text: emoji, senderTimestampMs: Date.now() } }, o),
  sticker: (o: StanzaOptions = {}) =>
    stanza({ from: CUSTOMER_PN }, { stickerMessage: { mimetype: 'image/webp', fileLength: 1234, height: 512, width: 512 } }, o),
  voiceNote: (o: StanzaOptions = {}) =>
    stanza({ from: CUSTOMER_PN }, { audioMessage: { mimetype: 'audio/ogg; codecs=opus', ptt: true, seconds: 7 } }, o),
  imageWithCaption: (caption: string, o: StanzaOptions = {}) =>
    stanza({ from: CUSTOMER_PN }, { imageMessage: { mimetype: 'image/jpeg', caption } }, o),
  /** Disappearing-messages chat: the text is wrapped in ephemeralMessage. */
  ephemeral: (t: string, o: StanzaOptions = {}) =>
    stanza({ from: CUSTOMER_PN }, { ephemeralMessage: { message: { extendedTextMessage: { text: t } } } }, o),
  viewOnceImage: (caption: string, o: StanzaOptions = {}) =>
    stanza({ from: CUSTOMER_PN }, { viewOnceMessageV2: { message: { imageMessage: { mimetype: 'image/jpeg', caption, viewOnce: true } } } }, o),
  location: (o: StanzaOptions = {}) =>
    stanza({ from: CUSTOMER_PN }, { locationMessage: { degreesLatitude: 41.0, degreesLongitude: 29.0, name: 'Dükkan', address: 'Kadıköy' } }, o),
  /** Staff typing on the linked phone: from is our own number, recipient the customer's chat. */
  fromMe: (t: string, o: StanzaOptions = {}) => stanza({ from: ME_PN, recipient: CUSTOMER_PN }, text(t), o),
  /** A deleted-for-everyone notice: nothing to answer. */
  revoke: (o: StanzaOptions = {}) =>
    stanza({ from: CUSTOMER_PN }, { protocolMessage: { type: proto.Message.ProtocolMessage.Type.REVOKE, key: { id: 'X' } } }, o),
};

/** A socket stand-in around Baileys' real event buffer: what makeWASocket returns, minus the network. */
export interface FakeSocket {
  sock: WASocket;
  ev: ReturnType<typeof makeEventBuffer>;
  config: SocketConfig;
  sent: { jid: string; content: unknown; options: { messageId?: string } | undefined }[];
  ended: boolean;
  /** Next sendMessage throws this. */
  failNext?: Error;
  /** Emits messages.upsert the way Baileys' upsertMessage does. */
  upsert(messages: WAMessage[], type: 'notify' | 'append'): void;
  open(): void;
  close(statusCode?: number, message?: string): void;
}

export function fakeSocketFactory(): { make: (config: SocketConfig) => WASocket; sockets: FakeSocket[] } {
  const sockets: FakeSocket[] = [];
  const make = (config: SocketConfig): WASocket => {
    const ev = makeEventBuffer(silentLog as never);
    const fake: FakeSocket = {
      ev,
      config,
      sent: [],
      ended: false,
      sock: undefined as unknown as WASocket,
      upsert(messages, type) {
        ev.emit('messages.upsert', { messages, type });
      },
      open() {
        ev.emit('connection.update', { connection: 'open' });
      },
      close(statusCode, message = 'closed') {
        const error = Object.assign(new Error(message), { output: { statusCode } });
        ev.emit('connection.update', { connection: 'close', lastDisconnect: { error, date: new Date() } });
      },
    };
    const sock = {
      ev,
      ws: new EventEmitter(),
      user: { id: ME_PN, lid: ME_LID },
      authState: config.auth,
      signalRepository: { lidMapping: { getPNForLID: async () => null, getLIDForPN: async () => null } },
      async sendMessage(jid: string, content: { text: string }, options?: { messageId?: string }) {
        if (fake.failNext) {
          const e = fake.failNext;
          fake.failNext = undefined;
          throw e;
        }
        fake.sent.push({ jid, content, options });
        const id = options?.messageId ?? `3EB0${Math.random().toString(16).slice(2, 20).toUpperCase()}`;
        return proto.WebMessageInfo.fromObject({
          key: { remoteJid: jid, fromMe: true, id },
          message: { extendedTextMessage: { text: content.text }, messageContextInfo: { messageSecret: Buffer.alloc(32, 7) } },
          messageTimestamp: Math.floor(Date.now() / 1000),
        });
      },
      async readMessages() {},
      async sendPresenceUpdate() {},
      async requestPairingCode() {
        return 'ABCD1234';
      },
      async logout() {
        fake.close(401, 'Intentional Logout');
      },
      async end() {
        fake.ended = true;
      },
    };
    fake.sock = sock as unknown as WASocket;
    sockets.push(fake);
    return fake.sock;
  };
  return { make, sockets };
}
