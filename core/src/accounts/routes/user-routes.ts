import Type from 'typebox';
import type { HttpApp } from '../../http/create-http-app.js';
import type { AccountsService } from '../accounts-service.js';
import { originOf, type AuthGuards } from '../guards.js';
import { randomUUID } from 'node:crypto';
import { HttpError } from '../../http/errors.js';
import type { Storage } from '../../services/storage/index.js';
import type { PluginMedia } from '../../plugins/manifest.js';

/** Deletes an avatar we stored (URLs set by hand, like an https link, are left alone). */
async function removeStoredAvatar(storage: Storage, url: string | null | undefined): Promise<void> {
  const key = url ? /kernel\/avatars\/[0-9a-f-]+\/[0-9a-f-]+\.webp/.exec(url)?.[0] : undefined;
  if (key) await storage.delete(key).catch(() => undefined);
}
import { errorResponses, Locale, Password, PrivateUserSchema, PublicUserSchema, TimeZone, Username } from '../schemas.js';

const strict = { additionalProperties: false } as const;

/** `/api/users/*`: your profile, other people's profiles, blocks, data export and account deletion. */
export async function userRoutes(app: HttpApp, accounts: AccountsService, guards: AuthGuards, files: { storage: Storage; media: PluginMedia }): Promise<void> {
  const tags = ['users'];
  const security = [{ bearer: [] }];

  // Avatars arrive as the raw image bytes; the pipeline checks they really are an image.
  app.addContentTypeParser(/^image\//, { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 }, (_request, body, done) => done(null, body));
  app.put('/me/avatar', {
    preHandler: guards.requireUser,
    schema: {
      tags, summary: 'Upload your avatar (raw image body; metadata and GPS are stripped)', security,
      consumes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'],
      response: { 200: PrivateUserSchema, ...errorResponses(401, 413, 415) },
    },
  }, async (request) => {
    const body = request.body as unknown;
    if (!Buffer.isBuffer(body)) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the image itself with an image/* content type.');
    const image = await files.media.processImage(body, { variants: [{ name: 'avatar', width: 256 }], jpegFallback: false });
    const variant = image.variants[0]!;
    const key = `kernel/avatars/${request.user!.id}/${randomUUID()}.webp`;
    await files.storage.put(key, variant.bytes, { accept: ['image/*'] });
    const previous = (await accounts.getUser(request.user!.id))?.avatar_url;
    const user = await accounts.updateProfile(request.user!.id, { avatarUrl: await files.storage.url(key) });
    await removeStoredAvatar(files.storage, previous);
    return user;
  });

  app.delete('/me/avatar', {
    preHandler: guards.requireUser,
    schema: { tags, summary: 'Remove your avatar', security, response: { 200: PrivateUserSchema, ...errorResponses(401) } },
  }, async (request) => {
    const previous = (await accounts.getUser(request.user!.id))?.avatar_url;
    const user = await accounts.updateProfile(request.user!.id, { avatarUrl: null });
    await removeStoredAvatar(files.storage, previous);
    return user;
  });

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
    const avatar = (await accounts.getUser(request.user!.id))?.avatar_url;
    await accounts.deleteAccount(request.user!, request.body, originOf(request));
    await removeStoredAvatar(files.storage, avatar);
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
