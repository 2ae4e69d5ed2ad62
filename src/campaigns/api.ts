import { z } from 'zod';

// Request shapes of the owner API endpoints the lead wires onto these services.

/** GET /api/customers/segments?at=YYYY-MM-DD (default today) */
export const segmentsQuerySchema = z.object({
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').optional(),
});

/** POST /api/campaigns/preview {"kind", "at", …kind-specific parameters} */
export const previewRequestSchema = z
  .object({
    kind: z.enum(['winback', 'holiday', 'personal', 'arrivals', 'followup', 'suggestion', 'credit', 'payment']),
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .catchall(z.unknown());

/** POST /api/campaigns {"kind": "arrivals", "text", "segments"?, "products"?, "category"?, "onlyBuyers"?} */
export const startRequestSchema = previewRequestSchema.omit({ at: true });

export function splitPreviewRequest(body: unknown): { kind: z.infer<typeof previewRequestSchema>['kind']; at: Date | null; params: Record<string, unknown> } {
  const { kind, at, ...params } = previewRequestSchema.parse(body);
  return { kind, at: at ? new Date(at) : null, params };
}
