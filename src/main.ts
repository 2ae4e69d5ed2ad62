import { ConfigError, loadConfig } from './config.ts';
import { DataDirLockedError } from './db/dataDirLock.ts';
import { createLog } from './log.ts';
import { startKolibot } from './app/kolibot.ts';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const log = createLog(config.LOG_LEVEL);
let kolibot;
try {
  kolibot = await startKolibot({ config, log, createDatabaseInChild: true });
} catch (err) {
  if (err instanceof DataDirLockedError) {
    console.error(err.message);
    process.exit(1);
  }
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`Port ${config.PORT} is already in use; set PORT to a free one.`);
    process.exit(1);
  }
  log.fatal({ err }, 'start-up failed');
  process.exit(1);
}
log.info({ port: config.PORT, database: kolibot.db.kind }, 'Kolibot is up');

let stopping = false;
// `kill -HUP <pid>`: edited templates take effect; a broken one is named and the old ones stay.
process.on('SIGHUP', () => {
  kolibot
    .reloadTemplates()
    .then((n) => log.info(n, 'templates reloaded'))
    .catch((err) => log.error({ err: (err as Error).message }, 'templates not reloaded; the previous ones stay in use'));
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    kolibot
      .close()
      .then(() => process.exit(0))
      .catch((err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  });
}
