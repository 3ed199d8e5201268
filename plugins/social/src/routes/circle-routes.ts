import type { PluginApp } from '@petamigos/core';
import type { RouteDeps } from './index.js';
import { ListEntry, NoContent, PageOf, PageQuery, UsernameParams, errorResponses, security, tags } from './schemas.js';

/** The signed-in user's private lists: people they muted, and their close-friends circle. */
export function circleRoutes(app: PluginApp, { ctx, graph }: RouteDeps): void {
  const preHandler = ctx.auth.requireUser;
  const listSchema = { tags, security, querystring: PageQuery, response: { 200: PageOf(ListEntry), ...errorResponses(400, 401) } };
  const addSchema = { tags, security, params: UsernameParams, response: { 204: NoContent, ...errorResponses(400, 401, 404, 409) } };
  const removeSchema = { tags, security, params: UsernameParams, response: { 204: NoContent, ...errorResponses(400, 401, 404) } };

  app.get('/mutes', { preHandler, schema: { ...listSchema, summary: 'People you muted, newest first' } }, async (request) => {
    const me = request.user!.id;
    return graph.mutes(me, await graph.hiddenFor(me), { cursor: request.query.cursor, limit: request.query.limit ?? 20 });
  });

  app.post('/mutes/:username', { preHandler, schema: { ...addSchema, summary: 'Mute someone: they leave your feeds and are not told' } }, async (request, reply) => {
    const me = request.user!.id;
    await graph.mute(me, await graph.target(me, request.params.username));
    return reply.status(204).send(null);
  });

  app.delete('/mutes/:username', { preHandler, schema: { ...removeSchema, summary: 'Unmute someone' } }, async (request, reply) => {
    const me = request.user!.id;
    await graph.unmute(me, await graph.target(me, request.params.username));
    return reply.status(204).send(null);
  });

  app.get('/close-friends', { preHandler, schema: { ...listSchema, summary: 'Your close-friends circle, newest first (only you see it)' } }, async (request) => {
    const me = request.user!.id;
    return graph.closeFriends(me, await graph.hiddenFor(me), { cursor: request.query.cursor, limit: request.query.limit ?? 20 });
  });

  app.post('/close-friends/:username', { preHandler, schema: { ...addSchema, summary: 'Add one of your friends to your close-friends circle' } }, async (request, reply) => {
    const me = request.user!.id;
    await graph.addCloseFriend(me, await graph.target(me, request.params.username));
    return reply.status(204).send(null);
  });

  app.delete('/close-friends/:username', { preHandler, schema: { ...removeSchema, summary: 'Take someone out of your close-friends circle' } }, async (request, reply) => {
    const me = request.user!.id;
    await graph.removeCloseFriend(me, await graph.target(me, request.params.username));
    return reply.status(204).send(null);
  });
}
