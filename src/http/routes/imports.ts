import type { FastifyPluginAsync } from 'fastify';
import { isImportKind, runImport, type AnyImportKind } from '../../imports/index.ts';
import type { Database } from '../../db/database.ts';

/** POST /api/imports/:kind with the CSV file as the body (text/csv). */
export function importRoutes(deps: { db: Database; afterImport?(kind: AnyImportKind): void | Promise<void> }): FastifyPluginAsync {
  return async (app) => {
    app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 200 * 1024 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    app.post<{ Params: { kind: string } }>('/api/imports/:kind', async (req, reply) => {
      const { kind } = req.params;
      if (!isImportKind(kind)) return reply.code(404).send({ error: 'not_found', message: `bilinmeyen içe aktarma: ${kind}` });
      if (typeof req.body !== 'string' || !req.body.trim()) {
        return reply.code(400).send({ error: 'bad_request', message: 'CSV dosyası gövdede (Content-Type: text/csv) gönderilmeli.' });
      }
      const report = await runImport(deps.db, kind, req.body, { actor: 'api' });
      if (report.applied) await deps.afterImport?.(kind);
      return reply.code(report.applied ? 200 : 422).send({ report });
    });
  };
}
