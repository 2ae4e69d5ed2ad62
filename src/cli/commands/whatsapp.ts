// `kolibot whatsapp import-session DIR` and `kolibot whatsapp logout` (on a stopped service's database).
import type { Db } from '../../db/database.ts';
import { SessionImportError, importMultiFileSession, logoutSession } from '../../channel/baileys/importSession.ts';
import type { CliIo } from '../index.ts';

export interface WhatsappCommandDeps {
  db: Db;
  now?: Date;
}

const USAGE = `Kullanım:
  kolibot whatsapp import-session DIR   Baileys çok-dosyalı oturum klasörünü (creds.json ve anahtar dosyaları) içeri alır
  kolibot whatsapp logout               Kayıtlı WhatsApp oturumunu siler (sonraki başlangıçta yeni QR gösterilir)
`;

export async function whatsappCommand(args: string[], io: CliIo, deps: WhatsappCommandDeps): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'import-session') {
    const dir = rest[0];
    if (!dir || rest.length > 1) {
      io.stderr.write(USAGE);
      return 2;
    }
    try {
      const report = await importMultiFileSession(deps.db, dir, { now: deps.now });
      const counts = Object.entries(report.keys)
        .map(([type, n]) => `${type}: ${n}`)
        .join(', ');
      io.stdout.write(`WhatsApp oturumu içeri alındı${report.me ? ` (${report.me})` : ''}.\n`);
      io.stdout.write(`Anahtarlar: ${counts || 'yok'}\n`);
      if (report.skipped.length) io.stdout.write(`Atlanan dosyalar: ${report.skipped.join(', ')}\n`);
      if (!report.linked) {
        io.stdout.write('Uyarı: bu oturum bir telefona bağlı değil; servis başladığında QR kodu okutmanız gerekecek.\n');
      } else {
        io.stdout.write('Servisi başlattığınızda QR okutmadan bağlanır. Eski aracı kapatın: aynı oturum iki yerde açık kalamaz.\n');
      }
      return 0;
    } catch (err) {
      if (err instanceof SessionImportError) {
        io.stderr.write(`${err.message}\n`);
        return 1;
      }
      throw err;
    }
  }
  if (sub === 'logout') {
    const { removed } = await logoutSession(deps.db);
    io.stdout.write(
      removed
        ? `WhatsApp oturumu silindi (${removed} kayıt). Telefondaki "Bağlı cihazlar" listesinden de kaldırabilirsiniz; servis yeniden başladığında yeni QR kodu gösterilir.\n`
        : 'Kayıtlı bir WhatsApp oturumu yok.\n',
    );
    return 0;
  }
  io.stderr.write(USAGE);
  return 2;
}
