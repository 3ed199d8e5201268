import Type from 'typebox';
import type { HttpApp } from '../../http/create-http-app.js';
import type { AccountsService } from '../accounts-service.js';
import { originOf, type AuthGuards } from '../guards.js';
import { errorResponses, Locale, Password, PrivateUserSchema, PublicUserSchema, TimeZone, Username } from '../schemas.js';

const strict = { additionalProperties: false } as const;

/** `/api/users/*`: your profile, other people's profiles, blocks, data export and account deletion. */
export async function userRoutes(app: HttpApp, accounts: AccountsService, guards: AuthGuards): Promise<void> {
  const tags = ['users'];
  const security = [{ bearer: [] }];

  app.get('/me', { preHandler: guards.requireUser, schema: { tags, summary: 'Your account', security, response: { 200: PrivateUserSchema, ...errorResponses(401) } } },
    async (request) => accounts.getPrivateUser(request.user!.id));

  app.patch('/me', {
    preHandler: guards.requireUser,
    schema: {
      tags, summary: 'Edit your profile', security,
      body: Type.Object({
        displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
        bio: Type.Optional(Type.String({ maxLength: 500 })),
        avatarUrl: Type.Optional(Type.Union([Type.String({ pattern: '^https?://', maxLength: 2000 }), Type.Null()])),
        language: Type.Optional(Locale),
        timezone: Type.Optional(TimeZone),
      }, strict),
      response: { 200: PrivateUserSchema, ...errorResponses(400, 401) },
    },
  }, async (request) => accounts.updateProfile(request.user!.id, request.body));

  app.get('/me/export', {
    preHandler: guards.requireUser,
    schema: { tags, summary: 'Download everything PetAmigos keeps about you (JSON)', security, response: { 200: Type.Record(Type.String(), Type.Unknown()), ...errorResponses(401) } },
  }, async (request, reply) => {
    reply.header('content-disposition', `attachment; filename="petamigos-${request.user!.username}.json"`);
    return accounts.exportData(request.user!.id);
  });

  app.delete('/me', {
    preHandler: guards.requireUser,
    schema: {
      tags, summary: 'Delete your account and your data', security,
      body: Type.Object({ password: Password, code: Type.Optional(Type.String()), recoveryCode: Type.Optional(Type.String()) }, strict),
      response: { 204: Type.Null(), ...errorResponses(400, 401) },
    },
  }, async (request, reply) => {
    await accounts.deleteAccount(request.user!, request.body, originOf(request));
    return reply.status(204).send(null);
  });

  app.get('/me/blocks', { preHandler: guards.requireUser, schema: { tags, summary: 'People you blocked', security, response: { 200: Type.Object({ items: Type.Array(PublicUserSchema) }), ...errorResponses(401) } } },
    async (request) => ({ items: await accounts.listBlocked(request.user!.id) }));

  const UsernameParams = Type.Object({ username: Username });
  app.get('/:username', { schema: { tags, summary: 'A public profile', params: UsernameParams, response: { 200: PublicUserSchema, ...errorResponses(400, 404) } } },
    async (request) => accounts.getPublicProfile(request.params.username, request.user?.id ?? null));

  app.post('/:username/block', { preHandler: guards.requireUser, schema: { tags, summary: 'Block someone: neither of you sees the other anywhere', security, params: UsernameParams, response: { 204: Type.Null(), ...errorResponses(400, 401, 404) } } },
    async (request, reply) => {
      await accounts.block(request.user!.id, request.params.username, originOf(request));
      return reply.status(204).send(null);
    });

  app.delete('/:username/block', { preHandler: guards.requireUser, schema: { tags, summary: 'Unblock someone', security, params: UsernameParams, response: { 204: Type.Null(), ...errorResponses(400, 401, 404) } } },
    async (request, reply) => {
      await accounts.unblock(request.user!.id, request.params.username);
      return reply.status(204).send(null);
    });
}
