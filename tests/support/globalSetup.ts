import { writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.ts';
import { adminUrl, TEST_PG_URL } from './pgUrl.ts';

// Built once per run: a migrated embedded database dumped to a file, and a migrated
// PostgreSQL template database. Each test file then copies them (fast) instead of migrating.
export default async function setup() {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const embedded = await openDatabase({ dataDir: 'memory://' });
  const dump = await embedded.pglite!.dumpDataDir("none");
  await embedded.close();
  const templateFile = path.join(os.tmpdir(), `kolibot-template-${runId}.tar`);
  await writeFile(templateFile, Buffer.from(await dump.arrayBuffer()));
  process.env.KOLIBOT_TEST_PGLITE_TEMPLATE = templateFile;

  const templateDb = `kolibot_tpl_${runId}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `Tests need the PostgreSQL at ${TEST_PG_URL} (set TEST_DATABASE_URL to change it): ${(err as Error).message}`,
    );
  }
  await admin.query(`CREATE DATABASE "${templateDb}"`);
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${templateDb}`;
  const migrated = await openDatabase({ url: url.toString() });
  await migrated.close();
  process.env.KOLIBOT_TEST_PG_TEMPLATE = templateDb;

  return async () => {
    await rm(templateFile, { force: true });
    await admin.query(`DROP DATABASE IF EXISTS "${templateDb}" WITH (FORCE)`).catch(() => {});
    // Databases left behind by killed test workers of this run.
    const left = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'kolibot_t_${process.pid}_%'`);
    for (const row of left.rows) await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`).catch(() => {});
    await admin.end();
  };
}
