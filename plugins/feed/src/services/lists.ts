import { HttpError } from '@petamigos/core';
import type { FeedContext } from '../settings.js';
import type { Audience } from './audience.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { Posts, PostView } from './posts.js';
import { uuidArray } from './sql.js';

/** Profile timelines and hashtag pages: the same visibility condition as every other read. */
export class PostLists {
  constructor(private readonly ctx: FeedContext, private readonly audience: Audience, private readonly posts: Posts) {}

  async profile(viewerId: string | null, username: string, cursor: string | undefined, limit: number): Promise<{ items: PostView[]; nextCursor: string | null }> {
    const author = await this.ctx.accounts.findByUsername(username);
    if (!author || (viewerId && viewerId !== author.id && (await this.ctx.accounts.isBlocked(viewerId, author.id)))) throw new HttpError(404, 'USER_NOT_FOUND', 'No such person.');
    return this.page(viewerId, 'p.author_id = ?', [author.id], cursor, limit);
  }

  async hashtag(viewerId: string | null, tag: string, cursor: string | undefined, limit: number): Promise<{ items: PostView[]; nextCursor: string | null }> {
    return this.page(viewerId, 'exists (select 1 from feed_post_hashtag h where h.post_id = p.id and h.tag = ?)', [tag.toLowerCase()], cursor, limit);
  }

  private async page(viewerId: string | null, filter: string, filterParams: unknown[], cursor: string | undefined, limit: number) {
    const before = decodeCursor(cursor);
    const graph = await this.audience.graphOf(viewerId);
    const { where, params } = this.audience.condition(graph, false);
    const rows = await this.ctx.db.query<{ id: string }>(
      `select p.id from feed_post p where ${where} and ${filter} and p.id < ? order by p.id desc limit ?`,
      [...params, ...filterParams, before ?? 'ffffffff-ffff-ffff-ffff-ffffffffffff', limit + 1],
    );
    const ids = rows.slice(0, limit).map((r) => r.id);
    return { items: await this.posts.hydrate(viewerId, ids), nextCursor: rows.length > limit ? encodeCursor(ids[ids.length - 1]!) : null };
  }
}
