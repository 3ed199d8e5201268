import type { PostCreatedPayload } from '../events.js';
import type { FeedContext } from '../settings.js';
import type { Audience } from './audience.js';
import { uuidArray } from './sql.js';

/** `GET /home/new-count` counts up to this many; a badge shows "99+" long before. */
export const NEW_COUNT_CAP = 100;
const BATCH = 50;
const LIVE_SLICE = 5000;

/**
 * The "N new posts" signal. Every new post is announced on `feed.home:<readerId>` to each reader
 * whose home feed it lands in — those fanned out on write and, the same way, the followers of
 * authors whose posts are merged at read time — but only to readers active in the last
 * `liveMinutes`: a live signal is for people with the app open, and it keeps a big author's post
 * from costing one message per follower. Whoever was away asks `GET /home/new-count?since=` when
 * they come back (or reconnect), which counts from the database and so misses nothing.
 */
export class NewPosts {
  constructor(private readonly ctx: FeedContext, private readonly audience: Audience) {}

  /** On `feed.post.created`. At-least-once, like the event: clients drop an id they already have. */
  async announce(event: PostCreatedPayload): Promise<void> {
    const readers = await this.audience.readersOf(event.authorId, event.visibility);
    const social = await this.audience.social();
    // The author wrote it: their own screen needs no "new post" badge for it.
    const candidates = readers === 'everyone' ? await social.audienceOf(event.authorId) : readers.filter((id) => id !== event.authorId);
    const live = await this.live(candidates);
    const message = { type: 'post', postId: event.postId, authorId: event.authorId, createdAt: event.createdAt };
    for (let i = 0; i < live.length; i += BATCH) {
      await Promise.all(live.slice(i, i + BATCH).map(async (readerId) => {
        // Someone who muted the author does not get the post in their feed, so no badge either.
        if ((await social.mutedBy(readerId)).includes(event.authorId)) return;
        await this.ctx.realtime.publish('home', readerId, message);
      }));
    }
  }

  /** Who of `ids` is around now. In slices, so a big author's follower list never becomes one giant parameter. */
  private async live(ids: string[]): Promise<string[]> {
    const live: string[] = [];
    for (let i = 0; i < ids.length; i += LIVE_SLICE) {
      const rows = await this.ctx.db.query<{ id: string }>(
        'select id from kernel_user where id = any(?::uuid[]) and last_active_at > now() - make_interval(mins => ?) and suspended_at is null',
        [uuidArray(ids.slice(i, i + LIVE_SLICE)), this.ctx.settings.liveMinutes],
      );
      live.push(...rows.map((r) => r.id));
    }
    return live;
  }

  /**
   * Posts in `userId`'s home feed newer than `since` (a post id, UUIDv7 so id order is time order),
   * other than their own: what the badge should say after a reconnect. Same condition as the feed.
   */
  async count(userId: string, since: string): Promise<{ count: number; capped: boolean }> {
    const graph = await this.audience.graphOf(userId, { withMuted: true });
    const { where, params } = this.audience.condition(graph, true);
    const rows = await this.ctx.db.query<{ id: string }>(
      `select p.id from feed_post p where ${where} and p.id > ? and p.author_id <> ? order by p.id limit ?`,
      [...params, since.toLowerCase(), userId, NEW_COUNT_CAP + 1],
    );
    return { count: Math.min(rows.length, NEW_COUNT_CAP), capped: rows.length > NEW_COUNT_CAP };
  }
}
