import type { CliIo } from '../index.ts';
import { withDatabase } from '../database.ts';

export async function migrateCommand(_args: string[], io: CliIo): Promise<number> {
  return withDatabase(io, async (db) => {
    const { applied, alreadyApplied } = db.migrations;
    io.stdout.write(
      applied.length
        ? `Uygulanan göçler: ${applied.join(', ')}\n`
        : `Veritabanı güncel (${alreadyApplied} göç uygulanmış).\n`,
    );
    return 0;
  }, { whenServiceRuns: () => {
    io.stdout.write('Servis çalışıyor; göçler servis başlarken uygulandı.\n');
    return 0;
  } });
}
