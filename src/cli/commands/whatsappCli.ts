import { readStoredAdminToken } from '../../app/adminToken.ts';
import type { CliIo } from '../index.ts';
import { withDatabase } from '../database.ts';
import { whatsappCommand } from './whatsapp.ts';

/** `kolibot whatsapp …`: on the database directly, or through the running service. */
export function whatsappCli(args: string[], io: CliIo): Promise<number> {
  return withDatabase(io, (db) => whatsappCommand(args, io, { db: db.prisma }), {
    async whenServiceRuns(lock, config) {
      if (args[0] === 'logout') {
        const token = config.ADMIN_TOKEN ?? readStoredAdminToken(config.DATA_DIR);
        const res = await fetch(`http://127.0.0.1:${lock.port}/api/whatsapp/logout`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
        }).catch(() => null);
        if (res?.ok) {
          io.stdout.write('WhatsApp bağlantısı servis üzerinden kaldırıldı.\n');
          return 0;
        }
        io.stderr.write('Servise ulaşılamadı; servisi durdurup `kolibot whatsapp logout` komutunu tekrar çalıştırın.\n');
        return 1;
      }
      io.stderr.write(
        `Kolibot servisi çalışıyor (pid ${lock.pid}). Oturumu içeri almak için önce servisi durdurun; sonra servisi yeniden başlatın.\n`,
      );
      return 1;
    },
  });
}
