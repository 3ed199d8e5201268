import { EntitySchema } from '@petamigos/core';

export type FriendshipStatus = 'pending' | 'accepted';

/**
 * One row per pair of people, whoever asked first: a unique index on the unordered pair is what
 * keeps two crossing requests from becoming two rows. `pending` is a request from `requesterId` to
 * `addresseeId`; `accepted` is a friendship. Declining, cancelling and unfriending delete the row.
 * `id` is replaced when the request is accepted, so it always marks when the current state began
 * and every list pages by id alone.
 */
export interface Friendship {
  id: string;
  requesterId: string;
  addresseeId: string;
  status: FriendshipStatus;
  createdAt: Date;
  acceptedAt: Date | null;
}

export const FriendshipEntity = new EntitySchema<Friendship>({
  name: 'SocialFriendship',
  tableName: 'social_friendship',
  properties: {
    id: { type: 'uuid', primary: true },
    requesterId: { type: 'uuid', fieldName: 'requester_id' },
    addresseeId: { type: 'uuid', fieldName: 'addressee_id' },
    status: { type: 'string' },
    createdAt: { type: 'Date', fieldName: 'created_at' },
    acceptedAt: { type: 'Date', fieldName: 'accepted_at', nullable: true },
  },
});
