import { Type, type PluginApp } from '@petamigos/core';
import type { RouteDeps } from './index.js';
import { PageOf, PageQuery, Post, errorResponses, strict, tags } from './schemas.js';

/** Someone's posts, the posts under a hashtag (newest first, what the viewer may see), and trending hashtags. */
export function listRoutes(app: PluginApp, { feed }: RouteDeps): void {
  app.get('/users/:username/posts', {
    schema: {
      tags, summary: 'A person\'s posts (profile timeline)', params: Type.Object({ username: Type.String({ pattern: '^[A-Za-z0-9_]{3,30}$' }) }, strict),
      querystring: PageQuery, response: { 200: PageOf(Post), ...errorResponses(400, 404) },
    },
  }, async (request) => feed.lists.profile(request.user?.id ?? null, request.params.username, request.query.cursor, request.query.limit ?? 20));

  app.get('/hashtags/:tag/posts', {
    schema: {
      tags, summary: 'Posts with a hashtag (without the #)', params: Type.Object({ tag: Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\p{L}\\p{N}_]+$' }) }, strict),
      querystring: PageQuery, response: { 200: PageOf(Post), ...errorResponses(400) },
    },
  }, async (request) => feed.lists.hashtag(request.user?.id ?? null, request.params.tag, request.query.cursor, request.query.limit ?? 20));

  app.get('/hashtags/trending', {
    schema: {
      tags, summary: 'Trending hashtags: public posts of the last 24 hours, by number of posts and then of distinct authors',
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })) }, strict),
      response: {
        200: Type.Object({ items: Type.Array(Type.Object({ tag: Type.String(), posts: Type.Integer(), authors: Type.Integer() })) }),
        ...errorResponses(400),
      },
    },
  }, async (request) => ({ items: await feed.trending.hashtags(request.user?.id ?? null, request.query.limit ?? 10) }));
}
