import { HttpError, type PluginApp } from '@petamigos/core';
import type { RouteDeps } from './index.js';
import { MODERATE_POSTS } from './index.js';
import { Created, IdParams, NoContent, Post, PostCreateBody, PostPatchBody, ReportBody, ShareBody, VoteBody, errorResponses, security, tags } from './schemas.js';
import { Type } from '@petamigos/core';

/** Posts: write, read, edit (with history), delete and restore, share, report, vote. */
export function postRoutes(app: PluginApp, { ctx, feed, isModerator }: RouteDeps): void {
  const preHandler = ctx.auth.requireUser;
  const { posts } = feed;

  app.post('/posts', {
    preHandler,
    schema: { tags, security, summary: 'Write a post', body: PostCreateBody, response: { 201: Post, ...errorResponses(400, 401, 429) } },
  }, async (request, reply) => {
    const me = request.user!.id;
    const b = request.body;
    const id = await posts.create(me, { text: b.text ?? '', visibility: b.visibility ?? 'public', language: b.language, mediaIds: b.mediaIds, poll: b.poll });
    return reply.status(201).send(await posts.view(me, id));
  });

  app.get('/posts/:id', {
    schema: { tags, summary: 'A post (404 for anyone who may not see it)', params: IdParams, response: { 200: Post, ...errorResponses(400, 404) } },
  }, async (request) => posts.view(request.user?.id ?? null, request.params.id));

  app.patch('/posts/:id', {
    preHandler,
    schema: { tags, security, summary: 'Edit your post; the previous text is kept in its history', params: IdParams, body: PostPatchBody, response: { 200: Post, ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => {
    const me = request.user!.id;
    await posts.edit(me, request.params.id, request.body);
    return posts.view(me, request.params.id);
  });

  app.get('/posts/:id/revisions', {
    schema: {
      tags, summary: 'Edit history of a post, oldest first', params: IdParams,
      response: {
        200: Type.Object({
          current: Type.Object({ text: Type.String(), editedAt: Type.Union([Type.String(), Type.Null()]) }),
          revisions: Type.Array(Type.Object({ id: Type.String(), text: Type.String(), replacedAt: Type.String() })),
        }),
        ...errorResponses(400, 404),
      },
    },
  }, async (request) => posts.revisions(request.user?.id ?? null, request.params.id));

  app.delete('/posts/:id', {
    preHandler,
    schema: { tags, security, summary: 'Delete a post (author or moderator); moderators can restore it for 30 days', params: IdParams, response: { 204: NoContent, ...errorResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    await posts.remove(request.user!.id, request.params.id, isModerator(request));
    return reply.status(204).send(null);
  });

  app.post('/posts/:id/restore', {
    preHandler: ctx.auth.requirePermission(MODERATE_POSTS),
    schema: { tags, security, summary: 'Restore a deleted post (moderators, within 30 days)', params: IdParams, response: { 200: Post, ...errorResponses(400, 401, 403, 404, 409, 410) } },
  }, async (request) => {
    await posts.restore(request.user!.id, request.params.id);
    return posts.view(request.user!.id, request.params.id).catch(() => {
      throw new HttpError(404, 'POST_NOT_FOUND', 'No such post.');
    });
  });

  app.post('/posts/:id/shares', {
    preHandler,
    schema: { tags, security, summary: 'Share a post, with an optional comment', params: IdParams, body: ShareBody, response: { 201: Post, ...errorResponses(400, 401, 404) } },
  }, async (request, reply) => {
    const me = request.user!.id;
    const id = await posts.create(me, { text: request.body.text ?? '', visibility: request.body.visibility ?? 'public', sharedPostId: request.params.id });
    return reply.status(201).send(await posts.view(me, id));
  });

  app.post('/posts/:id/reports', {
    preHandler,
    schema: { tags, security, summary: 'Report a post to the moderators', params: IdParams, body: ReportBody, response: { 201: Created, ...errorResponses(400, 401, 404) } },
  }, async (request, reply) => reply.status(201).send({ id: await posts.report(request.user!.id, request.params.id, request.body.reason) }));

  app.post('/posts/:id/poll/votes', {
    preHandler,
    schema: { tags, security, summary: 'Vote in a post\'s poll (once)', params: IdParams, body: VoteBody, response: { 200: Post, ...errorResponses(400, 401, 404, 409) } },
  }, async (request) => {
    const me = request.user!.id;
    await posts.vote(me, request.params.id, request.body.optionId);
    return posts.view(me, request.params.id);
  });

}
