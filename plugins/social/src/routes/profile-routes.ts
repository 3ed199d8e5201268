import type { PluginApp } from '@petamigos/core';
import { userNotFound } from '../services/people.js';
import type { RouteDeps } from './index.js';
import { ListEntry, PageOf, PageQuery, Profile, UsernameParams, errorResponses, tags } from './schemas.js';

/** Profiles and the public lists on them. Signed out works; a block either way reads as "no such user". */
export function profileRoutes(app: PluginApp, { ctx, graph, pets }: RouteDeps): void {
  /** The profile owner's id, and who must stay out of what the viewer is shown. */
  const visibleOwner = async (viewerId: string | null, username: string) => {
    const ownerId = await graph.people.idOf(username);
    const viewerHidden = viewerId ? await graph.hiddenFor(viewerId) : [];
    if (viewerHidden.includes(ownerId)) throw userNotFound();
    // People blocked with the owner are left out too: a blocked pair appears together nowhere.
    const exclude = [...new Set([...viewerHidden, ...(await ctx.accounts.hiddenUserIds(ownerId))])];
    return { ownerId, exclude };
  };

  app.get('/users/:username', {
    schema: { tags, summary: 'A profile: the person, their pets, their counts and how you stand with them', params: UsernameParams, response: { 200: Profile, ...errorResponses(400, 404) } },
  }, async (request) => {
    const viewerId = request.user?.id ?? null;
    const { ownerId, exclude } = await visibleOwner(viewerId, request.params.username);
    const [user, petViews, counts, relationship] = await Promise.all([
      graph.people.get(ownerId),
      pets.petsOf(ownerId),
      graph.counts(ownerId, exclude),
      viewerId && viewerId !== ownerId ? graph.relationship(viewerId, ownerId) : null,
    ]);
    return { user, pets: petViews, counts, relationship };
  });

  const lists = { friends: 'Their friends', followers: 'Who follows them', following: 'Whom they follow' } as const;
  for (const [list, summary] of Object.entries(lists) as Array<[keyof typeof lists, string]>) {
    app.get(`/users/:username/${list}`, {
      schema: { tags, summary: `${summary}, newest first`, params: UsernameParams, querystring: PageQuery, response: { 200: PageOf(ListEntry), ...errorResponses(400, 404) } },
    }, async (request) => {
      const { ownerId, exclude } = await visibleOwner(request.user?.id ?? null, request.params.username);
      const page = { cursor: request.query.cursor, limit: request.query.limit ?? 20 };
      return graph[list](ownerId, exclude, page);
    });
  }
}
