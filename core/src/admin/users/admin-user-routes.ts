import Type from 'typebox';
import type { MikroORM } from '@mikro-orm/postgresql';
import { originOf, type AuthGuards } from '../../accounts/guards.js';
import { auditPage, AuditPageSchema } from '../../accounts/routes/admin-routes.js';
import { errorResponses, RoleSchema } from '../../accounts/schemas.js';
import { sqlFor } from '../../accounts/sql.js';
import type { HttpApp } from '../../http/create-http-app.js';
import type { AdminUsers } from './admin-users.js';

const strict = { additionalProperties: false } as const;
const DateTime = Type.String({ format: 'date-time' });

export const AdminUserSummarySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.String(),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
  role: RoleSchema,
  status: Type.Union([Type.Literal('active'), Type.Literal('suspended')]),
  emailVerified: Type.Boolean(),
  createdAt: DateTime,
  lastActiveAt: DateTime,
});

export const AdminUserDetailSchema = Type.Object({
  ...AdminUserSummarySchema.properties,
  bio: Type.String(),
  language: Type.String(),
  timezone: Type.String(),
  suspension: Type.Union([Type.Object({ at: DateTime, reason: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  twoFactorEnabled: Type.Boolean(),
  activeSessions: Type.Integer({ description: 'Sessions neither revoked nor expired.' }),
  lockedUntil: Type.Union([DateTime, Type.Null()], { description: 'Set while failed log-ins keep the account waiting.' }),
});

/**
 * `/api/admin/users`: search and inspect accounts, sign someone out everywhere, reset their 2FA,
 * read their audit trail. Role changes and suspensions are in `accounts/routes/admin-routes.ts`.
 */
export async function adminUserRoutes(app: HttpApp, users: AdminUsers, guards: AuthGuards, orm: MikroORM): Promise<void> {
  const tags = ['admin'];
  const security = [{ bearer: [] }];
  const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
  const read = guards.requirePermission('kernel.users.read');
  const manage = guards.requirePermission('kernel.users.manage');

  app.get('/', {
    preHandler: read,
    schema: {
      tags, summary: 'Search accounts, newest first', security,
      querystring: Type.Object({
        q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of a username, email or display name (any case).' })),
        role: Type.Optional(RoleSchema),
        status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])),
        cursor: Type.Optional(Type.String({ maxLength: 100 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
      }, strict),
      response: { 200: Type.Object({ items: Type.Array(AdminUserSummarySchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses(400, 401, 403) },
    },
  }, async (request) => users.search({ ...request.query, limit: request.query.limit ?? 20 }));

  app.get('/:id', {
    preHandler: read,
    schema: { tags, summary: 'One account: role, status and suspension reason, 2FA, email verification, activity, sessions', security, params: Params, response: { 200: AdminUserDetailSchema, ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => users.detail(request.params.id));

  app.post('/:id/sign-out', {
    preHandler: manage,
    schema: {
      tags, summary: 'Sign a user out of every session (every refresh token stops working at once)', security, params: Params,
      response: { 200: Type.Object({ revokedSessions: Type.Integer() }), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => ({ revokedSessions: await users.signOutEverywhere(request.user!, request.params.id, originOf(request)) }));

  app.post('/:id/two-factor/reset', {
    preHandler: manage,
    schema: { tags, summary: "Turn off a user's two-factor authentication and drop their recovery codes", security, params: Params, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request, reply) => {
    await users.resetTwoFactor(request.user!, request.params.id, originOf(request));
    return reply.status(204).send(null);
  });

  app.get('/:id/audit', {
    preHandler: guards.requirePermission('kernel.audit.read'),
    schema: {
      tags, summary: "A user's audit trail: what they did and what was done to them, newest first", security, params: Params,
      querystring: Type.Object({
        action: Type.Optional(Type.String({ maxLength: 100, description: 'Exact action, or a family ending in a dot (`auth.`).' })),
        cursor: Type.Optional(Type.String({ maxLength: 100 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
      }, strict),
      response: { 200: AuditPageSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    await users.detail(request.params.id);
    return auditPage(sqlFor(orm), { userId: request.params.id, action: request.query.action }, request.query.cursor, request.query.limit ?? 20);
  });
}
