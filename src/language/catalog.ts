import { z } from 'zod';
import { readCsv } from '../shared/csv.ts';

export interface CatalogProduct {
  sku: string;
  name: string;
  unit: string;
  pack: string;
  category: string;
  aliases: string[];
}

const rowSchema = z.object({
  sku: z.string().min(1, 'sku is empty'),
  name: z.string().min(1, 'name is empty'),
  unit: z.string().default(''),
  pack: z.string().default(''),
  category: z.string().default(''),
  aliases: z.string().default(''),
});

/** Reads the catalog CSV (`sku,name,unit,pack,category,aliases`, aliases separated by `|`). */
export function readCatalogCsv(text: string): CatalogProduct[] {
  const { rows, errors } = readCsv(text, rowSchema, ['sku', 'name']);
  const seen = new Map<string, number>();
  for (const { line, value } of rows) {
    const first = seen.get(value.sku);
    if (first !== undefined) errors.push({ line, message: `sku ${value.sku} already on line ${first}` });
    else seen.set(value.sku, line);
  }
  if (errors.length) {
    errors.sort((a, b) => a.line - b.line);
    throw new Error(`catalog has ${errors.length} bad row(s):\n${errors.map((e) => `  line ${e.line}: ${e.message}`).join('\n')}`);
  }
  return rows.map(({ value }) => ({
    sku: value.sku,
    name: value.name,
    unit: value.unit,
    pack: value.pack,
    category: value.category,
    aliases: value.aliases.split('|').map((a) => a.trim()).filter(Boolean),
  }));
}
