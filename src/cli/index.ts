import { migrateCommand } from './commands/migrate.ts';

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

type Command = (args: string[], io: CliIo) => Promise<number>;

const HELP = `kolibot — WhatsApp siparişi ve müşteri mesajları, toptancılar için

Kullanım: kolibot <komut> [seçenekler]

Komutlar:
  migrate                         Veritabanı göçlerini uygular (başlangıçta da otomatik uygulanır)
  parse --catalog FILE.csv        stdin'den {"id","text"} JSON satırları okur, çözümlenmiş siparişleri yazar
  import products|prices|stock|customers|orders|payments FILE.csv
                                  ERP dışa aktarımını içeri alır (tekrar çalıştırmak güvenlidir)
  whatsapp import-session DIR     Baileys çok-dosyalı oturum klasörünü içeri alır (yeniden QR gerekmez)
  whatsapp logout                 WhatsApp bağlantısını kaldırır
  --help                          Bu yardım

Ayarlar ortam değişkenlerinden okunur (.env.example): DATA_DIR, DATABASE_URL, PORT, ADMIN_TOKEN…
`;

async function load(name: string): Promise<Command | undefined> {
  switch (name) {
    case 'migrate':
      return migrateCommand;
    case 'parse':
      return (await import('./commands/parse.ts')).parseCommand;
    case 'import':
      return (await import('./commands/import.ts')).importCommand;
    case 'whatsapp':
      return (await import('./commands/whatsappCli.ts')).whatsappCli;
    default:
      return undefined;
  }
}

export async function main(argv: string[], io: CliIo = process): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(HELP);
    return name ? 0 : 2;
  }
  const command = await load(name);
  if (!command) {
    io.stderr.write(`Bilinmeyen komut: ${name}. Yardım için: kolibot --help\n`);
    return 2;
  }
  try {
    return await command(args, io);
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
}
