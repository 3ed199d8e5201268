import { Type, type PluginApp } from '@petamigos/core';
import type { RouteDeps } from './index.js';
import { HomeQuery, PageOf, Post, errorResponses, security, tags } from './schemas.js';

/** The signed-in user's home feed: friends, follows and their own posts. */
export function homeRoutes(app: PluginApp, { ctx, feed }: RouteDeps): void {
  app.get('/home', {
    preHandler: ctx.auth.requireUser,
    schema: {
      tags, security, summary: 'Home feed, newest first or ranked (20 per page)', querystring: HomeQuery,
      response: { 200: Type.Object({ ...PageOf(Post).properties, mode: Type.Enum(['chronological', 'ranked']) }), ...errorResponses(400, 401) },
    },
  }, async (request) => {
    const mode = request.query.mode ?? 'chronological';
    const page = await feed.home.read(request.user!.id, request.query.cursor, mode);
    return { items: page.items, nextCursor: page.nextCursor, mode };
  });
}
