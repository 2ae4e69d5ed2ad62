import { parse } from 'csv-parse/sync';
import type { z } from 'zod';

export interface CsvRowError {
  line: number; // 1-based line in the file (the header is line 1)
  message: string;
}

export interface CsvResult<T> {
  rows: { line: number; value: T }[];
  errors: CsvRowError[];
}

/**
 * Reads a CSV file with a header, validates each row with the schema and reports
 * bad rows by line instead of stopping at the first one.
 */
export function readCsv<S extends z.ZodTypeAny>(text: string, schema: S, requiredColumns: string[]): CsvResult<z.infer<S>> {
  const records: Record<string, string>[] = parse(text.replace(/^\uFEFF/, ''), {
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
  });
  const errors: CsvRowError[] = [];
  const rows: { line: number; value: z.infer<S> }[] = [];
  const header = text.split(/\r?\n/, 1)[0]?.replace(/^\uFEFF/, '').split(',').map((h) => h.trim().toLowerCase()) ?? [];
  const missing = requiredColumns.filter((c) => !header.includes(c));
  if (missing.length) {
    return { rows, errors: [{ line: 1, message: `missing column(s): ${missing.join(', ')}` }] };
  }
  records.forEach((record, i) => {
    const line = i + 2;
    const parsed = schema.safeParse(record);
    if (parsed.success) rows.push({ line, value: parsed.data });
    else errors.push({ line, message: parsed.error.issues.map((x) => `${x.path.join('.') || 'row'}: ${x.message}`).join('; ') });
  });
  return { rows, errors };
}
