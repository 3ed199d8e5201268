import Type from 'typebox';
import type { HttpApp } from '../../http/create-http-app.js';
import type { ResolvedConfig } from '../../config/resolved.js';
import type { AccountsService } from '../accounts-service.js';
import { AttemptLimiter } from '../attempt-limiter.js';
import type { Cache } from '../../services/cache/index.js';
import { originOf, type AuthGuards } from '../guards.js';
import { Email, errorResponses, Locale, Password, PrivateUserSchema, SessionSchema, TimeZone, TokensSchema, Username } from '../schemas.js';

const strict = { additionalProperties: false } as const;
const Code = Type.String({ pattern: '^\\s*\\d{6}\\s*$', description: 'Six-digit code from the authenticator app.' });
const RecoveryCode = Type.String({ minLength: 6, maxLength: 20 });

/** `/api/auth/*`: sign-up, log-in, sessions, password, email verification, two-factor. */
export async function authRoutes(app: HttpApp, accounts: AccountsService, guards: AuthGuards, config: ResolvedConfig, cache: Cache): Promise<void> {
  const { max, timeWindow } = config.security.authRateLimit;
  // Per IP on every abuse-prone route; per account inside the handlers below.
  const perIp = { rateLimit: { max, timeWindow } };
  const perAccount = new AttemptLimiter(cache.namespace('auth-attempts'), max, timeWindow);
  const tags = ['auth'];

  app.post('/register', {
    config: perIp,
    schema: {
      tags, summary: 'Create an account',
      body: Type.Object({ username: Username, email: Email, password: Password, displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })), language: Type.Optional(Locale), timezone: Type.Optional(TimeZone) }, strict),
      response: { 201: Type.Object({ user: PrivateUserSchema, tokens: Type.Union([TokensSchema, Type.Null()]) }), ...errorResponses(400, 403, 409, 429) },
    },
  }, async (request, reply) => reply.status(201).send(await accounts.register(request.body, originOf(request))));

  app.post('/login', {
    config: perIp,
    schema: {
      tags, summary: 'Log in with username or email; add `code` or `recoveryCode` when two-factor is on',
      body: Type.Object({ login: Type.String({ minLength: 1, maxLength: 254 }), password: Password, code: Type.Optional(Code), recoveryCode: Type.Optional(RecoveryCode) }, strict),
      response: { 200: Type.Object({ user: PrivateUserSchema, tokens: TokensSchema }), ...errorResponses(400, 401, 403, 429) },
    },
  }, async (request) => {
    await perAccount.hit(`login:${request.body.login.toLowerCase()}`);
    return accounts.login(request.body, originOf(request));
  });

  app.post('/refresh', {
    config: perIp,
    schema: { tags, summary: 'Exchange a refresh token for new tokens (the old one is spent)', body: Type.Object({ refreshToken: Type.String({ minLength: 10, maxLength: 200 }) }, strict), response: { 200: TokensSchema, ...errorResponses(400, 401, 403, 429) } },
  }, async (request) => accounts.refresh(request.body.refreshToken, originOf(request)));

  app.post('/logout', {
    preHandler: guards.requireUser,
    schema: { tags, summary: 'Sign out this session', security: [{ bearer: [] }], response: { 204: Type.Null(), ...errorResponses(401) } },
  }, async (request, reply) => {
    await accounts.revokeSession(request.user!.id, request.user!.sessionId, originOf(request));
    return reply.status(204).send(null);
  });

  app.get('/sessions', {
    preHandler: guards.requireUser,
    schema: { tags, summary: 'Your signed-in sessions', security: [{ bearer: [] }], response: { 200: Type.Object({ items: Type.Array(SessionSchema) }), ...errorResponses(401) } },
  }, async (request) => ({ items: await accounts.listSessions(request.user!.id, request.user!.sessionId) }));

  app.delete('/sessions/:id', {
    preHandler: guards.requireUser,
    schema: { tags, summary: 'Sign out one of your sessions', security: [{ bearer: [] }], params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 204: Type.Null(), ...errorResponses(400, 401, 404) } },
  }, async (request, reply) => {
    await accounts.revokeSession(request.user!.id, request.params.id, originOf(request));
    return reply.status(204).send(null);
  });

  app.post('/password', {
    preHandler: guards.requireUser,
    config: perIp,
    schema: {
      tags, summary: 'Change your password; every other session is signed out', security: [{ bearer: [] }],
      body: Type.Object({ currentPassword: Password, newPassword: Password }, strict),
      response: { 200: Type.Object({ revokedSessions: Type.Integer() }), ...errorResponses(400, 401, 429) },
    },
  }, async (request) => {
    await perAccount.hit(`password:${request.user!.id}`);
    return accounts.changePassword(request.user!, request.body, originOf(request));
  });

  app.post('/verify-email/request', {
    preHandler: guards.requireUser,
    config: perIp,
    schema: { tags, summary: 'Send the email verification link again', security: [{ bearer: [] }], response: { 202: Type.Object({ accepted: Type.Literal(true) }), ...errorResponses(401, 429) } },
  }, async (request, reply) => {
    await perAccount.hit(`verify:${request.user!.id}`);
    await accounts.requestEmailVerification(request.user!.id);
    return reply.status(202).send({ accepted: true as const });
  });

  app.post('/verify-email', {
    config: perIp,
    schema: { tags, summary: 'Confirm an email address with the token from the mail', body: Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }) }, strict), response: { 204: Type.Null(), ...errorResponses(400, 429) } },
  }, async (request, reply) => {
    await accounts.verifyEmail(request.body.token, originOf(request));
    return reply.status(204).send(null);
  });

  app.post('/password-reset/request', {
    config: perIp,
    schema: { tags, summary: 'Mail a password reset link (answers the same whether or not the address has an account)', body: Type.Object({ email: Email }, strict), response: { 202: Type.Object({ accepted: Type.Literal(true) }), ...errorResponses(400, 429) } },
  }, async (request, reply) => {
    await perAccount.hit(`reset:${request.body.email.toLowerCase()}`);
    await accounts.requestPasswordReset(request.body.email, originOf(request));
    return reply.status(202).send({ accepted: true as const });
  });

  app.post('/password-reset', {
    config: perIp,
    schema: { tags, summary: 'Set a new password with the token from the mail; every session is signed out', body: Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }), newPassword: Password }, strict), response: { 204: Type.Null(), ...errorResponses(400, 429) } },
  }, async (request, reply) => {
    await accounts.resetPassword(request.body.token, request.body.newPassword, originOf(request));
    return reply.status(204).send(null);
  });

  app.post('/2fa/setup', {
    preHandler: guards.requireUser,
    schema: {
      tags, summary: 'Start two-factor enrolment: returns the secret, otpauth URI and a QR code', security: [{ bearer: [] }],
      response: { 200: Type.Object({ secret: Type.String(), otpauthUri: Type.String(), qrCodeDataUrl: Type.String() }), ...errorResponses(401, 409) },
    },
  }, async (request) => accounts.beginTwoFactor(request.user!));

  app.post('/2fa/confirm', {
    preHandler: guards.requireUser,
    config: perIp,
    schema: {
      tags, summary: 'Turn two-factor on with a first code; returns ten single-use recovery codes (shown once)', security: [{ bearer: [] }],
      body: Type.Object({ code: Code }, strict), response: { 200: Type.Object({ recoveryCodes: Type.Array(Type.String()) }), ...errorResponses(400, 401, 409, 429) },
    },
  }, async (request) => {
    await perAccount.hit(`2fa:${request.user!.id}`);
    return { recoveryCodes: await accounts.confirmTwoFactor(request.user!, request.body.code, originOf(request)) };
  });

  app.post('/2fa/disable', {
    preHandler: guards.requireUser,
    config: perIp,
    schema: {
      tags, summary: 'Turn two-factor off with a current code or a recovery code', security: [{ bearer: [] }],
      body: Type.Object({ code: Type.Optional(Code), recoveryCode: Type.Optional(RecoveryCode) }, strict), response: { 204: Type.Null(), ...errorResponses(400, 401, 409, 429) },
    },
  }, async (request, reply) => {
    await perAccount.hit(`2fa:${request.user!.id}`);
    await accounts.disableTwoFactor(request.user!, request.body, originOf(request));
    return reply.status(204).send(null);
  });
}
