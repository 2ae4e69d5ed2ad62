import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { normalizePhone } from '../shared/phone.ts';
import type { Clock } from '../shared/clock.ts';

// The owner's customer card: create, update, find. Imports are in src/imports/.

export const customerInput = z.object({
  phone: z.string().transform((raw, ctx) => {
    const p = normalizePhone(raw);
    if (!p) {
      ctx.addIssue({ code: 'custom', message: `geçersiz telefon numarası: ${raw}` });
      return z.NEVER;
    }
    return p;
  }),
  name: z.string().trim().min(1).max(200),
  title: z.string().trim().max(100).optional(),
  business: z.string().trim().max(200).optional(),
  customerType: z.enum(['tacir', 'bireysel']).optional(),
  priceListCode: z.string().trim().min(1).max(20).optional(),
  creditLimitKurus: z.number().int().min(0).optional(),
  paymentTermsDays: z.number().int().min(0).max(365).optional(),
  routeCode: z.string().trim().max(50).optional(),
  commercialConsent: z.boolean().optional(),
  notes: z.string().max(2000).optional(),
});
export type CustomerInput = z.infer<typeof customerInput>;

export function createCustomerAdmin({ db, clock }: { db: Db; clock: Clock }) {
  return {
    async upsert(input: CustomerInput, actor: string) {
      const { commercialConsent, priceListCode, ...rest } = input;
      const now = clock.now();
      return db.$transaction(async (tx) => {
        const existing = await tx.customer.findUnique({ where: { phone: input.phone } });
        const listCode = priceListCode ?? existing?.priceListCode ?? 'L3';
        await tx.priceList.upsert({ where: { code: listCode }, create: { code: listCode, name: listCode }, update: {} });
        const consent =
          commercialConsent === undefined || existing?.commercialConsent === commercialConsent
            ? {}
            : { commercialConsent, consentSource: 'admin', consentAt: now, ...(commercialConsent ? { optedOutAt: null } : {}) };
        const data = { ...rest, priceListCode: listCode, ...consent };
        const customer = existing
          ? await tx.customer.update({ where: { id: existing.id }, data })
          : await tx.customer.create({ data: { ...data, name: input.name, phone: input.phone } });
        if ('consentSource' in consent) {
          await tx.consentEvent.create({ data: { customerId: customer.id, granted: !!commercialConsent, source: 'admin', at: now } });
        }
        await tx.auditLog.create({
          data: { actor, action: existing ? 'customer.update' : 'customer.create', entity: 'customer', entityId: String(customer.id) },
        });
        return { customer, created: !existing };
      });
    },
    find(filter: { phone?: string; segment?: string; take?: number }) {
      return db.customer.findMany({
        where: { ...(filter.phone ? { phone: filter.phone } : {}), ...(filter.segment ? { segment: filter.segment } : {}) },
        orderBy: { id: 'asc' },
        take: filter.take ?? 200,
      });
    },
  };
}
export type CustomerAdmin = ReturnType<typeof createCustomerAdmin>;
