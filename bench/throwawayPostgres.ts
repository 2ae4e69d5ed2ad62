import { randomBytes } from 'node:crypto';
import pg from 'pg';

const PG_ADMIN = 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface BenchPostgres {
  url: string;
  drop(): Promise<void>;
}

/**
 * BENCH_DATABASE_URL as is, or a throwaway database on the local server, dropped afterwards.
 * Null (with a line saying why) when no PostgreSQL answers.
 */
export async function benchPostgres(prefix: string): Promise<BenchPostgres | null> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) return { url: given, drop: async () => {} };
  const name = `kolibot_bench_${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
  } catch (err) {
    console.log(`postgres: skipped, no PostgreSQL at ${PG_ADMIN} (${(err as Error).message}); set BENCH_DATABASE_URL`);
    return null;
  } finally {
    await admin.end().catch(() => {});
  }
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: PG_ADMIN });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
      await a.end();
    },
  };
}
