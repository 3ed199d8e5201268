import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http/errors.js';
import type { PluginApp } from './manifest.js';
import type { PluginRegistry } from './registry.js';

/**
 * Mounts each plugin's routes in its own encapsulated Fastify context under `/api/<name>`:
 * decorators and hooks a plugin adds stay inside it. A gate in front answers 404 while the
 * plugin is disabled, so switching it back on needs no re-registration.
 */
export async function mountPluginRoutes(app: FastifyInstance, registry: PluginRegistry): Promise<void> {
  for (const state of registry.all()) {
    const { manifest, ctx } = state;
    if (!manifest.routes) continue;
    await app.register(
      async (scope) => {
        scope.addHook('onRoute', (route) => {
          route.schema = { ...route.schema, tags: (route.schema?.tags as string[] | undefined) ?? [manifest.name] };
        });
        scope.addHook('onRequest', async (request) => {
          if (!state.enabled) throw new HttpError(404, 'NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}`);
        });
        await manifest.routes!(scope as unknown as PluginApp, ctx);
      },
      { prefix: `/api/${manifest.name}` },
    );
  }
}
