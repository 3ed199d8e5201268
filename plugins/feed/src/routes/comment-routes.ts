import type { PluginApp } from '@petamigos/core';
import type { RouteDeps } from './index.js';
import { Comment, CommentBody, CommentPatchBody, Created, HideBody, IdParams, NoContent, PageOf, PageQuery, errorResponses, security, tags } from './schemas.js';

/** Comments, nested three levels deep; the post's author may hide any comment on it. */
export function commentRoutes(app: PluginApp, { ctx, feed, isModerator }: RouteDeps): void {
  const preHandler = ctx.auth.requireUser;
  const { comments } = feed;

  app.post('/posts/:id/comments', {
    preHandler,
    schema: { tags, security, summary: 'Comment on a post, or reply to a comment (`parentId`, three levels at most)', params: IdParams, body: CommentBody, response: { 201: Created, ...errorResponses(400, 401, 404) } },
  }, async (request, reply) => reply.status(201).send({ id: await comments.create(request.user!.id, request.params.id, request.body.text, request.body.parentId) }));

  app.get('/posts/:id/comments', {
    schema: { tags, summary: 'A post\'s comments, oldest first (each with `parentId` and `depth`)', params: IdParams, querystring: PageQuery, response: { 200: PageOf(Comment), ...errorResponses(400, 404) } },
  }, async (request) => comments.list(request.user?.id ?? null, request.params.id, request.query.cursor, request.query.limit ?? 20));

  app.patch('/comments/:id', {
    preHandler,
    schema: { tags, security, summary: 'Edit your comment', params: IdParams, body: CommentPatchBody, response: { 204: NoContent, ...errorResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    await comments.edit(request.user!.id, request.params.id, request.body.text);
    return reply.status(204).send(null);
  });

  app.delete('/comments/:id', {
    preHandler,
    schema: { tags, security, summary: 'Delete a comment (its author, the post\'s author or a moderator)', params: IdParams, response: { 204: NoContent, ...errorResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    await comments.remove(request.user!.id, request.params.id, isModerator(request));
    return reply.status(204).send(null);
  });

  app.put('/comments/:id/hidden', {
    preHandler,
    schema: { tags, security, summary: 'Hide or show a comment on your post', params: IdParams, body: HideBody, response: { 204: NoContent, ...errorResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    await comments.setHidden(request.user!.id, request.params.id, request.body.hidden);
    return reply.status(204).send(null);
  });
}
