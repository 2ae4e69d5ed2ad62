import { existsSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import { applyMigrations, type MigrationReport, type SqlRunner } from './migrate.ts';
import { lockDataDir, type DataDirLock } from './dataDirLock.ts';
import { pipelinedPglite } from './pgliteClient.ts';
import { createEmbeddedFolderInChild, pgliteSqlRunner, pgliteStartParams } from './embeddedFolder.ts';

export type Db = PrismaClient;
export type DatabaseKind = 'embedded' | 'postgres';

export interface Database {
  prisma: PrismaClient;
  kind: DatabaseKind;
  sql: SqlRunner;
  migrations: MigrationReport;
  lock?: DataDirLock;
  /** The embedded engine itself (undefined on PostgreSQL). */
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgresql://… to use PostgreSQL; otherwise the embedded database. */
  url?: string;
  /** Folder of the embedded database; `memory://` (or undefined with memory) keeps it in memory. */
  dataDir?: string;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  /** shared_buffers of the embedded database, in MB (PostgreSQL's default 128 MB costs ~120 MB of RSS). */
  sharedBuffersMb?: number;
  /** Embedded only: start from this data-folder dump (tests copy a migrated template). */
  loadDataDir?: Blob;
  /** Embedded only: a new folder is created in a child process (see createEmbeddedFolderInChild). */
  createInChild?: boolean;
}

const TX_OPTIONS = { maxWait: 10_000, timeout: 20_000 };

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, opts.migrate ?? true);
  return openEmbedded(opts.dataDir ?? 'memory://', opts.migrate ?? true, opts.sharedBuffersMb ?? 16, opts.loadDataDir, opts.createInChild);
}

async function openEmbedded(dataDir: string, migrate: boolean, sharedBuffersMb: number, loadDataDir?: Blob, createInChild = false): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  const lock = inMemory ? undefined : lockDataDir(path.resolve(dataDir));
  let pglite: PGlite | undefined;
  try {
    const folder = inMemory ? dataDir : path.resolve(dataDir, 'pg');
    if (!inMemory && createInChild && !loadDataDir && !existsSync(path.join(folder, 'PG_VERSION'))) {
      await createEmbeddedFolderInChild(folder, sharedBuffersMb);
    }
    pglite = new PGlite(folder, { startParams: pgliteStartParams(sharedBuffersMb), loadDataDir });
    await pglite.waitReady;
    const client = pglite;
    const sql = pgliteSqlRunner(client);
    const migrations = migrate ? await applyMigrations(sql) : { applied: [], alreadyApplied: 0 };
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pipelinedPglite(client) as unknown as PGlite), transactionOptions: TX_OPTIONS });
    return {
      prisma,
      kind: 'embedded',
      sql,
      migrations,
      lock,
      pglite: client,
      async close() {
        await prisma.$disconnect().catch(() => {});
        if (!client.closed) await client.close();
        lock?.release();
      },
    };
  } catch (err) {
    if (pglite && !pglite.closed) await pglite.close().catch(() => {});
    lock?.release();
    throw err;
  }
}

async function openPostgres(url: string, migrate: boolean): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection dropped by the server (a restart, a terminated backend) must not crash the process;
  // the pool replaces it on the next query.
  let closing = false;
  pool.on('error', (err) => {
    // Connections still closing after close() may hear the server end them: expected, not news.
    if (!closing) process.emitWarning(`PostgreSQL connection lost: ${err.message}`);
  });
  const sql: SqlRunner = {
    exec: async (q) => {
      await pool.query(q);
    },
    query: async <T>(q: string, params?: unknown[]) => (await pool.query(q, params)).rows as T[],
    async withLock(fn) {
      // One instance migrates at a time; the others wait and then find nothing to do.
      const conn = await pool.connect();
      try {
        await conn.query('SELECT pg_advisory_lock(727274)');
        const locked: SqlRunner = {
          exec: async (q) => {
            await conn.query(q);
          },
          query: async <T>(q: string, params?: unknown[]) => (await conn.query(q, params)).rows as T[],
          withLock: (f) => f(),
        };
        return await runWith(locked, fn);
      } finally {
        await conn.query('SELECT pg_advisory_unlock(727274)').catch(() => {});
        conn.release();
      }
    },
  };
  // applyMigrations calls sql inside withLock: route those calls to the locked connection.
  let current: SqlRunner | null = null;
  const runWith = async <T>(r: SqlRunner, fn: () => Promise<T>) => {
    current = r;
    try {
      return await fn();
    } finally {
      current = null;
    }
  };
  const routed: SqlRunner = {
    exec: (q) => (current ?? sql).exec(q),
    query: (q, p) => (current ?? sql).query(q, p),
    withLock: (fn) => sql.withLock(fn),
  };
  try {
    const migrations = migrate ? await applyMigrations(routed) : { applied: [], alreadyApplied: 0 };
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions: TX_OPTIONS });
    return {
      prisma,
      kind: 'postgres',
      sql: routed,
      migrations,
      async close() {
        closing = true;
        await prisma.$disconnect().catch(() => {});
        await pool.end().catch(() => {});
      },
    };
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
}
