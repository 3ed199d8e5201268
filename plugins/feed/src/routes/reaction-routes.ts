import type { PluginApp } from '@petamigos/core';
import type { RouteDeps } from './index.js';
import { IdParams, ReactBody, ReactionState, errorResponses, security, tags } from './schemas.js';

/** One reaction per person per post or comment; PUT again with another kind to change it. */
export function reactionRoutes(app: PluginApp, { ctx, feed }: RouteDeps): void {
  const preHandler = ctx.auth.requireUser;
  const { reactions } = feed;
  for (const type of ['post', 'comment'] as const) {
    app.put(`/${type}s/:id/reactions`, {
      preHandler,
      schema: { tags, security, summary: `React to a ${type} (or change your reaction)`, params: IdParams, body: ReactBody, response: { 200: ReactionState, ...errorResponses(400, 401, 404) } },
    }, async (request) => reactions.react(request.user!.id, type, request.params.id, request.body.kind));

    app.delete(`/${type}s/:id/reactions`, {
      preHandler,
      schema: { tags, security, summary: `Take back your reaction to a ${type}`, params: IdParams, response: { 200: ReactionState, ...errorResponses(400, 401, 404) } },
    }, async (request) => reactions.unreact(request.user!.id, type, request.params.id));
  }
}
