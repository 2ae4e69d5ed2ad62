// First step of every inbound message: store it, and tell whether it was seen before.
import type { Db } from '../db/database.ts';
import { Prisma, type Conversation as ConversationRow, type Customer as CustomerRow } from '../generated/prisma/client.ts';
import type { InboundMessage } from './port.ts';

export interface RecordedInbound {
  /** The same WhatsApp message (chat + id) was already stored: do not handle it again. */
  duplicate: boolean;
  /** Message.id of the stored row. */
  messageId: number;
  conversationId: number;
  /** The chat's Conversation row as it is after storing the message. */
  conversation: ConversationRow;
  /** The customer with `customerPhone`, read in the same statement (undefined: not asked, null: none). */
  customer?: CustomerRow | null;
}

const CUSTOMER_COLUMNS = [
  'id', 'phone', 'lid', 'jid', 'name', 'title', 'business', 'customerType', 'priceListCode', 'creditLimitKurus', 'paymentTermsDays',
  'routeCode', 'district', 'commercialConsent', 'consentSource', 'consentAt', 'optedOutAt', 'birthday', 'notes', 'segment', 'segmentAt',
  'isBlocked', 'createdAt', 'updatedAt',
] as const satisfies readonly (keyof CustomerRow)[];
// A column added to Customer must be added above (this fails to compile otherwise).
const allCustomerColumns: [Exclude<keyof CustomerRow, (typeof CUSTOMER_COLUMNS)[number]>] extends [never] ? true : false = true;
void allCustomerColumns;
const customerSelect = Prisma.raw(CUSTOMER_COLUMNS.map((c) => `cu."${c}" AS "customer.${c}"`).join(', '));

/**
 * Stores the message in Message (unique on remoteJid + waId) before anything else happens,
 * creating or updating the Conversation of its chat. A customer's message is direction 'in';
 * a message typed on the linked phone (fromMe) is a staff answer, direction 'out'.
 * One statement, one round trip: the message runs on every inbound message.
 */
export async function recordInbound(db: Db, m: InboundMessage, opts: { customerPhone?: string | null } = {}): Promise<RecordedInbound> {
  const customerMessage = !m.fromMe;
  const now = new Date();
  // Only move the clocks forward (GREATEST): an offline message may be older than what we already have.
  // A message already stored (a redelivery) and history leave them alone.
  const inboundAt = customerMessage && !m.isHistory ? m.timestamp : null;
  const outboundAt = !customerMessage && !m.isHistory ? m.timestamp : null;
  const withCustomer = opts.customerPhone !== undefined;
  const rows = await db.$queryRaw<(ConversationRow & { newId: number | null; existingId: number | null } & Record<string, unknown>)[]>`
    WITH existing AS (
      SELECT "id" FROM "Message" WHERE "remoteJid" = ${m.remoteJid} AND "waId" = ${m.id}
    ), conv AS (
      INSERT INTO "Conversation" ("jid", "phone", "lastInboundAt", "lastOutboundAt", "createdAt", "updatedAt")
      VALUES (${m.remoteJid}, ${m.senderPhone || null}, ${inboundAt}, ${outboundAt}, ${now}, ${now})
      ON CONFLICT ("jid") DO UPDATE SET
        "phone" = COALESCE(EXCLUDED."phone", "Conversation"."phone"),
        "lastInboundAt" = CASE WHEN EXISTS (SELECT 1 FROM existing) THEN "Conversation"."lastInboundAt"
          ELSE GREATEST("Conversation"."lastInboundAt", EXCLUDED."lastInboundAt") END,
        "lastOutboundAt" = CASE WHEN EXISTS (SELECT 1 FROM existing) THEN "Conversation"."lastOutboundAt"
          ELSE GREATEST("Conversation"."lastOutboundAt", EXCLUDED."lastOutboundAt") END,
        "updatedAt" = EXCLUDED."updatedAt"
      RETURNING *
    ), msg AS (
      INSERT INTO "Message" ("conversationId", "direction", "remoteJid", "waId", "fromMe", "author", "kind", "text", "sentAt", "receivedAt", "isHistory")
      SELECT conv."id", ${customerMessage ? 'in' : 'out'}, ${m.remoteJid}, ${m.id}, ${m.fromMe}, ${customerMessage ? 'customer' : 'staff'},
             ${m.kind}, ${m.text ?? null}, ${m.timestamp}, ${now}, ${m.isHistory}
      FROM conv
      ON CONFLICT ("remoteJid", "waId") DO NOTHING
      RETURNING "id"
    )
    SELECT conv.*, (SELECT "id" FROM msg) AS "newId", (SELECT "id" FROM existing) AS "existingId"${withCustomer ? Prisma.sql`, ${customerSelect}` : Prisma.empty}
    FROM conv${withCustomer ? Prisma.sql` LEFT JOIN "Customer" cu ON cu."phone" = ${opts.customerPhone ?? null}` : Prisma.empty}`;
  const { newId, existingId, ...rest } = rows[0];
  const conversation = {} as Record<string, unknown>;
  const found = {} as Record<string, unknown>;
  for (const [k, v] of Object.entries(rest)) {
    if (k.startsWith('customer.')) found[k.slice(9)] = v;
    else conversation[k] = v;
  }
  const customer = withCustomer ? (found.id == null ? null : (found as unknown as CustomerRow)) : undefined;
  let messageId = newId ?? existingId;
  if (messageId === null) {
    // Stored by someone else between this statement's snapshot and its insert: read it now.
    const row = await db.message.findUniqueOrThrow({ where: { remoteJid_waId: { remoteJid: m.remoteJid, waId: m.id } }, select: { id: true } });
    messageId = row.id;
  }
  const conv = conversation as unknown as ConversationRow;
  return { duplicate: newId === null, messageId, conversationId: conv.id, conversation: conv, ...(withCustomer ? { customer } : {}) };
}

/** Marks a stored inbound message as handled (answered or deliberately left). */
export async function markHandled(db: Db, messageId: number, at: Date): Promise<void> {
  await db.message.update({ where: { id: messageId }, data: { handledAt: at } });
}
