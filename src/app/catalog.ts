import type { Db } from '../db/database.ts';
import { createParser, type Parser } from '../language/index.ts';
import type { CatalogProduct } from '../language/catalog.ts';

/** The parser over the current catalogue; rebuilt after a product import. */
export interface CatalogHolder {
  parser(): Parser;
  reload(): Promise<void>;
}

export async function loadCatalog(db: Db): Promise<CatalogHolder> {
  let parser = createParser(await readProducts(db));
  return {
    parser: () => parser,
    async reload() {
      parser = createParser(await readProducts(db));
    },
  };
}

async function readProducts(db: Db): Promise<CatalogProduct[]> {
  const rows = await db.product.findMany({
    where: { active: true },
    select: { sku: true, name: true, unit: true, pack: true, category: true, aliases: true },
    orderBy: { sku: 'asc' },
  });
  return rows;
}
