import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { customerInput, type CustomerAdmin } from '../../customers/customerAdmin.ts';
import { normalizePhone } from '../../shared/phone.ts';
import { parseBody } from '../validate.ts';

export function customerRoutes(deps: { customers: CustomerAdmin }): FastifyPluginAsync {
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
  };
}
