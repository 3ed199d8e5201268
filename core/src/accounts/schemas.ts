import Type from 'typebox';
import { codeForStatus } from '../http/errors.js';

/** The kernel's error body, for response schemas (so the OpenAPI document shows every failure). */
export const ErrorBodySchema = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Unknown() }) },
  { description: 'Every error: a stable code, a human message, and details (which field, which rule, retryAfter…).' },
);

/** `{ 400: ErrorBody, 401: ErrorBody, ... }` for a route's response schema. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBodySchema> {
  return Object.fromEntries(statuses.map((s) => [s, { ...ErrorBodySchema, description: codeForStatus(s) }]));
}

const Role = Type.Union([Type.Literal('user'), Type.Literal('moderator'), Type.Literal('admin')]);
export { Role as RoleSchema };

export const Username = Type.String({ pattern: '^[A-Za-z0-9_]{3,30}$', description: '3–30 letters, digits or underscores; unique regardless of case.' });
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Password = Type.String({ minLength: 1, maxLength: 256 });
export const Locale = Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$', description: 'One of the supported locales, e.g. es-MX.' });
export const TimeZone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. America/Mexico_City.' });

export const PublicUserSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
  bio: Type.String(),
  verified: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const PrivateUserSchema = Type.Object({
  ...PublicUserSchema.properties,
  email: Type.String(),
  language: Type.String(),
  timezone: Type.String(),
  role: Role,
  emailVerified: Type.Boolean(),
  twoFactorEnabled: Type.Boolean(),
  lastActiveAt: Type.String({ format: 'date-time' }),
});

export const TokensSchema = Type.Object({
  accessToken: Type.String({ description: 'JWT, valid 15 minutes. Send as `Authorization: Bearer <token>`.' }),
  refreshToken: Type.String({ description: 'Opaque, valid 7 days, single use: every refresh returns a new one.' }),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'Seconds until the access token expires.' }),
  sessionId: Type.String({ format: 'uuid' }),
});

export const SessionSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  device: Type.String(),
  ip: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  current: Type.Boolean(),
});

export const AuditEntrySchema = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actorId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});
