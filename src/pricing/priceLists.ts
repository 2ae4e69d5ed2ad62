// The seed's price lists (`003_…`): A-group, B-group, small wholesale and online.
import type { PrismaClient } from '../generated/prisma/client.ts';

export interface PriceListDefaults {
  code: string;
  name: string;
  /** The group's purchase criterion (koli per month) — informational, not enforced per order. */
  minMonthlyKoli: number;
  sellsUnits: boolean;
  /** Least quantity per line: whole selling units on wholesale lists, pieces on online lists. */
  minLotUnits: number;
}

export const DEFAULT_PRICE_LISTS: PriceListDefaults[] = [
  { code: 'L1', name: 'Fiyat Listesi 1', minMonthlyKoli: 24, sellsUnits: false, minLotUnits: 1 },
  { code: 'L2', name: 'Fiyat Listesi 2', minMonthlyKoli: 6, sellsUnits: false, minLotUnits: 1 },
  { code: 'L3', name: 'Fiyat Listesi 3', minMonthlyKoli: 0, sellsUnits: false, minLotUnits: 1 },
  { code: 'ONLINE', name: 'Online', minMonthlyKoli: 0, sellsUnits: true, minLotUnits: 1 },
];

/** Defaults for a list code: the seed's four, or a wholesale list named after its code. */
export function priceListDefaults(code: string): PriceListDefaults {
  return DEFAULT_PRICE_LISTS.find((l) => l.code === code) ?? { code, name: `Fiyat Listesi ${code}`, minMonthlyKoli: 0, sellsUnits: false, minLotUnits: 1 };
}

type Tx = Pick<PrismaClient, 'priceList'>;

/**
 * Creates the four seed lists when missing (start-up). A list that still carries the bare schema defaults
 * (created elsewhere by code only: min lot 12, no criterion) gets the seed's rules; a list an admin changed is left alone.
 */
export async function ensureDefaultPriceLists(db: Tx): Promise<void> {
  for (const l of DEFAULT_PRICE_LISTS) {
    const existing = await db.priceList.findUnique({ where: { code: l.code } });
    if (!existing) {
      await db.priceList.upsert({ where: { code: l.code }, create: l, update: {} });
    } else if (existing.minLotUnits === 12 && !existing.sellsUnits && existing.minMonthlyKoli === 0 && (existing.name === l.code || existing.name === l.name)) {
      await db.priceList.update({ where: { code: l.code }, data: { name: l.name, minMonthlyKoli: l.minMonthlyKoli, sellsUnits: l.sellsUnits, minLotUnits: l.minLotUnits } });
    }
  }
}
