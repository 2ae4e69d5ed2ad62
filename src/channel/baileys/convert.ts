// Pure converter: a Baileys WAMessage → Kolibot's InboundMessage (or null when it is not for us).
import {
  isJidBroadcast,
  isJidGroup,
  isJidNewsletter,
  isJidStatusBroadcast,
  isLidUser,
  isPnUser,
  jidNormalizedUser,
  normalizeMessageContent,
  type WAMessage,
  type proto,
} from '@whiskeysockets/baileys';
import { jidToPhone } from '../../shared/phone.ts';
import type { InboundMessage, MessageKind } from '../port.ts';

export interface ConvertContext {
  /** The `messages.upsert` type: `notify` is live, `append` arrived while offline or is history. */
  upsertType: 'notify' | 'append';
  /** An `append` older than this is history (stored, never answered). Null: nothing is history. */
  historyBefore: Date | null;
}

type Content = proto.IMessage;

// Content keys that carry nothing a customer said: never answered, never stored as a message.
const SILENT = new Set<string>([
  'protocolMessage',
  'senderKeyDistributionMessage',
  'messageContextInfo',
  'keepInChatMessage',
  'pinInChatMessage',
  'pollUpdateMessage',
  'encReactionMessage',
  'encEventResponseMessage',
  'deviceSentMessage',
  'placeholderMessage',
]);

const KIND_BY_KEY: Record<string, MessageKind> = {
  conversation: 'text',
  extendedTextMessage: 'text',
  buttonsResponseMessage: 'text',
  listResponseMessage: 'text',
  templateButtonReplyMessage: 'text',
  interactiveResponseMessage: 'text',
  imageMessage: 'image',
  videoMessage: 'video',
  ptvMessage: 'video',
  audioMessage: 'audio',
  stickerMessage: 'sticker',
  lottieStickerMessage: 'sticker',
  reactionMessage: 'reaction',
  documentMessage: 'document',
  locationMessage: 'location',
  liveLocationMessage: 'location',
  contactMessage: 'contact',
  contactsArrayMessage: 'contact',
};

export function toInboundMessage(msg: WAMessage, ctx: ConvertContext): InboundMessage | null {
  const key = msg.key;
  const remoteJid = key?.remoteJid;
  const id = key?.id;
  if (!remoteJid || !id) return null;
  if (isJidGroup(remoteJid) || isJidStatusBroadcast(remoteJid) || isJidBroadcast(remoteJid) || isJidNewsletter(remoteJid)) return null;
  if (!isPnUser(remoteJid) && !isLidUser(remoteJid)) return null;

  const content = normalizeMessageContent(msg.message);
  if (!content) return null; // stubs, undecryptable messages (Baileys asks for a retry and re-emits)
  const contentKey = firstContentKey(content);
  if (!contentKey || SILENT.has(contentKey)) return null;
  const kind = KIND_BY_KEY[contentKey] ?? 'other';

  const fromMe = Boolean(key.fromMe);
  const chat = jidNormalizedUser(remoteJid);
  // remoteJidAlt is the sender's other address; on our own messages that is us, not the customer.
  const alt = !fromMe && key.remoteJidAlt ? jidNormalizedUser(key.remoteJidAlt) : null;
  let senderPhone: string | null = null;
  let senderLid: string | null = null;
  if (isLidUser(chat)) {
    senderLid = chat;
    if (alt && isPnUser(alt)) senderPhone = phoneOf(alt);
  } else {
    senderPhone = phoneOf(chat);
    if (alt && isLidUser(alt)) senderLid = alt;
  }

  const timestamp = toDate(msg.messageTimestamp);
  const isHistory = ctx.upsertType === 'append' && ctx.historyBefore !== null && timestamp.getTime() < ctx.historyBefore.getTime();

  return {
    id,
    remoteJid,
    senderPhone,
    senderLid,
    pushName: msg.pushName ?? null,
    fromMe,
    kind,
    text: textOf(content, contentKey),
    timestamp,
    isHistory,
    ...(kind === 'reaction' ? { reactionTo: content.reactionMessage?.key?.id ?? null } : {}),
    raw: msg,
  };
}

function firstContentKey(content: Content): string | undefined {
  const keys = Object.keys(content).filter((k) => (content as Record<string, unknown>)[k] != null);
  // A real payload wins over the bookkeeping that travels with it.
  return keys.find((k) => !SILENT.has(k)) ?? keys[0];
}

function textOf(c: Content, key: string): string | null {
  const t = (() => {
    switch (key) {
      case 'conversation':
        return c.conversation;
      case 'extendedTextMessage':
        return c.extendedTextMessage?.text;
      case 'imageMessage':
        return c.imageMessage?.caption;
      case 'videoMessage':
        return c.videoMessage?.caption;
      case 'ptvMessage':
        return c.ptvMessage?.caption;
      case 'documentMessage':
        return c.documentMessage?.caption;
      case 'reactionMessage':
        return c.reactionMessage?.text; // empty text = reaction removed
      case 'buttonsResponseMessage':
        return c.buttonsResponseMessage?.selectedDisplayText;
      case 'listResponseMessage':
        return c.listResponseMessage?.title ?? c.listResponseMessage?.singleSelectReply?.selectedRowId;
      case 'templateButtonReplyMessage':
        return c.templateButtonReplyMessage?.selectedDisplayText;
      case 'interactiveResponseMessage':
        return c.interactiveResponseMessage?.body?.text;
      case 'locationMessage':
        return [c.locationMessage?.name, c.locationMessage?.address].filter(Boolean).join(', ');
      case 'contactMessage':
        return c.contactMessage?.displayName;
      case 'contactsArrayMessage':
        return c.contactsArrayMessage?.displayName;
      default:
        return null;
    }
  })();
  return t ? t : null;
}

/** Phone JID → E.164; a number our phone rules do not know is still kept as +digits. */
function phoneOf(jid: string): string | null {
  const known = jidToPhone(jid);
  if (known) return known;
  const m = /^(\d{6,15})(?::\d+)?@s\.whatsapp\.net$/.exec(jid);
  return m ? `+${m[1]}` : null;
}

function toDate(ts: WAMessage['messageTimestamp']): Date {
  if (ts === null || ts === undefined) return new Date(0);
  const seconds = typeof ts === 'number' ? ts : Number(ts.toString());
  return new Date(seconds * 1000);
}
