import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { createEmbeddedFolderInChild } from '../../src/db/embeddedFolder.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

it('a first start creates the embedded database in a child process; a creation cut off before is not taken for a database', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kolibot-folder-'));
  dirs.push(dir);
  // what a creation killed half-way leaves behind
  await mkdir(path.join(dir, 'pg.creating'));
  await writeFile(path.join(dir, 'pg.creating', 'PG_VERSION'), 'half');
  const db = await openDatabase({ dataDir: dir, createInChild: true });
  try {
    expect(db.migrations.applied).toEqual([]); // the child applied them
    expect(db.migrations.alreadyApplied).toBeGreaterThan(0);
    expect(await db.prisma.customer.count()).toBe(0);
  } finally {
    await db.close();
  }
  expect(existsSync(path.join(dir, 'pg', 'PG_VERSION'))).toBe(true);
  expect(existsSync(path.join(dir, 'pg.creating'))).toBe(false);
}, 60_000);

it('a creation that fails says why', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kolibot-folder-'));
  dirs.push(dir);
  await writeFile(path.join(dir, 'pg'), 'a file where the folder should go');
  await expect(createEmbeddedFolderInChild(path.join(dir, 'pg'), 16)).rejects.toThrow(/creating the embedded database failed/);
}, 60_000);
