import { Type, type PluginContext, type Static } from '@petamigos/core';

export const FeedSettings = Type.Object(
  {
    fanoutMaxFollowers: Type.Integer({ minimum: 0, default: 5000, description: 'Authors with more followers are merged into home feeds at read time instead of fanned out on write.' }),
    homeCacheSize: Type.Integer({ minimum: 20, maximum: 10_000, default: 800, description: 'Post ids kept per user in the cached home list.' }),
    activeDays: Type.Integer({ minimum: 1, default: 14, description: 'Only users active in this many days get posts fanned out to their cached list.' }),
    maxImagesPerPost: Type.Integer({ minimum: 0, maximum: 20, default: 4 }),
    maxImageBytes: Type.Integer({ minimum: 1024, maximum: 104_857_600, default: 15_728_640, description: 'Largest image upload, in bytes.' }),
    restoreDays: Type.Integer({ minimum: 1, default: 30, description: 'Days during which moderators can restore a deleted post.' }),
    maxVideoBytes: Type.Integer({ minimum: 1024, maximum: 2_147_483_648, default: 536_870_912, description: 'Largest video upload, in bytes.' }),
    maxVideoSeconds: Type.Integer({ minimum: 1, maximum: 3600, default: 600, description: 'Longest video a post may carry, in seconds.' }),
    liveMinutes: Type.Integer({ minimum: 1, maximum: 1440, default: 15, description: 'New posts are announced live (feed.home:<userId>) to readers active this recently; others catch up with GET /home/new-count.' }),
  },
  { additionalProperties: false },
);

export type FeedSettings = Static<typeof FeedSettings>;
export type FeedContext = PluginContext<FeedSettings>;
