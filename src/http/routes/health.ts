import type { FastifyPluginAsync } from 'fastify';
import type { Database } from '../../db/database.ts';
import type { LinkState } from '../../channel/port.ts';
import { VERSION } from '../../version.ts';

export function healthRoutes(deps: { db: Database; linkState: () => LinkState | { status: string } }): FastifyPluginAsync {
  return async (app) => {
    app.get('/health', async (_req, reply) => {
      let database: 'ok' | 'down' = 'ok';
      try {
        await deps.db.sql.query('SELECT 1');
      } catch {
        database = 'down';
      }
      const link = deps.linkState();
      const body = {
        status: database === 'ok' ? 'ok' : 'degraded',
        version: VERSION,
        database: { kind: deps.db.kind, status: database },
        whatsapp: { status: link.status },
        uptimeSeconds: Math.round(process.uptime()),
      };
      return reply.code(database === 'ok' ? 200 : 503).send(body);
    });
  };
}
