import { readFile } from 'node:fs/promises';
import { readStoredAdminToken } from '../../app/adminToken.ts';
import { describeImport, IMPORT_KINDS, isImportKind, runImport, type AnyImportReport } from '../../imports/index.ts';
import type { CliIo } from '../index.ts';
import { withDatabase } from '../database.ts';

const USAGE = `Kullanım: kolibot import ${IMPORT_KINDS.join('|')} FILE.csv\n`;

export async function importCommand(args: string[], io: CliIo): Promise<number> {
  const [kind, file] = args;
  if (!kind || !file || !isImportKind(kind)) {
    io.stderr.write(USAGE);
    return 2;
  }
  let csv: string;
  try {
    csv = await readFile(file, 'utf8');
  } catch (err) {
    io.stderr.write(`Dosya okunamadı: ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})\n`);
    return 2;
  }
  const progress = progressPrinter(io.stderr);
  return withDatabase(
    io,
    async (db) => finish(io, await runImport(db, kind, csv, { onProgress: progress, actor: 'cli' })),
    {
      // The embedded database belongs to the running service: the import goes through it.
      async whenServiceRuns(lock, config) {
        const token = config.ADMIN_TOKEN ?? readStoredAdminToken(config.DATA_DIR);
        if (!lock.port || !token) {
          io.stderr.write('Servis çalışıyor ama adresine ulaşılamıyor; servisi durdurup tekrar deneyin.\n');
          return 1;
        }
        io.stderr.write(`Servis çalışıyor (port ${lock.port}); içe aktarma servis üzerinden yapılıyor…\n`);
        const res = await fetch(`http://127.0.0.1:${lock.port}/api/imports/${kind}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv; charset=utf-8' },
          body: csv,
        });
        const body = (await res.json()) as { report?: AnyImportReport; message?: string };
        if (!body.report) {
          io.stderr.write(`Servis içe aktarmayı yapamadı: ${body.message ?? res.status}\n`);
          return 1;
        }
        return finish(io, body.report);
      },
    },
  );
}

function finish(io: CliIo, report: AnyImportReport): number {
  (report.applied ? io.stdout : io.stderr).write(describeImport(report) + '\n');
  return report.applied ? 0 : 1;
}

/** Progress on stderr: a rewritten line on a terminal, every 10 % otherwise. */
function progressPrinter(out: NodeJS.WritableStream) {
  const tty = (out as { isTTY?: boolean }).isTTY;
  let lastTenth = -1;
  return (done: number, total: number, phase?: string) => {
    if (total < 1000) return;
    const pct = Math.floor((done / total) * 100);
    const label = `${phase ? phase + ': ' : ''}${done}/${total} (%${pct})`;
    if (tty) out.write(`\r${label}${done >= total ? '\n' : ''}`);
    else if (Math.floor(pct / 10) !== lastTenth) {
      lastTenth = Math.floor(pct / 10);
      out.write(label + '\n');
    }
  };
}
