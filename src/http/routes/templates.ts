import type { FastifyPluginAsync } from 'fastify';
import { TemplateError } from '../../campaigns/templates.ts';
import type { TemplateSet } from '../../app/templates.ts';

/** POST /api/templates/reload: the owner's edited templates take effect without a restart. */
export function templateRoutes(deps: { templates: Pick<TemplateSet, 'reload'> }): FastifyPluginAsync {
  return async (app) => {
    app.post('/api/templates/reload', async (req, reply) => {
      try {
        return { reloaded: await deps.templates.reload() };
      } catch (err) {
        if (!(err instanceof TemplateError)) throw err;
        // The templates in use stay; the owner sees which file to fix.
        return reply.code(400).send({ error: 'bad_template', message: `Şablonlar yüklenmedi, eskileri kullanılıyor. ${err.message}` });
      }
    });
  };
}
