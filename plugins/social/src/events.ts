import { Type, type Static } from '@petamigos/core';

/*
 * What the social graph tells other plugins. Delivery is at least once (the kernel's outbox), so
 * handlers must be idempotent; every payload names both people, so a handler never has to ask
 * the graph what the event was about.
 */

const UserId = Type.String({ format: 'uuid' });
const At = Type.String({ format: 'date-time' });
const strict = { additionalProperties: false } as const;

export const FriendshipRequested = Type.Object({ requesterId: UserId, addresseeId: UserId, requestedAt: At }, strict);
/** `addresseeId` is who said yes (when two people asked each other at once, the second to ask). */
export const FriendshipAccepted = Type.Object({ friendshipId: Type.String({ format: 'uuid' }), requesterId: UserId, addresseeId: UserId, acceptedAt: At }, strict);
export const FriendshipDeclined = Type.Object({ requesterId: UserId, addresseeId: UserId }, strict);
export const FriendshipCancelled = Type.Object({ requesterId: UserId, addresseeId: UserId }, strict);
/**
 * `userId` ended the friendship with `friendId`. With reason `blocked` one of them blocked the
 * other (through the kernel) and `userId` is merely whoever the plugin noticed it for first.
 */
export const FriendshipRemoved = Type.Object({ userId: UserId, friendId: UserId, reason: Type.Enum(['unfriended', 'blocked']) }, strict);
export const FollowCreated = Type.Object({ followId: Type.String({ format: 'uuid' }), followerId: UserId, followeeId: UserId, followedAt: At }, strict);
export const FollowRemoved = Type.Object({ followerId: UserId, followeeId: UserId, reason: Type.Enum(['unfollowed', 'blocked']) }, strict);

export const SocialEvents = {
  'social.friendship.requested': FriendshipRequested,
  'social.friendship.accepted': FriendshipAccepted,
  'social.friendship.declined': FriendshipDeclined,
  'social.friendship.cancelled': FriendshipCancelled,
  'social.friendship.removed': FriendshipRemoved,
  'social.follow.created': FollowCreated,
  'social.follow.removed': FollowRemoved,
} as const;

export type SocialEventName = keyof typeof SocialEvents;

export type FriendshipRequestedPayload = Static<typeof FriendshipRequested>;
export type FriendshipAcceptedPayload = Static<typeof FriendshipAccepted>;
export type FriendshipDeclinedPayload = Static<typeof FriendshipDeclined>;
export type FriendshipCancelledPayload = Static<typeof FriendshipCancelled>;
export type FriendshipRemovedPayload = Static<typeof FriendshipRemoved>;
export type FollowCreatedPayload = Static<typeof FollowCreated>;
export type FollowRemovedPayload = Static<typeof FollowRemoved>;

declare module '@petamigos/core' {
  interface PetAmigosEvents {
    'social.friendship.requested': FriendshipRequestedPayload;
    'social.friendship.accepted': FriendshipAcceptedPayload;
    'social.friendship.declined': FriendshipDeclinedPayload;
    'social.friendship.cancelled': FriendshipCancelledPayload;
    'social.friendship.removed': FriendshipRemovedPayload;
    'social.follow.created': FollowCreatedPayload;
    'social.follow.removed': FollowRemovedPayload;
  }
}
