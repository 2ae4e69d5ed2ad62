// Drives the inbox like WhatsApp would: InboundMessage objects in, texts read back from the outbox.
import { readFile } from 'node:fs/promises';
import type { Database } from '../../src/db/database.ts';
import type { InboundMessage } from '../../src/channel/port.ts';
import { createParser, readCatalogCsv, type Parser } from '../../src/language/index.ts';
import { importCustomers, importPrices, importProducts, importStock } from '../../src/imports/catalogImports.ts';
import { createOrderService } from '../../src/orders/orderService.ts';
import { manualClock } from '../../src/shared/clock.ts';
import { phoneToJid } from '../../src/shared/phone.ts';
import { createInbox, type Inbox, type InboxSettings } from '../../src/inbox/inboxService.ts';
import { createAliasService } from '../../src/customers/aliases.ts';
import { loadReplyTemplates, type ReplyTemplates } from '../../src/inbox/replyTemplates.ts';

import { FIXTURES_DIR } from '../support/fixtures.ts';
const FIXTURES = FIXTURES_DIR.replace(/\/$/, '');
export const OWNER = '+905329990001';
export const AHMET = '+905321110001'; // L1, limit 150.000 TL
export const AYSE = '+905321110002'; // L2
export const MEHMET = '+905321110003'; // L3, Kaya Bakkal
export const FATMA = '+905321110004'; // L3, limit 15.000 TL
/** Tuesday 24 November 2026, 09:00 in Istanbul. */
export const START = '2026-11-24T09:00:00+03:00';

let catalogText: string | undefined;
let templates: ReplyTemplates | undefined;

async function fixture(name: string): Promise<string> {
  return readFile(`${FIXTURES}/${name}`, 'utf8');
}

/** Imports the fixture catalogue, prices, stock and customers through the real import functions. */
export async function seed(db: Database): Promise<void> {
  const p = db.prisma;
  const now = new Date(START);
  for (const [fn, file] of [
    [importProducts, 'catalog.csv'],
    [importPrices, 'prices.csv'],
    [importStock, 'stock.csv'],
    [importCustomers, 'customers.csv'],
  ] as const) {
    const r = await fn(p, await fixture(file), { now });
    if (!r.applied) throw new Error(`seed ${file}: ${JSON.stringify(r.errors.slice(0, 3))}`);
  }
}

/** Empties what conversations write, and puts stock back, so each test starts from the fixtures. */
export async function reset(db: Database): Promise<void> {
  const p = db.prisma;
  await p.responseWait.deleteMany();
  await p.message.deleteMany();
  await p.complaint.deleteMany();
  await p.delivery.deleteMany();
  await p.ledgerEntry.deleteMany();
  await p.orderLine.deleteMany();
  await p.order.deleteMany();
  await p.conversation.deleteMany();
  await p.outboxMessage.deleteMany();
  await p.stockWatch.deleteMany();
  await p.consentEvent.deleteMany();
  await p.auditLog.deleteMany();
  await p.stock.updateMany({ data: { reserved: 0 } });
  await importStock(p, await fixture('stock.csv'), { now: new Date(START) });
  await p.customer.updateMany({ data: { commercialConsent: true, optedOutAt: null, lid: null, jid: null } });
}

export interface Harness {
  inbox: Inbox;
  clock: ReturnType<typeof manualClock>;
  parser: Parser;
  orders: ReturnType<typeof createOrderService>;
  settings: InboxSettings;
  /** Sends a customer message; resolves with the texts the bot put in the outbox for it (in order). */
  say(phone: string, text: string | null, extra?: Partial<InboundMessage>): Promise<string[]>;
  /** The inbound message last sent. */
  last(): InboundMessage;
  /** Whether the bot marked this message read (blue ticks). */
  wasRead(m: InboundMessage): boolean;
  message(phone: string, text: string | null, extra?: Partial<InboundMessage>): InboundMessage;
  /** Texts sent to the owner (alerts, command answers). */
  ownerTexts(): Promise<string[]>;
  repliesTo(phone: string): Promise<string[]>;
}

let seq = 0;

export async function harness(db: Database, overrides: Partial<InboxSettings> = {}): Promise<Harness> {
  catalogText ??= await fixture('catalog.csv');
  templates ??= await loadReplyTemplates();
  const clock = manualClock(START);
  const parser = createParser(readCatalogCsv(catalogText));
  const orders = createOrderService({ db: db.prisma, clock });
  const settings: InboxSettings = {
    responseStandardMinutes: 30,
    handoffQuietMinutes: 120,
    draftExpiryMinutes: 120,
    floodMaxPerMinute: 20,
    ownerPhones: [OWNER],
    businessName: 'Yılmaz Toptan',
    ...overrides,
  };
  const silent = { info() {}, warn() {}, error(o: object, m?: string) { console.error(m, o); } };
  const aliases = createAliasService({ db: db.prisma, onChange: () => inbox.forgetAliases() });
  const read: string[] = [];
  const receipts = { markRead: (m: InboundMessage) => void read.push(m.id) };
  const inbox: Inbox = createInbox({ db: db.prisma, clock, log: silent, catalog: { parser: () => parser }, orders, settings, templates, aliases, receipts });
  let lastMsg: InboundMessage | undefined;

  const message = (phone: string, text: string | null, extra: Partial<InboundMessage> = {}): InboundMessage => ({
    id: `3A${(++seq).toString(16).toUpperCase().padStart(18, '0')}`,
    remoteJid: phoneToJid(phone),
    senderPhone: phone,
    senderLid: null,
    pushName: null,
    fromMe: false,
    kind: 'text',
    text,
    timestamp: clock.now(),
    isHistory: false,
    ...extra,
  });

  async function textsFor(m: InboundMessage): Promise<string[]> {
    const rows = await db.prisma.outboxMessage.findMany({ where: { idempotencyKey: { startsWith: `reply:${m.remoteJid}:${m.id}:` } } });
    return rows.sort((a, b) => Number(a.idempotencyKey.split(':').at(-1)) - Number(b.idempotencyKey.split(':').at(-1))).map((r) => r.text);
  }

  return {
    inbox,
    clock,
    parser,
    orders,
    settings,
    message,
    last: () => lastMsg as InboundMessage,
    wasRead: (m) => read.includes(m.id),
    async say(phone, text, extra = {}) {
      const m = message(phone, text, extra);
      lastMsg = m;
      await inbox.handle(m);
      return textsFor(m);
    },
    async ownerTexts() {
      const rows = await db.prisma.outboxMessage.findMany({ where: { jid: phoneToJid(OWNER) }, orderBy: { id: 'asc' } });
      return rows.map((r) => r.text);
    },
    async repliesTo(phone) {
      const rows = await db.prisma.outboxMessage.findMany({ where: { jid: phoneToJid(phone) }, orderBy: { id: 'asc' } });
      return rows.map((r) => r.text);
    },
  };
}
