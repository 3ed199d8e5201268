import { Type, type PluginApp } from '@petamigos/core';
import type { RouteDeps } from './index.js';
import { HomeQuery, PageOf, Post, Uuid, errorResponses, security, strict, tags } from './schemas.js';

/** The signed-in user's home feed (friends, follows and their own posts), and how much is new in it. */
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

  app.get('/home/new-count', {
    preHandler: ctx.auth.requireUser,
    schema: {
      tags, security,
      summary: 'How many posts of other people newer than `since` (a post id) your home feed holds now: the "N new posts" badge after a reconnect',
      querystring: Type.Object({ since: Uuid }, strict),
      response: {
        200: Type.Object({
          count: Type.Integer({ minimum: 0, maximum: 100, description: 'At most 100.' }),
          capped: Type.Boolean({ description: 'True when there are more than `count`.' }),
        }),
        ...errorResponses(400, 401),
      },
    },
  }, async (request) => feed.newPosts.count(request.user!.id, request.query.since));
}
