import Type from 'typebox';
import { originOf, type AuthGuards } from '../accounts/guards.js';
import { errorResponses, RoleSchema } from '../accounts/schemas.js';
import type { HttpApp } from '../http/create-http-app.js';
import type { ModerationService } from './moderation-service.js';

const strict = { additionalProperties: false } as const;
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const Person = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  avatarUrl: Nullable(Type.String()),
  role: RoleSchema,
  status: Type.Union([Type.Literal('active'), Type.Literal('suspended')]),
});

const Action = Type.Union([Type.Literal('dismiss'), Type.Literal('remove'), Type.Literal('warn'), Type.Literal('suspend')]);

export const ReportCaseSchema = Type.Object({
  id: Type.String({ format: 'uuid', description: 'The case: every open report on one item. Resolve it with this id.' }),
  plugin: Type.String(),
  itemType: Type.String(),
  itemId: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('resolved')]),
  item: Nullable(Type.Object({
    title: Type.String(),
    text: Type.String(),
    url: Nullable(Type.String()),
    authorId: Nullable(Type.String()),
    media: Type.Optional(Type.Array(Type.Object({ type: Type.Union([Type.Literal('image'), Type.Literal('video')]), url: Type.String(), width: Type.Optional(Type.Number()), height: Type.Optional(Type.Number()) }))),
    removed: Type.Optional(Type.Boolean()),
  }, { description: "The item as its plugin describes it now; null when it is gone or its plugin is disabled." })),
  author: Nullable(Person),
  reporterCount: Type.Integer(),
  reports: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), reporter: Nullable(Person), reason: Type.String(), details: Type.String(), createdAt: DateTime }), { description: 'Oldest first, at most 20.' }),
  openedAt: DateTime,
  lastReportedAt: DateTime,
  resolution: Nullable(Type.Object({ action: Action, reason: Type.String(), moderator: Nullable(Person), at: DateTime })),
});

/** `/api/admin/reports`: the moderation queue of every plugin, and its resolutions. */
export async function moderationRoutes(app: HttpApp, moderation: ModerationService, guards: AuthGuards): Promise<void> {
  const tags = ['admin'];
  const security = [{ bearer: [] }];
  const guard = guards.requirePermission('kernel.moderation.manage');
  const Params = Type.Object({ id: Type.String({ format: 'uuid', description: 'A case id, or the id of any report in it.' }) });

  app.get('/', {
    preHandler: guard,
    schema: {
      tags, summary: 'The moderation queue: open cases oldest first, resolved ones newest first', security,
      querystring: Type.Object({
        status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')], { default: 'open' })),
        plugin: Type.Optional(Type.String({ maxLength: 100 })),
        cursor: Type.Optional(Type.String({ maxLength: 100 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
      }, strict),
      response: { 200: Type.Object({ items: Type.Array(ReportCaseSchema), nextCursor: Nullable(Type.String()) }), ...errorResponses(400, 401, 403) },
    },
  }, async (request) => moderation.list({ status: request.query.status ?? 'open', plugin: request.query.plugin, cursor: request.query.cursor, limit: request.query.limit ?? 20 }));

  app.get('/:id', {
    preHandler: guard,
    schema: { tags, summary: 'One case with its reports and the reported item', security, params: Params, response: { 200: ReportCaseSchema, ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => moderation.get(request.params.id));

  app.post('/:id/resolve', {
    preHandler: guard,
    schema: {
      tags, security, params: Params,
      summary: 'Resolve every open report on the item: dismiss, remove it, warn its author, or remove it and suspend its author; every reporter is told the outcome',
      body: Type.Object({ action: Action, reason: Type.String({ minLength: 3, maxLength: 1000, description: 'Kept with the case and in the audit log; a warned author reads it.' }) }, strict),
      response: { 200: ReportCaseSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => moderation.resolve(request.user!, request.params.id, request.body, originOf(request)));
}
