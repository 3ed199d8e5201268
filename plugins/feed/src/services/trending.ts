import type { FeedContext } from '../settings.js';
import { uuidArray } from './sql.js';

export interface TrendingTag {
  tag: string;
  /** Public, live posts of the last 24 hours with the tag. */
  posts: number;
  /** How many different people wrote them. */
  authors: number;
}

const WINDOW_MS = 24 * 3_600_000;

/**
 * The lowest UUIDv7 of an instant: ids start with their millisecond timestamp, so "posts of the
 * last day" is a range of the primary key rather than a scan of every post.
 */
export function uuidv7Floor(at: Date): string {
  const hex = Math.max(0, at.getTime()).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

/** Trending hashtags: public posts of the last 24 hours, without the people the viewer blocked (or who blocked them). */
export class Trending {
  constructor(private readonly ctx: FeedContext) {}

  async hashtags(viewerId: string | null, limit: number): Promise<TrendingTag[]> {
    const hidden = viewerId ? await this.ctx.accounts.hiddenUserIds(viewerId) : [];
    const since = new Date(Date.now() - WINDOW_MS);
    // Ranked by posts, then by distinct authors (so of two equally busy tags the one more people
    // use comes first), then by name for a stable order.
    const rows = await this.ctx.db.query<{ tag: string; posts: number; authors: number }>(
      `select h.tag, count(*)::int as posts, count(distinct p.author_id)::int as authors
         from feed_post p join feed_post_hashtag h on h.post_id = p.id
        where p.id >= ? and p.created_at > ? and p.visibility = 'public' and p.deleted_at is null
          and not (p.author_id = any(?::uuid[]))
        group by h.tag
        order by posts desc, authors desc, h.tag
        limit ?`,
      [uuidv7Floor(since), since, uuidArray(hidden), limit],
    );
    return rows.map((r) => ({ tag: r.tag, posts: Number(r.posts), authors: Number(r.authors) }));
  }
}
