import { Type, definePlugin } from '@petamigos/core';
import { entities } from './entities/index.js';
import { FeedEvents, type PostCreatedPayload } from './events.js';
import { feedRoutes, MODERATE_POSTS } from './routes/index.js';
import { deleteUserData, exportUserData } from './services/account-data.js';
import { feedServices } from './services/feed-service.js';
import type { PostRef } from './services/audience.js';
import { FeedSettings, type FeedContext } from './settings.js';
import { feedStats, postModeration } from './services/moderation.js';
import { VIDEO_JOB_RETRIES } from './services/videos.js';

export * from './events.js';
export { FeedSettings } from './settings.js';
export { VISIBILITIES, REACTIONS, type Visibility, type ReactionKind } from './entities/index.js';
export type { PostView } from './services/posts.js';

/** Drop the cached home lists of both people when their tie changes: the next read rebuilds them. */
const forgetBoth = (a: string, b: string) => async (ctx: FeedContext) => {
  const { home } = feedServices(ctx);
  await home.forget(a);
  await home.forget(b);
};

/** Friendship begun or ended: both people's friends-only posts have other readers in search now. */
const friendsChanged = (a: string, b: string) => async (ctx: FeedContext) => {
  await forgetBoth(a, b)(ctx);
  await feedServices(ctx).posts.search.reindexRestricted([a, b]);
};

/**
 * Posts, comments, reactions, polls and the home timeline. Requires `social` for who is whose
 * friend, follower and close friend; blocks are the kernel's.
 */
export default definePlugin<typeof FeedSettings>({
  name: 'feed',
  version: '0.1.0',
  kernel: '^0.1.0',
  description: 'Posts, comments, reactions, polls and the home feed',
  requires: { social: '^0.1.0' },
  settings: FeedSettings,
  entities,
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('../locales/', import.meta.url),
  permissions: {
    [MODERATE_POSTS]: { description: 'Delete anyone\'s posts and comments, and restore deleted posts for 30 days', roles: ['moderator'] },
  },
  events: {
    emits: FeedEvents,
    handles: {
      'feed.post.created': {
        retries: 5,
        handler: async (payload: PostCreatedPayload, ctx) => {
          const { home, posts, newPosts } = feedServices(ctx);
          await posts.search.index(payload.postId);
          await home.fanOut(payload);
          await newPosts.announce(payload);
        },
      },
      'social.friendship.accepted': { handler: (p: { requesterId: string; addresseeId: string }, ctx) => friendsChanged(p.requesterId, p.addresseeId)(ctx) },
      'social.friendship.removed': { handler: (p: { userId: string; friendId: string }, ctx) => friendsChanged(p.userId, p.friendId)(ctx) },
      'social.follow.created': { handler: (p: { followerId: string; followeeId: string }, ctx) => forgetBoth(p.followerId, p.followeeId)(ctx) },
      'social.follow.removed': { handler: (p: { followerId: string; followeeId: string }, ctx) => forgetBoth(p.followerId, p.followeeId)(ctx) },
    },
  },
  jobs: {
    // Transcodes an uploaded video to HLS with a poster. One at a time per worker: ffmpeg uses every core.
    video: {
      payload: Type.Object({ mediaId: Type.String({ format: 'uuid' }) }),
      concurrency: 1,
      retries: VIDEO_JOB_RETRIES,
      backoffMs: 2000,
      handler: (payload: { mediaId: string }, ctx, meta) => feedServices(ctx).videos.process(payload.mediaId, meta),
      recover: (ctx) => feedServices(ctx).videos.unfinished(),
    },
  },
  search: {
    posts: {
      fields: [{ name: 'text', weight: 'A' }, { name: 'hashtags', weight: 'B' }],
      language: { field: 'language' },
      source: (ctx) => feedServices(ctx as FeedContext).posts.search.source(),
    },
  },
  realtime: {
    channels: {
      // Reaction counts of one post, for whoever may see that post.
      post: {
        authorize: async (user, key, ctx) => {
          if (!/^[0-9a-f-]{36}$/i.test(key)) return false;
          const [post] = await ctx.db.query<PostRef>('select id, author_id, visibility, deleted_at from feed_post where id = ?', [key]);
          return !!post && feedServices(ctx).posts.audience.canSee(user?.id ?? null, post);
        },
      },
      // "N new posts": each new post that lands in this person's home feed. Theirs alone.
      home: { authorize: (user, key) => !!user && user.id === key },
    },
  },
  moderation: { items: { post: postModeration } },
  admin: {
    stats: (ctx) => feedStats(ctx),
    // The overview card built from admin/ (see README, "Admin overview").
    assets: new URL('../dist/admin/', import.meta.url),
    cards: [{ id: 'trending', title: 'admin.trending.title', module: 'trending-card.js' }],
  },
  routes: feedRoutes(feedServices),
  account: { exportUserData, deleteUserData },
  // The pages, slots and navigation entry built from web/ (see README, "Web pages").
  web: {
    assets: new URL('../dist/web/', import.meta.url),
    pages: [
      { path: '/', module: 'home-page.js', requiresAuth: true },
      { path: '/p/:id', module: 'post-page.js' },
      { path: '/tags/:tag', module: 'tag-page.js' },
    ],
    slots: [
      { slot: 'profile.tabs', module: 'profile-posts-tab.js', order: 10 },
      { slot: 'settings.sections', module: 'wellbeing-settings.js', order: 50 },
      { slot: 'app.global', module: 'wellbeing-heartbeat.js' },
    ],
    nav: [{ label: 'web.nav.home', path: '/', icon: 'home', order: 10 }],
  },
});
