import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { healthRoutes } from '../http/routes/health.ts';
import type { Log } from '../log.ts';
import { systemClock, type Clock } from '../shared/clock.ts';
import { resolveAdminToken } from './adminToken.ts';
import { createCustomerAdmin } from '../customers/customerAdmin.ts';
import { customerRoutes } from '../http/routes/customers.ts';

export interface Kolibot {
  app: FastifyInstance;
  db: Database;
  adminToken: string;
  /** Stop taking work, finish what is in flight, close the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  log: Log;
  clock?: Clock;
  /** Listen on config.PORT (default true); tests use app.inject() instead. */
  listen?: boolean;
}

/** The composition root: config → db → channel → services → http → jobs. */
export async function startKolibot(opts: StartOptions): Promise<Kolibot> {
  const { config, log } = opts;
  const clock = opts.clock ?? systemClock;
  const db = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    sharedBuffersMb: config.EMBEDDED_SHARED_BUFFERS_MB,
  });
  if (db.migrations.applied.length) log.info({ applied: db.migrations.applied }, 'migrations applied');
  const { token: adminToken, generated } = resolveAdminToken(config.ADMIN_TOKEN, config.DATA_DIR);
  if (generated) log.warn(`ADMIN_TOKEN is not set: generated one and stored it in ${config.DATA_DIR}/admin-token`);

  let app: FastifyInstance | undefined;
  try {
    app = await buildApp({
      log,
      adminToken,
      routes: [
        healthRoutes({ db, linkState: () => ({ status: 'disabled' }) }),
        customerRoutes({ customers: createCustomerAdmin({ db: db.prisma, clock }) }),
      ],
    });
    if (opts.listen !== false) {
      await app.listen({ port: config.PORT, host: config.HOST });
      const address = app.server.address();
      db.lock?.update({ port: typeof address === 'object' && address ? address.port : config.PORT });
    }
  } catch (err) {
    await app?.close().catch(() => {});
    await db.close();
    throw err;
  }

  let closing: Promise<void> | undefined;
  return {
    app,
    db,
    adminToken,
    close() {
      closing ??= (async () => {
        await app!.close();
        await db.close();
      })();
      return closing;
    },
  };
}
