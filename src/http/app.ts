import { timingSafeEqual } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Log } from '../log.ts';
import { maskPhone } from '../shared/phone.ts';

export interface AppOptions {
  log: Log;
  adminToken: string;
  /** The app's own routes, registered after the shared plugins. */
  routes: FastifyPluginAsync[];
}

/** The HTTP app as a function, so tests build it and call `app.inject()` without a port. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: opts.log.child({ part: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 25 * 1024 * 1024,
    trustProxy: true,
  });

  await app.register(rateLimit, { global: false });

  app.addHook('onResponse', async (req, reply) => {
    req.log.info(
      { method: req.method, url: maskPhonesIn(req.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  // Every /api/ endpoint takes the admin token.
  const expected = Buffer.from(`Bearer ${opts.adminToken}`);
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply.code(401).send({ error: 'unauthorized', message: 'Authorization: Bearer <ADMIN_TOKEN> gerekli.' });
    }
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if ((err as { validation?: unknown }).validation || status === 400) {
      return reply.code(400).send({ error: 'bad_request', message: err.message });
    }
    if (status < 500) return reply.code(status).send({ error: 'error', message: err.message });
    req.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'Beklenmeyen bir hata oluştu; kaydedildi.' });
  });

  app.setNotFoundHandler({ preHandler: app.rateLimit({ max: 60, timeWindow: '1 minute' }) }, (req, reply) => {
    reply.code(404).send({ error: 'not_found', message: `${req.method} ${req.url.split('?')[0]} yok.` });
  });

  for (const route of opts.routes) await app.register(route);
  return app;
}

function maskPhonesIn(url: string): string {
  return url.replace(/(\+|%2B)?\d{10,13}/g, (m) => maskPhone(m));
}
