import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * The OpenAPI 3.1 document at `/docs/json` and a browsable page at `/docs`. Every installed plugin's
 * routes are registered at boot, so the served document drops the paths of disabled plugins.
 */
export async function installOpenApi(
  app: FastifyInstance,
  options: { title: string; version: string; isPluginDisabled: (name: string) => boolean },
): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: `${options.title} API`, version: options.version, description: 'Kernel and enabled plugin routes. Errors use {"error":{"code","message","details"}}.' },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
    transformSpecificationClone: true,
    transformSpecification: (spec: Record<string, unknown>) => {
      const paths = (spec.paths ?? {}) as Record<string, unknown>;
      for (const path of Object.keys(paths)) {
        const plugin = /^\/api\/([a-z0-9-]+)(\/|$)/.exec(path)?.[1];
        if (plugin && options.isPluginDisabled(plugin)) delete paths[path];
      }
      return spec;
    },
  });
}
