import { readFileSync } from 'node:fs';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { importCustomers, importPrices, importProducts, importStock } from '../../src/imports/catalogImports.ts';

const FIXTURES = new URL('../../../shared/fixtures/', import.meta.url);

export function fixture(name: 'catalog.csv' | 'prices.csv' | 'stock.csv' | 'customers.csv'): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

/** Loads the shared fixtures through the import functions, as an integrator would. */
export async function importFixtures(db: PrismaClient, now = new Date('2026-11-01T09:00:00Z')) {
  const reports = [
    await importProducts(db, fixture('catalog.csv')),
    await importPrices(db, fixture('prices.csv')),
    await importStock(db, fixture('stock.csv')),
    await importCustomers(db, fixture('customers.csv'), { now }),
  ];
  for (const r of reports) if (!r.applied) throw new Error(`fixture ${r.kind} did not import: ${JSON.stringify(r.errors)}`);
  return reports;
}
