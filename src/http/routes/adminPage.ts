import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';

const html = readFileSync(new URL('../admin.html', import.meta.url), 'utf8');

/** The admin page itself is static; everything on it comes from /api/ with the admin token. */
export const adminPageRoutes: FastifyPluginAsync = async (app) => {
  app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html));
};
