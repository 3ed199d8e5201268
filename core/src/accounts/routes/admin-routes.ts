import Type from 'typebox';
import type { HttpApp } from '../../http/create-http-app.js';
import type { AccountsService } from '../accounts-service.js';
import { listAudit } from '../audit.js';
import { HttpError } from '../../http/errors.js';
import { originOf, type AuthGuards } from '../guards.js';
import { sqlFor, type Sql } from '../sql.js';
import { AuditEntrySchema, errorResponses, PrivateUserSchema, RoleSchema } from '../schemas.js';
import type { MikroORM } from '@mikro-orm/postgresql';

const strict = { additionalProperties: false } as const;

/** `/api/admin/*`: roles, suspensions, permission grants and the audit log. */
export async function adminRoutes(app: HttpApp, accounts: AccountsService, guards: AuthGuards, orm: MikroORM): Promise<void> {
  const tags = ['admin'];
  const security = [{ bearer: [] }];
  const UserParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

  app.put('/users/:id/role', {
    preHandler: guards.requirePermission('kernel.users.manage'),
    schema: { tags, summary: "Change a user's role", security, params: UserParams, body: Type.Object({ role: RoleSchema }, strict), response: { 200: PrivateUserSchema, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => accounts.setRole(request.user, request.params.id, request.body.role, originOf(request)));

  app.post('/users/:id/suspend', {
    preHandler: guards.requirePermission('kernel.users.manage'),
    schema: { tags, summary: 'Suspend a user (signs out every session)', security, params: UserParams, body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) }, strict), response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request, reply) => {
    await accounts.suspend(request.user, request.params.id, request.body.reason, originOf(request));
    return reply.status(204).send(null);
  });

  app.post('/users/:id/unsuspend', {
    preHandler: guards.requirePermission('kernel.users.manage'),
    schema: { tags, summary: 'Lift a suspension', security, params: UserParams, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    await accounts.unsuspend(request.user, request.params.id, originOf(request));
    return reply.status(204).send(null);
  });

  app.get('/permissions', {
    preHandler: guards.requirePermission('kernel.roles.manage'),
    schema: {
      tags, summary: 'Every permission the kernel and plugins declare, and which roles hold it', security,
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ permission: Type.String(), description: Type.String(), owner: Type.String(), roles: Type.Array(RoleSchema), granted: Type.Array(RoleSchema) })) }), ...errorResponses(401, 403) },
    },
  }, async () => ({ items: accounts.permissions.list() }));

  const GrantParams = Type.Object({ role: RoleSchema, permission: Type.String({ pattern: '^[a-z0-9-]+(\\.[a-z0-9-]+)+$' }) });
  app.put('/roles/:role/permissions/:permission', {
    preHandler: guards.requirePermission('kernel.roles.manage'),
    schema: { tags, summary: 'Grant an extra permission to a role', security, params: GrantParams, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    await accounts.grantPermission(request.user!, request.params.role, request.params.permission, true, originOf(request));
    return reply.status(204).send(null);
  });

  app.delete('/roles/:role/permissions/:permission', {
    preHandler: guards.requirePermission('kernel.roles.manage'),
    schema: { tags, summary: 'Take back an extra permission from a role', security, params: GrantParams, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    await accounts.grantPermission(request.user!, request.params.role, request.params.permission, false, originOf(request));
    return reply.status(204).send(null);
  });

  app.get('/audit', {
    preHandler: guards.requirePermission('kernel.audit.read'),
    schema: {
      tags, summary: 'Security and admin events, newest first', security,
      querystring: Type.Object({
        action: Type.Optional(Type.String({ maxLength: 100, description: 'Exact action, or a family ending in a dot (`auth.`, `admin.`).' })),
        actorId: Type.Optional(Type.String({ format: 'uuid', description: 'Who did it.' })),
        targetId: Type.Optional(Type.String({ maxLength: 100, description: 'What it was done to (a user id for user actions).' })),
        targetType: Type.Optional(Type.String({ maxLength: 50, description: '`user`, `session`, `role`, `plugin`, `report`…' })),
        userId: Type.Optional(Type.String({ format: 'uuid', description: 'Entries where this user is the actor or the target.' })),
        from: Type.Optional(Type.String({ format: 'date-time', description: 'Only entries at or after this time.' })),
        to: Type.Optional(Type.String({ format: 'date-time', description: 'Only entries before this time.' })),
        cursor: Type.Optional(Type.String({ maxLength: 100 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
      }, strict),
      response: { 200: AuditPageSchema, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const q = request.query;
    return auditPage(sqlFor(orm), { action: q.action, actorId: q.actorId, targetId: q.targetId, targetType: q.targetType, userId: q.userId, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined }, q.cursor, q.limit ?? 20);
  });
}

export const AuditPageSchema = Type.Object({ items: Type.Array(AuditEntrySchema), nextCursor: Type.Union([Type.String(), Type.Null()]) });

/** One page of the audit log, newest first; the cursor is the last entry's id, opaque to clients. */
export async function auditPage(sql: Sql, filter: Omit<Parameters<typeof listAudit>[1], 'before' | 'limit'>, cursor: string | undefined, limit: number) {
  const before = cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : undefined;
  if (before !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(before)) {
    throw new HttpError(400, 'INVALID_CURSOR', 'The cursor is not one this endpoint gave out.');
  }
  const rows = await listAudit(sql, { ...filter, before, limit: limit + 1 });
  const items = rows.slice(0, limit).map((r) => ({ ...r, at: r.at.toISOString() }));
  return { items, nextCursor: rows.length > limit ? Buffer.from(items[items.length - 1]!.id).toString('base64url') : null };
}
