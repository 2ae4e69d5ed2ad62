import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { healthRoutes } from '../http/routes/health.ts';
import { customerRoutes } from '../http/routes/customers.ts';
import { importRoutes } from '../http/routes/imports.ts';
import { whatsappRoutes } from '../http/routes/whatsapp.ts';
import { adminPageRoutes } from '../http/routes/adminPage.ts';
import { simulatorRoutes } from '../http/routes/simulator.ts';
import { ownerRoutes } from '../http/routes/owner.ts';
import { orderRoutes } from '../http/routes/orders.ts';
import { createCreditService } from '../credit/creditService.ts';
import type { Log } from '../log.ts';
import { systemClock, type Clock } from '../shared/clock.ts';
import { phoneToJid } from '../shared/phone.ts';
import { resolveAdminToken } from './adminToken.ts';
import { loadCatalog } from './catalog.ts';
import { createCustomerAdmin } from '../customers/customerAdmin.ts';
import { createAliasService } from '../customers/aliases.ts';
import { createSegmentService } from '../customers/segmentService.ts';
import { ensureDefaultPriceLists } from '../pricing/priceLists.ts';
import { createOrderService } from '../orders/orderService.ts';
import { orderingSettingsFromConfig } from '../orders/settings.ts';
import { settingsFromConfig } from '../campaigns/settings.ts';
import { createCampaignService } from '../campaigns/campaignService.ts';
import { createMemoryChannel } from '../channel/memory/memoryChannel.ts';
import { isSimulatorJid, SIMULATOR_JID_SUFFIX } from '../channel/simulator.ts';
import type { ChannelPort, LinkState } from '../channel/port.ts';
import { createOutboxSender, type OutboxSender } from '../outbox/sender.ts';
import { routeOutbox } from '../outbox/router.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import { recordReceipt } from '../outbox/receipts.ts';
import { createInbox } from '../inbox/inboxService.ts';
import { loadTemplateSet } from './templates.ts';
import { templateRoutes } from '../http/routes/templates.ts';
import { notifyStockArrivals } from '../inbox/stockArrivals.ts';
import { buildJobs } from '../jobs/jobs.ts';
import { createScheduler } from '../jobs/schedule.ts';
import { createProactivePacing } from './pacing.ts';

export interface Kolibot {
  app: FastifyInstance;
  db: Database;
  adminToken: string;
  /** Reads and checks the templates again (SIGHUP, POST /api/templates/reload); throws TemplateError and keeps the old ones. */
  reloadTemplates(): Promise<{ campaigns: number; replies: number }>;
  /** Stop taking work, finish what is in flight, close the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  log: Log;
  clock?: Clock;
  /** Listen on config.PORT (default true); tests use app.inject() instead. */
  listen?: boolean;
  /** Run the cron schedules (default true). */
  schedules?: boolean;
  /** A new embedded database is created in a child process, so the long-running process stays small (main.ts). */
  createDatabaseInChild?: boolean;
}

/** The composition root: config → db → channel → services → http → jobs. */
export async function startKolibot(opts: StartOptions): Promise<Kolibot> {
  const { config, log } = opts;
  const clock = opts.clock ?? systemClock;
  const db = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    sharedBuffersMb: config.EMBEDDED_SHARED_BUFFERS_MB,
    createInChild: opts.createDatabaseInChild,
  });
  const stops: (() => Promise<unknown>)[] = [];
  let app: FastifyInstance | undefined;
  try {
    if (db.migrations.applied.length) log.info({ applied: db.migrations.applied }, 'migrations applied');
    const { token: adminToken, generated } = resolveAdminToken(config.ADMIN_TOKEN, config.DATA_DIR);
    if (generated) log.warn(`ADMIN_TOKEN is not set: generated one and stored it in ${config.DATA_DIR}/admin-token`);

    // Templates are checked now: a broken one stops start-up, naming the file.
    const templates = await loadTemplateSet(config.TEMPLATES_DIR);
    const { campaigns: campaignTemplates, replies: replyTemplates } = templates;
    await ensureDefaultPriceLists(db.prisma);
    const catalog = await loadCatalog(db.prisma);

    const orderingSettings = orderingSettingsFromConfig(config);
    const orders = createOrderService({ db: db.prisma, clock, settings: orderingSettings });
    const credit = createCreditService({ db: db.prisma, clock, settings: orderingSettings });
    const segments = createSegmentService({ db, clock });
    const { campaign: campaignSettings, pacing: pacingSettings } = settingsFromConfig(config);
    const campaigns = createCampaignService({ db, clock, templates: campaignTemplates, settings: campaignSettings, pacing: pacingSettings });

    // Channels: the linked WhatsApp number, and the in-process one behind the simulator.
    const simulator = createMemoryChannel({ clock });
    let whatsapp: (ChannelPort & { onReceipt(h: (r: { waId: string; status: 'delivered' | 'read' }) => void): void }) | undefined;
    let pairingAsked = false;
    if (config.WHATSAPP_ENABLED) {
      const { createBaileysChannel } = await import('../channel/baileys/socket.ts');
      const { quietLibsignalConsole } = await import('../channel/baileys/libsignalConsole.ts');
      quietLibsignalConsole();
      whatsapp = createBaileysChannel({
        db: db.prisma,
        log: log.child({ part: 'whatsapp' }),
        clock,
        wsUrl: config.WHATSAPP_WS_URL,
        onLinkState: (state) => {
          // Linking by pairing code instead of a QR: ask once, as soon as WhatsApp offers to link.
          const phone = config.WHATSAPP_PAIRING_PHONE;
          if (state.status !== 'qr' || !phone || pairingAsked) return;
          pairingAsked = true;
          void whatsapp
            ?.requestPairingCode?.(phone)
            .then((code) => log.warn(`WhatsApp eşleştirme kodu (${phone}): ${code} — telefonda Bağlı cihazlar → Telefon numarasıyla bağla`))
            .catch((err) => {
              pairingAsked = false;
              log.error({ err }, 'pairing code could not be requested');
            });
        },
        onAlert: (a) => {
          log.warn({ status: a.status }, a.message);
          void alertOwners(`⚠️ ${a.message}`, `link:${a.status}:${clock.now().toISOString().slice(0, 16)}`);
        },
      });
      whatsapp.onReceipt((r) => void recordReceipt(db.prisma, r, clock.now()).catch((err) => log.warn({ err }, 'receipt not recorded')));
    }

    const senders: OutboxSender[] = [];
    const outbox = routeOutbox(senders);
    const kick = outbox.kick;
    const simulatorSender = createOutboxSender({
      db: db.prisma,
      channel: simulator,
      clock,
      log: log.child({ part: 'outbox-sim' }),
      scope: { jidSuffix: SIMULATOR_JID_SUFFIX },
      exclusive: db.kind === 'embedded',
      instanceId: `sim-${instanceId()}`,
    });
    senders.push(simulatorSender);
    if (whatsapp) {
      senders.push(
        createOutboxSender({
          db: db.prisma,
          channel: whatsapp,
          clock,
          log: log.child({ part: 'outbox' }),
          pacing: createProactivePacing(db, pacingSettings),
          scope: { jidSuffix: SIMULATOR_JID_SUFFIX, except: true },
          exclusive: db.kind === 'embedded',
          instanceId: instanceId(),
          onFailed: (row, error) => log.error({ outboxId: row.id, error }, 'message given up after retries'),
        }),
      );
    }

    async function alertOwners(text: string, key: string) {
      for (const phone of config.OWNER_PHONES) {
        await enqueueOutbox(db.prisma, { key: `alert:${key}:${phone}`, jid: phoneToJid(phone), text, kind: 'alert' }).catch(() => {});
      }
      kick();
    }

    // Staff teach a customer's own words (API and /öğret); the inbox's cache forgets at once.
    const aliases = createAliasService({ db: db.prisma, onChange: () => inbox.forgetAliases() });
    const inbox = createInbox({
      db: db.prisma,
      clock,
      log: log.child({ part: 'inbox' }),
      catalog,
      orders,
      outbox,
      settings: {
        responseStandardMinutes: config.RESPONSE_STANDARD_MINUTES,
        handoffQuietMinutes: config.HANDOFF_QUIET_MINUTES,
        draftExpiryMinutes: config.DRAFT_EXPIRY_MINUTES,
        floodMaxPerMinute: config.FLOOD_MAX_PER_MINUTE,
        ownerPhones: config.OWNER_PHONES,
        businessName: config.BUSINESS_NAME,
      },
      templates: replyTemplates,
      segments,
      campaigns,
      aliases,
      receipts: { markRead: (m) => (isSimulatorJid(m.remoteJid) ? simulator : whatsapp)?.markRead?.(m) },
    });
    simulator.onMessage(inbox.handle);
    whatsapp?.onMessage(inbox.handle);

    const jobs = [
      ...buildJobs({ db, clock, segments, campaigns, ownerPhones: config.OWNER_PHONES }),
      {
        name: 'inbox-minutely',
        cron: '* * * * *',
        catchUp: 0,
        keepRunsMs: 2 * 86_400_000,
        run: async () => {
          const report = await inbox.runMinutely();
          kick();
          return report;
        },
      },
      {
        name: 'stock-arrivals',
        cron: '*/5 * * * *',
        catchUp: 0,
        keepRunsMs: 2 * 86_400_000,
        run: async () => {
          const notified = await notifyStockArrivals({ db: db.prisma, clock, templates: replyTemplates });
          if (notified) kick();
          return { notified };
        },
      },
    ];
    const scheduler = createScheduler({ db, clock, jobs, instanceId: instanceId(), log: log.child({ part: 'jobs' }) });

    const linkState = (): LinkState => whatsapp?.linkState() ?? { status: 'disabled', since: new Date(0) };
    app = await buildApp({
      log,
      adminToken,
      routes: [
        adminPageRoutes,
        healthRoutes({ db, linkState }),
        customerRoutes({
          customers: createCustomerAdmin({ db: db.prisma, clock }),
          aliases,
        }),
        importRoutes({
          db,
          afterImport: async (kind) => {
            if (kind === 'products') await catalog.reload();
          },
        }),
        whatsappRoutes({ channel: () => whatsapp }),
        simulatorRoutes({ channel: simulator, sender: simulatorSender, clock }),
        ownerRoutes({ db, clock, segments, campaigns, inbox, orders, kick }),
        orderRoutes({ db, orders, credit, kick }),
        templateRoutes({ templates }),
      ],
    });
    if (opts.listen !== false) {
      await app.listen({ port: config.PORT, host: config.HOST });
      const address = app.server.address();
      db.lock?.update({ port: typeof address === 'object' && address ? address.port : config.PORT });
    }

    // Work starts once the service answers: the link and the schedules never delay /health.
    for (const s of senders) await s.start();
    stops.push(async () => {
      for (const s of senders) await s.stop();
    });
    if (whatsapp) {
      const ch = whatsapp;
      stops.unshift(() => ch.stop());
      void ch.start().catch((err) => log.error({ err }, 'WhatsApp channel failed to start'));
    }
    if (opts.schedules !== false) {
      void scheduler.start().catch((err) => log.error({ err }, 'schedules failed to start'));
      stops.unshift(() => scheduler.stop());
    }
    const resuming = inbox
      .resumeUnhandled()
      .then((n) => n && log.info({ messages: n }, 'answered messages left unanswered by a crash'))
      .catch((err) => log.error({ err }, 'resuming unhandled messages failed'));
    stops.unshift(() => resuming);

    let closing: Promise<void> | undefined;
    const server = app;
    return {
      app: server,
      db,
      adminToken,
      reloadTemplates: () => templates.reload(),
      close() {
        closing ??= (async () => {
          await server.close();
          for (const stop of stops) await stop().catch((err) => log.error({ err }, 'stop failed'));
          await db.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    await app?.close().catch(() => {});
    for (const stop of stops) await stop().catch(() => {});
    await db.close();
    throw err;
  }
}

let id: string | undefined;
/** This process, on claimed rows and job runs. */
function instanceId(): string {
  id ??= `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  return id;
}
