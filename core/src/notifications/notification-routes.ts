import Type from 'typebox';
import type { AuthGuards } from '../accounts/guards.js';
import { errorResponses } from '../accounts/schemas.js';
import type { HttpApp } from '../http/create-http-app.js';
import type { NotificationService } from './notification-service.js';

const NotificationSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  actorIds: Type.Array(Type.String()),
  actorCount: Type.Integer(),
  target: Type.Union([Type.Object({ type: Type.String(), id: Type.String() }), Type.Null()]),
  textKey: Type.String(),
  text: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  read: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
// Underscores too: the kernel's own types read `kernel.moderation.report_resolved`.
const TypeName = Type.String({ pattern: '^[a-z0-9-]+\\.[a-z0-9._-]+$', maxLength: 100 });

/** `/api/notifications`: your notifications, unread count, mark read, per-type preferences. */
export async function notificationRoutes(app: HttpApp, notifications: NotificationService, guards: AuthGuards): Promise<void> {
  const tags = ['notifications'];
  const security = [{ bearer: [] }];
  app.get('/', {
    preHandler: guards.requireUser,
    schema: {
      tags, summary: 'Your notifications, newest activity first', security,
      querystring: Type.Object({ unread: Type.Optional(Type.Boolean()), cursor: Type.Optional(Type.String({ maxLength: 200 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(NotificationSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses(400, 401) },
    },
  }, async (request) => notifications.list(request.user!.id, { unreadOnly: request.query.unread, cursor: request.query.cursor, limit: request.query.limit ?? 20 }));

  app.get('/unread-count', {
    preHandler: guards.requireUser,
    schema: { tags, summary: 'How many unread notifications you have', security, response: { 200: Type.Object({ count: Type.Integer() }), ...errorResponses(401) } },
  }, async (request) => ({ count: await notifications.unreadCount(request.user!.id) }));

  app.post('/read', {
    preHandler: guards.requireUser,
    schema: {
      tags, summary: 'Mark some (ids) or all of your notifications read', security,
      body: Type.Union([Type.Object({ ids: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 200 }) }, { additionalProperties: false }), Type.Object({ all: Type.Literal(true) }, { additionalProperties: false })]),
      response: { 200: Type.Object({ marked: Type.Integer() }), ...errorResponses(400, 401) },
    },
  }, async (request) => ({ marked: await notifications.markRead(request.user!.id, 'all' in request.body ? 'all' : request.body.ids) }));

  app.get('/preferences', {
    preHandler: guards.requireUser,
    schema: { tags, summary: 'Your per-type choices (types not listed: in-app on, email off)', security, response: { 200: Type.Object({ items: Type.Array(Type.Object({ type: Type.String(), inApp: Type.Boolean(), email: Type.Boolean() })) }), ...errorResponses(401) } },
  }, async (request) => ({ items: await notifications.preferences(request.user!.id) }));

  app.put('/preferences/:type', {
    preHandler: guards.requireUser,
    schema: {
      tags, summary: 'Choose whether a type reaches you in the app and/or by email', security,
      params: Type.Object({ type: TypeName }), body: Type.Object({ inApp: Type.Boolean(), email: Type.Boolean() }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...errorResponses(400, 401) },
    },
  }, async (request, reply) => {
    await notifications.setPreference(request.user!.id, request.params.type, request.body);
    return reply.status(204).send(null);
  });
}
