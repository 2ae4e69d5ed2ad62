// Dialogue state kept in Conversation.state (JSON), validated whenever it is read: a state
// written by an older version, or edited by hand, never crashes the conversation.
import { z } from 'zod';

/** An order line waiting to become part of a draft (already resolved to a product, or still to be chosen). */
export const pendingLineSchema = z.object({
  sku: z.string().nullable(),
  quantity: z.number().nullable(),
  unit: z.string().nullable(),
  text: z.string().default(''),
  candidates: z.array(z.string()).optional(),
  /** The candidates are the closest products to a name we did not find ("bulamadım"), not equal matches. */
  notFound: z.boolean().optional(),
});
export type PendingLine = z.infer<typeof pendingLineSchema>;

/** "Hangi ayçiçek yağı 5 L? 1) … 2) …" — the customer answers with a number. */
export const questionSchema = z.object({
  kind: z.literal('choose'),
  /** What the lines are for: a new draft, lines added to the pending draft, or a stock/price question. */
  purpose: z.enum(['order', 'add', 'stock', 'price']),
  /** Every line of the message; the first one with candidates is the one being asked about. */
  lines: z.array(pendingLineSchema),
  askedAt: z.string(),
});
export type OpenQuestion = z.infer<typeof questionSchema>;

/** "Gelince haber vereyim mi?" — "evet" records a StockWatch for each product. */
export const watchOfferSchema = z.object({
  kind: z.literal('watch'),
  skus: z.array(z.string()).min(1),
  askedAt: z.string(),
});

/** "2 koliyi şimdi gönderelim, kalan 1 koli gelince haber verelim mi?" — "evet" sets the line to what is there and watches the rest. */
export const partialOfferSchema = z.object({
  kind: z.literal('partial'),
  orderId: z.number().int(),
  items: z.array(z.object({ sku: z.string(), available: z.number(), requested: z.number(), unit: z.string() })).min(1),
  askedAt: z.string(),
});

export const offerSchema = z.discriminatedUnion('kind', [watchOfferSchema, partialOfferSchema]);
export type Offer = z.infer<typeof offerSchema>;

export const conversationStateSchema = z.object({
  /** The draft order waiting for EVET / HAYIR. */
  draftOrderId: z.number().int().optional(),
  draftExpiresAt: z.string().optional(),
  question: questionSchema.optional(),
  offer: offerSchema.optional(),
});
export type ConversationState = z.infer<typeof conversationStateSchema>;

/** Reads the stored state; anything unreadable becomes an empty state (and is logged by the caller). */
export function readState(raw: unknown): { state: ConversationState; valid: boolean } {
  const r = conversationStateSchema.safeParse(raw ?? {});
  return r.success ? { state: r.data, valid: true } : { state: {}, valid: false };
}

/** The JSON to store: undefined keys dropped. */
export function writeState(s: ConversationState): Record<string, unknown> {
  return JSON.parse(JSON.stringify(s)) as Record<string, unknown>;
}
