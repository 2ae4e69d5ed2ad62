import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { applyMigrations, checksum } from '../../src/db/migrate.ts';
import { readMigrations } from '../../src/db/migrationsFolder.ts';

describeEachDatabase('migrations', (db) => {
  it('records every migration in Prisma\'s own history table with its checksum', async () => {
    const onDisk = await readMigrations();
    const rows = await db().sql.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(onDisk.map((m) => m.name));
    for (const [i, m] of onDisk.entries()) {
      expect(rows[i].checksum).toBe(checksum(m.sql));
      expect(rows[i].finished_at).not.toBeNull();
    }
  });

  it('applying again changes nothing', async () => {
    const report = await applyMigrations(db().sql);
    expect(report.applied).toEqual([]);
  });

  it('refuses a migration that was edited after it was applied', async () => {
    const onDisk = await readMigrations();
    const edited = onDisk.map((m, i) => (i === 0 ? { ...m, sql: m.sql + '\n-- edited' } : m));
    await expect(applyMigrations(db().sql, edited)).rejects.toThrow(/changed after it was applied/);
  });

  it('stores money as integer kuruş and reads it back exactly', async () => {
    const p = db().prisma;
    await p.priceList.create({ data: { code: 'T1', name: 'Test' } });
    const c = await p.customer.create({ data: { phone: '+905320000001', name: 'Test', priceListCode: 'T1', creditLimitKurus: 15_000_000 } });
    expect((await p.customer.findUniqueOrThrow({ where: { id: c.id } })).creditLimitKurus).toBe(15_000_000);
  });
});
