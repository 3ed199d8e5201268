import { EntitySchema } from '@petamigos/core';

/** A member of `ownerId`'s close-friends circle; always one of their friends. Private to the owner. */
export interface CloseFriend {
  id: string;
  ownerId: string;
  friendId: string;
  createdAt: Date;
}

export const CloseFriendEntity = new EntitySchema<CloseFriend>({
  name: 'SocialCloseFriend',
  tableName: 'social_close_friend',
  properties: {
    id: { type: 'uuid', primary: true },
    ownerId: { type: 'uuid', fieldName: 'owner_id' },
    friendId: { type: 'uuid', fieldName: 'friend_id' },
    createdAt: { type: 'Date', fieldName: 'created_at' },
  },
});
