import type { AdminStat, ModeratedItem, ModerationItemDeclaration } from '@petamigos/core';
import type { FeedContext, FeedSettings } from '../settings.js';
import { feedServices } from './feed-service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Posts in the kernel's moderation queue: moderators see the post whatever its visibility (and
 * after its deletion, to judge what was taken down); removing it is the feed's own soft delete,
 * so it stays restorable for `restoreDays`.
 */
export const postModeration: ModerationItemDeclaration<FeedSettings> = {
  async describe(ctx, id) {
    if (!UUID.test(id)) return null;
    const [post] = await ctx.db.query<{ author_id: string; text: string; deleted_at: string | null }>('select author_id, text, deleted_at from feed_post where id = ?', [id]);
    if (!post) return null;
    const [view] = await feedServices(ctx as FeedContext).posts.hydrate(null, [id]);
    const author = view?.author;
    return {
      title: author ? `Post by @${author.username}` : 'Post',
      text: post.text,
      url: `/p/${id}`,
      authorId: post.author_id,
      media: (view?.media ?? []).flatMap((m) => mediaOf(m as unknown as Record<string, unknown>)),
      removed: post.deleted_at !== null,
    };
  },
  async remove(ctx, id, by) {
    const [post] = await ctx.db.query<{ deleted_at: string | null }>('select deleted_at from feed_post where id = ?', [id]);
    if (!post || post.deleted_at) return;
    await feedServices(ctx as FeedContext).posts.remove(by.moderatorId, id, true);
  },
};

/** Posts on the admin overview. */
export async function feedStats(ctx: FeedContext): Promise<AdminStat[]> {
  const [row] = await ctx.db.query<{ total: number; recent: number }>(
    "select count(*)::int as total, count(*) filter (where created_at > now() - interval '24 hours')::int as recent from feed_post where deleted_at is null",
  );
  return [
    { id: 'posts.total', label: 'Posts', value: row?.total ?? 0 },
    { id: 'posts.last24Hours', label: 'Posts in the last 24 hours', value: row?.recent ?? 0 },
  ];
}

/** The largest picture, or a video's poster and playlist: what a moderator needs to see. */
function mediaOf(m: Record<string, unknown>): NonNullable<ModeratedItem['media']> {
  const size = { ...(typeof m.width === 'number' ? { width: m.width } : {}), ...(typeof m.height === 'number' ? { height: m.height } : {}) };
  if (m.kind === 'video') return typeof m.playlistUrl === 'string' ? [{ type: 'video', url: m.playlistUrl, ...size }] : [];
  const variants = Array.isArray(m.variants) ? (m.variants as Array<{ url?: unknown; width?: unknown }>) : [];
  const largest = [...variants].sort((a, b) => Number(b.width ?? 0) - Number(a.width ?? 0))[0];
  return typeof largest?.url === 'string' ? [{ type: 'image', url: largest.url, ...size }] : [];
}
