import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PRISMA_DIR = fileURLToPath(new URL('../../prisma/', import.meta.url));
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, 'migrations');
export const SCHEMA_PATH = path.join(PRISMA_DIR, 'schema.prisma');

export interface MigrationOnDisk {
  name: string;
  sql: string;
}

/** Migrations in Prisma's folder layout: `<timestamp>_<name>/migration.sql`, in name order. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationOnDisk[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const out: MigrationOnDisk[] = [];
  for (const name of names) {
    const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8').catch(() => null);
    if (sql !== null) out.push({ name, sql });
  }
  return out;
}

/** The shape the schema engine expects for a migrations folder. */
export function toEngineMigrationList(dir: string, migrations: MigrationOnDisk[]) {
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: 'provider = "postgresql"\n' },
    shadowDbInitScript: '',
    migrationDirectories: migrations.map((m) => ({
      path: m.name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok' as const, value: m.sql } },
    })),
  };
}
