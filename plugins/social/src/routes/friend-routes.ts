import type { PluginApp } from '@petamigos/core';
import type { RouteDeps } from './index.js';
import { FriendshipStatus, ListEntry, NoContent, PageOf, PageQuery, UsernameParams, errorResponses, security, tags } from './schemas.js';

/** Friend requests (send, accept, decline, cancel) and unfriending. */
export function friendRoutes(app: PluginApp, { ctx, graph }: RouteDeps): void {
  const preHandler = ctx.auth.requireUser;

  app.post('/friend-requests/:username', {
    preHandler,
    schema: {
      tags, security, params: UsernameParams,
      summary: 'Ask someone to be friends (if they already asked you, you become friends)',
      response: { 201: FriendshipStatus, 200: FriendshipStatus, ...errorResponses(400, 401, 404, 409) },
    },
  }, async (request, reply) => {
    const me = request.user!.id;
    const result = await graph.requestFriendship(me, await graph.target(me, request.params.username));
    return reply.status(result.status === 'pending' ? 201 : 200).send(result);
  });

  app.post('/friend-requests/:username/accept', {
    preHandler,
    schema: { tags, security, params: UsernameParams, summary: 'Accept the friend request this person sent you', response: { 200: FriendshipStatus, ...errorResponses(400, 401, 404, 409) } },
  }, async (request) => {
    const me = request.user!.id;
    await graph.acceptFriendship(me, await graph.target(me, request.params.username));
    return { status: 'friends' as const };
  });

  app.post('/friend-requests/:username/decline', {
    preHandler,
    schema: { tags, security, params: UsernameParams, summary: 'Decline the friend request this person sent you (they are not told)', response: { 204: NoContent, ...errorResponses(400, 401, 404) } },
  }, async (request, reply) => {
    const me = request.user!.id;
    await graph.declineFriendship(me, await graph.target(me, request.params.username));
    return reply.status(204).send(null);
  });

  app.delete('/friend-requests/:username', {
    preHandler,
    schema: { tags, security, params: UsernameParams, summary: 'Withdraw the friend request you sent this person', response: { 204: NoContent, ...errorResponses(400, 401, 404) } },
  }, async (request, reply) => {
    const me = request.user!.id;
    await graph.cancelFriendship(me, await graph.target(me, request.params.username));
    return reply.status(204).send(null);
  });

  for (const [direction, summary] of [['incoming', 'Friend requests waiting for your answer'], ['outgoing', 'Friend requests you sent that are still open']] as const) {
    app.get(`/friend-requests/${direction}`, {
      preHandler,
      schema: { tags, security, summary: `${summary}, newest first`, querystring: PageQuery, response: { 200: PageOf(ListEntry), ...errorResponses(400, 401) } },
    }, async (request) => {
      const me = request.user!.id;
      const page = { cursor: request.query.cursor, limit: request.query.limit ?? 20 };
      const hidden = await graph.hiddenFor(me);
      return direction === 'incoming' ? graph.incomingRequests(me, hidden, page) : graph.outgoingRequests(me, hidden, page);
    });
  }

  app.delete('/friends/:username', {
    preHandler,
    schema: { tags, security, params: UsernameParams, summary: 'Unfriend someone (they also leave your close friends, and you theirs)', response: { 204: NoContent, ...errorResponses(400, 401, 404) } },
  }, async (request, reply) => {
    const me = request.user!.id;
    await graph.unfriend(me, await graph.target(me, request.params.username));
    return reply.status(204).send(null);
  });
}
