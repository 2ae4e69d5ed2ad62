import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { customerInput, type CustomerAdmin } from '../../customers/customerAdmin.ts';
import { aliasInput, type AliasService } from '../../customers/aliases.ts';
import { normalizePhone } from '../../shared/phone.ts';
import { parseBody } from '../validate.ts';

export function customerRoutes(deps: { customers: CustomerAdmin; aliases: AliasService }): FastifyPluginAsync {
  return async (app) => {
    app.post('/api/customers', async (req, reply) => {
      const input = parseBody(customerInput, req.body);
      const { customer, created } = await deps.customers.upsert(input, 'admin');
      return reply.code(created ? 201 : 200).send({ customer });
    });
    app.get('/api/customers', async (req) => {
      const q = parseBody(
        z.object({ phone: z.string().optional(), segment: z.enum(['A', 'B', 'C']).optional(), limit: z.coerce.number().int().min(1).max(1000).optional() }),
        req.query,
      );
      const phone = q.phone ? normalizePhone(q.phone) ?? q.phone : undefined;
      return { customers: await deps.customers.find({ phone, segment: q.segment, take: q.limit }) };
    });

    // A customer's own words for products, taught by staff.
    app.get<{ Params: { phone: string } }>('/api/customers/:phone/aliases', async (req) => ({ aliases: await deps.aliases.list(req.params.phone) }));
    app.post<{ Params: { phone: string } }>('/api/customers/:phone/aliases', async (req, reply) => {
      const input = parseBody(aliasInput, req.body);
      const { alias, created } = await deps.aliases.teach(req.params.phone, input, 'admin');
      return reply.code(created ? 201 : 200).send({ alias });
    });
    app.delete<{ Params: { phone: string; phrase: string } }>('/api/customers/:phone/aliases/:phrase', async (req, reply) => {
      if (!(await deps.aliases.forget(req.params.phone, req.params.phrase))) {
        return reply.code(404).send({ error: 'not_found', message: `bu müşteride "${req.params.phrase}" ifadesi yok` });
      }
      return { deleted: true };
    });
  };
}
