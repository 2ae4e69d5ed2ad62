import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type Database, type DatabaseKind } from '../../src/db/database.ts';
import { adminUrl, urlFor } from './pgUrl.ts';

export const DATABASE_KINDS: DatabaseKind[] = ['embedded', 'postgres'];

/** A fresh, migrated database of the given kind; closing it drops it. */
export async function openTestDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'embedded') {
    const file = process.env.KOLIBOT_TEST_PGLITE_TEMPLATE;
    const loadDataDir = file ? new Blob([await readFile(file)]) : undefined;
    return openDatabase({ dataDir: 'memory://', loadDataDir });
  }
  const template = process.env.KOLIBOT_TEST_PG_TEMPLATE;
  const name = `kolibot_t_${process.ppid}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  } finally {
    await admin.end();
  }
  const db = await openDatabase({ url: urlFor(name) });
  const close = db.close.bind(db);
  db.close = async () => {
    await close();
    const a = new pg.Client({ connectionString: adminUrl() });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
    await a.end();
  };
  return db;
}

/** A fresh, migrated PostgreSQL database for a whole service under test; drop() removes it. */
export async function freshPostgresUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  const template = process.env.KOLIBOT_TEST_PG_TEMPLATE;
  const name = `kolibot_t_${process.ppid}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  await admin.end();
  return {
    url: urlFor(name),
    async drop() {
      const a = new pg.Client({ connectionString: adminUrl() });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
      await a.end();
    },
  };
}

/**
 * Runs the same suite against the embedded database and PostgreSQL.
 * `db()` gives the suite's database, opened once per suite.
 */
export function describeEachDatabase(title: string, suite: (db: () => Database, kind: DatabaseKind) => void) {
  for (const kind of DATABASE_KINDS) {
    describe(`${title} [${kind}]`, () => {
      let database: Database | undefined;
      beforeAll(async () => {
        database = await openTestDatabase(kind);
      });
      afterAll(async () => {
        await database?.close();
      });
      suite(() => {
        if (!database) throw new Error('database not open yet');
        return database;
      }, kind);
    });
  }
}
