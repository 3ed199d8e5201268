import type { PluginApp } from '@petamigos/core';
import type { RouteDeps } from './index.js';
import { NoContent, UsernameParams, errorResponses, security, tags } from './schemas.js';

/** One-way follows. The lists are on profiles: `/users/:username/followers` and `/following`. */
export function followRoutes(app: PluginApp, { ctx, graph }: RouteDeps): void {
  const preHandler = ctx.auth.requireUser;

  app.post('/following/:username', {
    preHandler,
    schema: { tags, security, params: UsernameParams, summary: 'Follow someone', response: { 204: NoContent, ...errorResponses(400, 401, 404, 409) } },
  }, async (request, reply) => {
    const me = request.user!.id;
    await graph.follow(me, await graph.target(me, request.params.username));
    return reply.status(204).send(null);
  });

  app.delete('/following/:username', {
    preHandler,
    schema: { tags, security, params: UsernameParams, summary: 'Stop following someone', response: { 204: NoContent, ...errorResponses(400, 401, 404) } },
  }, async (request, reply) => {
    const me = request.user!.id;
    await graph.unfollow(me, await graph.target(me, request.params.username));
    return reply.status(204).send(null);
  });
}
