import { Type, type TSchema } from '@petamigos/core';
import { SPECIES } from '../entities/index.js';

export const strict = { additionalProperties: false } as const;
export const tags = ['social'];
export const security = [{ bearer: [] }];

/** The kernel's error body, so `/docs` shows every failure a route can answer. */
export const ErrorBody = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Unknown() }) },
  { description: 'Every error: a stable code, a human message, and details.' },
);

const STATUS_NAMES: Record<number, string> = {
  400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE',
};

export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((s) => [s, { ...ErrorBody, description: STATUS_NAMES[s] ?? 'ERROR' }]));
}

/** The kernel's username rule, so a malformed name is a 400 before any lookup. */
export const Username = Type.String({ pattern: '^[A-Za-z0-9_]{3,30}$', description: '3–30 letters, digits or underscores.' });
export const UsernameParams = Type.Object({ username: Username }, strict);
export const Uuid = Type.String({ format: 'uuid' });
export const PetParams = Type.Object({ id: Uuid }, strict);
export const PhotoParams = Type.Object({ id: Uuid, photoId: Uuid }, strict);
const DateTime = Type.String({ format: 'date-time' });

export const PublicUser = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
  bio: Type.String(),
  verified: Type.Boolean(),
  createdAt: DateTime,
});

export const Species = Type.Enum([...SPECIES], { description: 'One of: dog, cat, bird, rabbit, fish, reptile, rodent, horse, other.' });

export const Photo = Type.Object({
  id: Uuid,
  width: Type.Integer(),
  height: Type.Integer(),
  variants: Type.Array(Type.Object({
    name: Type.String({ description: '`small` (320 px), `medium` (768 px), `large` (1600 px); never wider than the upload.' }),
    format: Type.Enum(['webp', 'jpeg']),
    width: Type.Integer(),
    height: Type.Integer(),
    url: Type.String(),
  })),
  createdAt: DateTime,
});

export const Pet = Type.Object({
  id: Uuid,
  ownerId: Uuid,
  name: Type.String(),
  species: Species,
  breed: Type.Union([Type.String(), Type.Null()]),
  birthDate: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  bio: Type.String(),
  photos: Type.Array(Photo),
  createdAt: DateTime,
  updatedAt: DateTime,
});

const PetName = Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' });
const Breed = Type.Union([Type.String({ maxLength: 80 }), Type.Null()]);
const BirthDate = Type.Union([Type.String({ format: 'date', description: 'YYYY-MM-DD, not in the future.' }), Type.Null()]);
const PetBio = Type.String({ maxLength: 1000 });

export const PetCreateBody = Type.Object({
  name: PetName,
  species: Species,
  breed: Type.Optional(Breed),
  birthDate: Type.Optional(BirthDate),
  bio: Type.Optional(PetBio),
}, strict);

export const PetPatchBody = Type.Object({
  name: Type.Optional(PetName),
  species: Type.Optional(Species),
  breed: Type.Optional(Breed),
  birthDate: Type.Optional(BirthDate),
  bio: Type.Optional(PetBio),
}, { ...strict, minProperties: 1 });

export const PageQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The `nextCursor` of the previous page.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
}, strict);

export const ListEntry = Type.Object({ user: PublicUser, since: DateTime });

export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next page; null on the last.' }) });
}

export const Counts = Type.Object({ friends: Type.Integer(), followers: Type.Integer(), following: Type.Integer(), pets: Type.Integer() });

export const Relationship = Type.Object({
  friendship: Type.Enum(['none', 'friends', 'request_sent', 'request_received']),
  following: Type.Boolean({ description: 'You follow them.' }),
  followedBy: Type.Boolean({ description: 'They follow you.' }),
  muted: Type.Boolean(),
  closeFriend: Type.Boolean({ description: 'They are in your close-friends circle.' }),
});

export const Profile = Type.Object({
  user: PublicUser,
  pets: Type.Array(Pet),
  counts: Counts,
  relationship: Type.Union([Relationship, Type.Null()], { description: 'How you stand with them; null when signed out or on your own profile.' }),
});

export const FriendshipStatus = Type.Object({ status: Type.Enum(['pending', 'friends']) });
export const NoContent = Type.Null();
