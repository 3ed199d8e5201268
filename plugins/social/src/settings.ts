import { Type, type PluginContext, type Static } from '@petamigos/core';

export const SocialSettings = Type.Object(
  {
    maxPetsPerUser: Type.Integer({ minimum: 1, maximum: 1000, default: 20, description: 'Pet profiles one person may have.' }),
    maxPhotosPerPet: Type.Integer({ minimum: 1, maximum: 1000, default: 30, description: 'Photos one pet profile may have.' }),
    maxPhotoBytes: Type.Integer({ minimum: 1024, maximum: 104_857_600, default: 15_728_640, description: 'Largest photo upload accepted, in bytes (default 15 MiB).' }),
  },
  { additionalProperties: false },
);

export type SocialSettings = Static<typeof SocialSettings>;
export type SocialContext = PluginContext<SocialSettings>;
