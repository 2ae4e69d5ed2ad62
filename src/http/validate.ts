import type { z } from 'zod';

export class BadRequest extends Error {
  statusCode = 400;
}

/** zod at the HTTP boundary: a bad body gives 400 with every problem named. */
export function parseBody<S extends z.ZodTypeAny>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  throw new BadRequest(r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
}
