import { ConfigError, loadConfig, type Config } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { readLock, type LockInfo } from '../db/dataDirLock.ts';
import path from 'node:path';
import type { CliIo } from './index.ts';

export function cliConfig(io: CliIo): Config | null {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr.write(err.message + '\n');
      return null;
    }
    throw err;
  }
}

/**
 * Runs fn on the database. On the embedded database a running service holds the folder:
 * then `whenServiceRuns` is called (commands talk to the service over HTTP), or a clear error.
 */
export async function withDatabase(
  io: CliIo,
  fn: (db: Database, config: Config) => Promise<number>,
  opts: { whenServiceRuns?: (lock: LockInfo, config: Config) => Promise<number> | number } = {},
): Promise<number> {
  const config = cliConfig(io);
  if (!config) return 2;
  if (!config.DATABASE_URL) {
    const holder = readLock(path.resolve(config.DATA_DIR));
    if (holder && holder.pid !== process.pid) {
      if (opts.whenServiceRuns) return opts.whenServiceRuns(holder, config);
      io.stderr.write(
        `Kolibot servisi bu veri klasörünü kullanıyor (pid ${holder.pid}). Komutu çalıştırmak için önce servisi durdurun.\n`,
      );
      return 1;
    }
  }
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, sharedBuffersMb: config.EMBEDDED_SHARED_BUFFERS_MB });
  try {
    return await fn(db, config);
  } finally {
    await db.close();
  }
}
