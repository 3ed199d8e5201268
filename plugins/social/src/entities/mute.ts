import { EntitySchema } from '@petamigos/core';

/** `muterId` no longer sees `muteeId` in feeds; unlike a block, the mutee is not told and sees nothing change. */
export interface Mute {
  id: string;
  muterId: string;
  muteeId: string;
  createdAt: Date;
}

export const MuteEntity = new EntitySchema<Mute>({
  name: 'SocialMute',
  tableName: 'social_mute',
  properties: {
    id: { type: 'uuid', primary: true },
    muterId: { type: 'uuid', fieldName: 'muter_id' },
    muteeId: { type: 'uuid', fieldName: 'mutee_id' },
    createdAt: { type: 'Date', fieldName: 'created_at' },
  },
});
