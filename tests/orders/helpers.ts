import type { PrismaClient } from '../../src/generated/prisma/client.ts';

export const TL = (n: number) => Math.round(n * 100);

export async function customerId(db: PrismaClient, phone: string): Promise<number> {
  return (await db.customer.findUniqueOrThrow({ where: { phone }, select: { id: true } })).id;
}

/** An earlier open balance, as history would leave it. */
export async function openBalance(db: PrismaClient, customer: number, kurus: number, at = new Date('2026-10-01T09:00:00Z')) {
  await db.ledgerEntry.create({ data: { customerId: customer, kind: 'sale', amountKurus: kurus, occurredAt: at, note: 'devir' } });
}

export async function stockOf(db: PrismaClient, sku: string) {
  return db.stock.findFirstOrThrow({ where: { product: { sku } } });
}

export const PHONES = {
  ahmet: '+905321110001', // L1, 150.000 TL, 45 days
  ayse: '+905321110002', // L2, 60.000 TL
  mehmet: '+905321110003', // L3, 30.000 TL
  fatma: '+905321110004', // L3, 15.000 TL
  mustafa: '+905321110005', // L2, 40.000 TL
  zeynep: '+905321110006', // ONLINE, no credit
  huseyin: '+905321110007', // L1, 200.000 TL, 45 days
  emine: '+905321110008', // L2, 50.000 TL
};
