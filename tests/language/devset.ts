/** The shared dev fixtures and the "fully right" rule used by the dev-set test and the bench. */
import { readFileSync } from 'node:fs';
import { readCatalogCsv, type CatalogProduct } from '../../src/language/catalog.ts';
import type { ParsedMessage } from '../../src/language/index.ts';

export const FIXTURES = new URL('../../../shared/fixtures/', import.meta.url);

export interface ExpectedLine {
  sku: string | null;
  quantity: number | null;
  unit: string | null;
  candidates?: string[];
}

export interface DevMessage {
  id: string;
  text: string;
  intent: string;
  lines: ExpectedLine[];
}

export function fixtureCatalog(): CatalogProduct[] {
  return readCatalogCsv(readFileSync(new URL('catalog.csv', FIXTURES), 'utf8'));
}

export function devMessages(): DevMessage[] {
  return readFileSync(new URL('messages-dev.jsonl', FIXTURES), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as DevMessage);
}

const sameSet = (a: string[] = [], b: string[] = []) => a.length === b.length && a.every((x) => b.includes(x));

/** Intent, and every line's sku or candidates (as a set), quantity and unit, in order. */
export function fullyRight(expected: { intent: string; lines: ExpectedLine[] }, got: ParsedMessage): boolean {
  if (expected.intent !== got.intent || expected.lines.length !== got.lines.length) return false;
  return expected.lines.every((e, i) => {
    const g = got.lines[i];
    const product = e.sku !== null ? g.sku === e.sku : g.sku === null && sameSet(e.candidates, g.candidates);
    return product && g.quantity === e.quantity && g.unit === e.unit;
  });
}
