import type { SearchDocument } from '@petamigos/core';
import type { FeedContext } from '../settings.js';
import type { Audience } from './audience.js';
import { iso, uuidArray } from './sql.js';

interface IndexRow {
  id: string;
  author_id: string;
  text: string;
  visibility: 'public' | 'friends' | 'close_friends' | 'only_me';
  language: string | null;
  created_at: string;
  deleted_at: string | null;
  hashtags: string | null;
}

const SELECT = `select p.id, p.author_id, p.text, p.visibility, p.language, p.created_at, p.deleted_at,
  (select string_agg(h.tag, ' ') from feed_post_hashtag h where h.post_id = p.id) as hashtags from feed_post p`;

/**
 * Keeps `feed.posts` in the kernel's search in step with the posts table. The search service
 * enforces `visibility` in its own query, so a friends-only post carries its readers with it.
 */
export class SearchIndexer {
  constructor(private readonly ctx: FeedContext, private readonly audience: Audience) {}

  async index(postId: string): Promise<void> {
    const [row] = await this.ctx.db.query<IndexRow>(`${SELECT} where p.id = ?`, [postId]);
    if (!row || row.deleted_at) {
      await this.ctx.search.remove('posts', [postId]);
      return;
    }
    await this.ctx.search.upsert('posts', [await this.document(row)]);
  }

  async document(row: IndexRow): Promise<SearchDocument> {
    const readers = await this.audience.readersOf(row.author_id, row.visibility);
    return {
      id: row.id,
      text: row.text,
      hashtags: row.hashtags ?? '',
      ...(row.language ? { language: row.language } : {}),
      authorId: row.author_id,
      createdAt: iso(row.created_at),
      visibility: readers === 'everyone' ? { public: true, ownerId: row.author_id } : { public: false, ownerId: row.author_id, allowedUserIds: readers },
    };
  }

  /**
   * Friends-only and close-friends posts carry their readers, computed when written. When two
   * people become friends or stop being friends, the posts of both change readers: write them again.
   */
  async reindexRestricted(authorIds: string[]): Promise<number> {
    let after = '00000000-0000-0000-0000-000000000000';
    let count = 0;
    for (;;) {
      const rows = await this.ctx.db.query<IndexRow>(
        `${SELECT} where p.author_id = any(?::uuid[]) and p.visibility in ('friends', 'close_friends') and p.deleted_at is null and p.id > ? order by p.id limit 200`,
        [uuidArray(authorIds), after],
      );
      if (rows.length === 0) return count;
      await this.ctx.search.upsert('posts', await Promise.all(rows.map((r) => this.document(r))));
      count += rows.length;
      after = rows[rows.length - 1]!.id;
    }
  }

  /** Every live post, in batches, for `POST /api/search/reindex/feed.posts`. */
  async *source(): AsyncIterable<SearchDocument[]> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.ctx.db.query<IndexRow>(`${SELECT} where p.deleted_at is null and p.id > ? order by p.id limit 500`, [after]);
      if (rows.length === 0) return;
      yield await Promise.all(rows.map((r) => this.document(r)));
      after = rows[rows.length - 1]!.id;
    }
  }
}
