import { createHash, randomUUID } from 'node:crypto';
import { readMigrations, type MigrationOnDisk } from './migrationsFolder.ts';

/** The minimal SQL surface the runner needs; PGlite and pg both provide it. */
export interface SqlRunner {
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs fn while holding the database-wide migration lock (PostgreSQL advisory lock). */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
}

// Prisma's own history table, so `prisma migrate deploy` / `status` agree with us.
const HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export class MigrationError extends Error {}

export const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex');

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies the migrations from prisma/migrations that the database lacks, each in its own
 * transaction, recording them exactly as Prisma does. Refuses to go on after a failed one.
 */
export async function applyMigrations(db: SqlRunner, migrations?: MigrationOnDisk[]): Promise<MigrationReport> {
  const all = migrations ?? (await readMigrations());
  return db.withLock(async () => {
    await db.exec(HISTORY_TABLE);
    const rows = await db.query<HistoryRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
    );
    const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
    if (failed) {
      throw new MigrationError(
        `Migration ${failed.migration_name} failed earlier and was not rolled back; fix the database, then mark it with "prisma migrate resolve".`,
      );
    }
    const done = new Map(rows.filter((r) => r.finished_at !== null).map((r) => [r.migration_name, r.checksum]));
    const applied: string[] = [];
    for (const m of all) {
      const sum = checksum(m.sql);
      const have = done.get(m.name);
      if (have !== undefined) {
        if (have !== sum) throw new MigrationError(`Migration ${m.name} was changed after it was applied (checksum differs).`);
        continue;
      }
      const id = randomUUID();
      await db.query(
        'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
        [id, sum, m.name],
      );
      try {
        await db.exec(`BEGIN;\n${m.sql}\n;COMMIT;`);
      } catch (err) {
        await db.exec('ROLLBACK').catch(() => {});
        const message = err instanceof Error ? err.message : String(err);
        await db.query('UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1', [id, message]);
        throw new MigrationError(`Migration ${m.name} failed: ${message}`);
      }
      await db.query(
        'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
        [id],
      );
      applied.push(m.name);
    }
    return { applied, alreadyApplied: done.size };
  });
}
