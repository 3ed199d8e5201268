import Type from 'typebox';
import type { AccountsService } from '../../accounts/accounts-service.js';
import type { AuthGuards } from '../../accounts/guards.js';
import { errorResponses } from '../../accounts/schemas.js';
import type { HttpApp } from '../../http/create-http-app.js';
import { HttpError } from '../../http/errors.js';
import type { PluginSearchIndexes } from '../../plugins/plugin-search.js';

/**
 * `GET /api/search`: one search across the indexes of every enabled plugin. Visibility is enforced
 * by the engine for the asking user: private, removed and blocked people's documents never appear.
 */
export async function searchRoutes(app: HttpApp, indexes: PluginSearchIndexes, accounts: AccountsService, guards: AuthGuards): Promise<void> {
  app.get('/', {
    schema: {
      tags: ['search'],
      summary: 'Search everything you may see (posts, pets, listings… from enabled plugins)',
      querystring: Type.Object({
        q: Type.String({ maxLength: 200 }),
        index: Type.Optional(Type.String({ maxLength: 500, description: 'Comma-separated `<plugin>.<index>` names; default: all.' })),
        cursor: Type.Optional(Type.String({ maxLength: 500 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          hits: Type.Array(Type.Object({ index: Type.String(), id: Type.String(), score: Type.Number(), document: Type.Record(Type.String(), Type.Unknown()) })),
          nextCursor: Type.Union([Type.String(), Type.Null()]),
        }),
        ...errorResponses(400, 429),
      },
    },
  }, async (request) => {
    const enabled = indexes.enabledIndexes();
    const asked = request.query.index ? request.query.index.split(',').map((s) => s.trim()).filter(Boolean) : enabled;
    const unknown = asked.filter((i) => !enabled.includes(i));
    if (unknown.length > 0) throw new HttpError(400, 'UNKNOWN_INDEX', `No enabled plugin offers the search index ${unknown.join(', ')}.`, { available: enabled });
    if (asked.length === 0) return { hits: [], nextCursor: null };
    const viewer = request.user ? { userId: request.user.id, hiddenUserIds: await accounts.hiddenUserIds(request.user.id) } : { userId: null };
    const result = await indexes.engine.search({ q: request.query.q, index: asked, cursor: request.query.cursor, limit: request.query.limit, viewer, language: request.locale });
    return { hits: result.hits, nextCursor: result.nextCursor };
  });

  app.post('/reindex/:index', {
    preHandler: guards.requirePermission('kernel.jobs.manage'),
    schema: {
      tags: ['search', 'admin'], summary: 'Rebuild one index from its plugin\'s tables (a background job)', security: [{ bearer: [] }],
      params: Type.Object({ index: Type.String({ pattern: '^[a-z0-9-]+\\.[a-z0-9_.-]+$', maxLength: 200 }) }),
      response: { 202: Type.Object({ jobId: Type.String(), created: Type.Boolean() }), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    if (!indexes.enabledIndexes().includes(request.params.index)) throw new HttpError(404, 'UNKNOWN_INDEX', `No enabled plugin offers the search index ${request.params.index}.`);
    const job = await indexes.requestReindex(request.params.index);
    return reply.status(202).send({ jobId: job.id, created: job.created });
  });
}
