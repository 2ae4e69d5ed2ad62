import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { fold } from '../language/normalize.ts';
import { normalizePhone } from '../shared/phone.ts';

// A customer's own word for a product ("sarı yağ" → the margarine they always take), taught by
// staff when the bot did not understand or asked. The inbox reads them for that customer only.

export const aliasInput = z.object({
  phrase: z
    .string()
    .trim()
    .min(1, 'ifade gerekli')
    .max(80, 'ifade en fazla 80 karakter olabilir')
    .refine((p) => fold(p).length > 0, 'ifadede harf ya da rakam yok'),
  sku: z.string().trim().min(1, 'ürün kodu (sku) gerekli').max(64),
});
export type AliasInput = z.infer<typeof aliasInput>;

export class AliasError extends Error {
  constructor(
    message: string,
    readonly statusCode: 400 | 404,
  ) {
    super(message);
  }
}

export interface CustomerAlias {
  phrase: string;
  sku: string;
  productName: string;
  createdBy: string | null;
  createdAt: Date;
}

export function createAliasService({ db, onChange }: { db: Db; onChange?: () => void }) {
  async function customerOf(phoneRaw: string): Promise<{ id: number; name: string; business: string | null }> {
    const phone = normalizePhone(phoneRaw);
    if (!phone) throw new AliasError(`geçersiz telefon numarası: ${phoneRaw}`, 400);
    const c = await db.customer.findUnique({ where: { phone }, select: { id: true, name: true, business: true } });
    if (!c) throw new AliasError(`müşteri bulunamadı: ${phone}`, 404);
    return c;
  }

  async function list(phone: string): Promise<CustomerAlias[]> {
    const { id } = await customerOf(phone);
    const rows = await db.customerAlias.findMany({ where: { customerId: id }, include: { product: { select: { name: true } } }, orderBy: { phrase: 'asc' } });
    return rows.map((r) => ({ phrase: r.phrase, sku: r.sku, productName: r.product.name, createdBy: r.createdBy, createdAt: r.createdAt }));
  }

  return {
    list,
    /** Teaches (or corrects) the customer's word; the same phrase again points it elsewhere. */
    async teach(phone: string, input: AliasInput, actor: string): Promise<{ alias: CustomerAlias; created: boolean; customer: { name: string; business: string | null } }> {
      const customer = await customerOf(phone);
      const id = customer.id;
      const product = await db.product.findUnique({ where: { sku: input.sku }, select: { sku: true, name: true, active: true } });
      if (!product || !product.active) throw new AliasError(`ürün bulunamadı: ${input.sku}`, 400);
      const phrase = fold(input.phrase);
      const existing = await db.customerAlias.findUnique({ where: { customerId_phrase: { customerId: id, phrase } } });
      const row = await db.customerAlias.upsert({
        where: { customerId_phrase: { customerId: id, phrase } },
        create: { customerId: id, phrase, sku: product.sku, createdBy: actor },
        update: { sku: product.sku, createdBy: actor },
      });
      onChange?.();
      return { alias: { phrase, sku: row.sku, productName: product.name, createdBy: row.createdBy, createdAt: row.createdAt }, created: !existing, customer };
    },
    async forget(phone: string, phraseRaw: string): Promise<boolean> {
      const { id } = await customerOf(phone);
      const { count } = await db.customerAlias.deleteMany({ where: { customerId: id, phrase: fold(phraseRaw) } });
      if (count) onChange?.();
      return count > 0;
    },
  };
}
export type AliasService = ReturnType<typeof createAliasService>;
