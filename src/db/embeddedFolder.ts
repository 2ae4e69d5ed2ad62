// The embedded database's folder: PGlite's settings, and creating a new folder in a child process.
import { spawn } from 'node:child_process';
import { rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { applyMigrations, type SqlRunner } from './migrate.ts';

const DEFAULT_START_PARAMS: string[] = (PGlite as unknown as { defaultStartParams: string[] }).defaultStartParams;

/** PostgreSQL's 128 MB shared_buffers default costs ~120 MB of RSS; the service runs on less. */
export function pgliteStartParams(sharedBuffersMb: number): string[] {
  return [...DEFAULT_START_PARAMS, '-c', `shared_buffers=${sharedBuffersMb}MB`, '-c', 'work_mem=4MB'];
}

export function pgliteSqlRunner(client: PGlite): SqlRunner {
  return {
    exec: async (q) => {
      await client.exec(q);
    },
    query: async <T>(q: string, params?: unknown[]) => (await client.query<T>(q, params as never[])).rows,
    withLock: (fn) => fn(), // the folder lock already makes this process the only writer
  };
}

/**
 * Creates and migrates a new database folder at `pgDir`. Built beside it and renamed at the end,
 * so a creation cut off half-way never looks like a database.
 */
export async function createEmbeddedFolder(pgDir: string, sharedBuffersMb: number): Promise<void> {
  const building = `${pgDir}.creating`;
  await rm(building, { recursive: true, force: true });
  const pglite = new PGlite(building, { startParams: pgliteStartParams(sharedBuffersMb) });
  try {
    await pglite.waitReady;
    await applyMigrations(pgliteSqlRunner(pglite));
  } finally {
    await pglite.close();
  }
  await rename(building, pgDir);
}

const CHILD = fileURLToPath(new URL('./cli/createEmbedded.ts', import.meta.url));
// The child runs TypeScript as the service does, whatever the working folder or the parent's flags.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * The same in a short-lived child process. Creating a database (initdb) takes PGlite ~500 MB that
 * the garbage collector of an idle service would hold on to for a long time; a child gives it back
 * to the system when it exits, and the service then opens the folder as on any restart.
 */
export function createEmbeddedFolderInChild(pgDir: string, sharedBuffersMb: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, CHILD, pgDir, String(sharedBuffersMb)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`creating the embedded database failed (exit ${code}): ${stderr.trim()}`));
    });
  });
}
