import type { Database } from '../db/database.ts';
import { importers, type ImportReport as CatalogImportReport } from './catalogImports.ts';
import { importOrderHistory, importPayments, type ImportReport as HistoryImportReport } from './history.ts';

export const IMPORT_KINDS = ['products', 'prices', 'stock', 'customers', 'orders', 'payments'] as const;
export type AnyImportKind = (typeof IMPORT_KINDS)[number];

export type AnyImportReport = CatalogImportReport | HistoryImportReport;

export interface RunImportOptions {
  onProgress?(done: number, total: number, phase?: string): void;
  actor?: string;
}

export function isImportKind(s: string): s is AnyImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(s);
}

/** One entry point for every ERP import, whichever module implements it. */
export async function runImport(db: Database, kind: AnyImportKind, csv: string, opts: RunImportOptions = {}): Promise<AnyImportReport> {
  if (kind === 'orders' || kind === 'payments') {
    const fn = kind === 'orders' ? importOrderHistory : importPayments;
    return fn(db, csv, { onProgress: opts.onProgress && ((p) => opts.onProgress!(p.done, p.total, p.phase)) });
  }
  return importers[kind](db.prisma, csv, { onProgress: opts.onProgress, actor: opts.actor });
}

/** The report as an operator reads it, in Turkish. */
export function describeImport(r: AnyImportReport): string {
  const lines = [
    `${r.kind}: ${r.total} satır — ${r.created} yeni, ${r.updated} güncellendi, ${r.unchanged} değişmedi.`,
  ];
  if (!r.applied) {
    lines[0] = `${r.kind}: ${r.total} satır — ${r.errors.length} hatalı satır; hiçbir şey yazılmadı.`;
    for (const e of r.errors.slice(0, 50)) lines.push(`  satır ${e.line}: ${e.message}`);
    if (r.errors.length > 50) lines.push(`  … ve ${r.errors.length - 50} hata daha`);
  }
  return lines.join('\n');
}
