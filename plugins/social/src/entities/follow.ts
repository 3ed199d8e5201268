import { EntitySchema } from '@petamigos/core';

/** A one-way follow: `followerId` sees `followeeId`'s public posts. */
export interface Follow {
  id: string;
  followerId: string;
  followeeId: string;
  createdAt: Date;
}

export const FollowEntity = new EntitySchema<Follow>({
  name: 'SocialFollow',
  tableName: 'social_follow',
  properties: {
    id: { type: 'uuid', primary: true },
    followerId: { type: 'uuid', fieldName: 'follower_id' },
    followeeId: { type: 'uuid', fieldName: 'followee_id' },
    createdAt: { type: 'Date', fieldName: 'created_at' },
  },
});
