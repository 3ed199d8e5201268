import { HttpError } from '@petamigos/core';
import type { SocialService } from '@petamigos/plugin-social';
import type { Visibility } from '../entities/index.js';
import type { FeedContext } from '../settings.js';
import { uuidArray } from './sql.js';

/** What one viewer may see, computed once per request and turned into one SQL condition. */
export interface ViewerGraph {
  viewerId: string | null;
  friends: string[];
  following: string[];
  /** Authors whose close-friends circle holds the viewer. */
  circleOf: string[];
  /** Blocked either way, or muted by the viewer: never in their feeds. */
  hidden: string[];
}

export interface PostRef {
  id: string;
  author_id: string;
  visibility: Visibility;
  deleted_at: Date | string | null;
}

/**
 * Every visibility decision of the feed goes through here, so a single post, a feed page, a
 * comment list and a realtime subscription all answer the same question the same way.
 */
export class Audience {
  constructor(private readonly ctx: FeedContext) {}

  social(): Promise<SocialService> {
    return this.ctx.plugins.service<SocialService>('social');
  }

  async canSee(viewerId: string | null, post: PostRef): Promise<boolean> {
    if (post.deleted_at) return false;
    if (viewerId === post.author_id) return true;
    if (viewerId && (await this.ctx.accounts.isBlocked(viewerId, post.author_id))) return false;
    switch (post.visibility) {
      case 'public': return true;
      case 'friends': return viewerId !== null && (await this.social()).areFriends(viewerId, post.author_id);
      case 'close_friends': return viewerId !== null && (await this.social()).inCircle(post.author_id, viewerId);
      default: return false;
    }
  }

  /**
   * Which of `ids` the viewer may see, by the same rules as `canSee`, in one query after the
   * viewer's graph: for checking a page of posts without a round trip per post.
   */
  async visibleIds(viewerId: string | null, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const { where, params } = this.condition(await this.graphOf(viewerId), false);
    const rows = await this.ctx.db.query<{ id: string }>(`select p.id from feed_post p where ${where} and p.id = any(?::uuid[])`, [...params, uuidArray(ids)]);
    return new Set(rows.map((r) => r.id));
  }

  /** The post, or 404 for anyone who may not see it: a hidden post is indistinguishable from none. */
  async visiblePost<T extends PostRef>(viewerId: string | null, id: string): Promise<T> {
    const [post] = await this.ctx.db.query<T>('select * from feed_post where id = ?', [id]);
    if (!post || !(await this.canSee(viewerId, post))) throw new HttpError(404, 'POST_NOT_FOUND', 'No such post.');
    return post;
  }

  async graphOf(viewerId: string | null, options: { withMuted?: boolean } = {}): Promise<ViewerGraph> {
    if (!viewerId) return { viewerId, friends: [], following: [], circleOf: [], hidden: [] };
    const social = await this.social();
    // A fixed handful of queries however large the network: one per list, none per person in it.
    const [friends, following, circleOf, blocked, muted] = await Promise.all([
      social.friendsOf(viewerId), social.followingOf(viewerId), social.circlesContaining(viewerId), this.ctx.accounts.hiddenUserIds(viewerId),
      options.withMuted ? social.mutedBy(viewerId) : Promise.resolve([]),
    ]);
    return { viewerId, friends, following, circleOf, hidden: [...new Set([...blocked, ...muted])] };
  }

  /**
   * The SQL condition (on alias `p`) for posts `graph.viewerId` may see, with its parameters.
   * `onlyNetwork` narrows it to the home feed's authors: the viewer, friends, followed people.
   */
  condition(graph: ViewerGraph, onlyNetwork: boolean): { where: string; params: unknown[] } {
    const me = graph.viewerId;
    const hidden = uuidArray(graph.hidden);
    if (!me) return { where: `p.deleted_at is null and p.visibility = 'public'`, params: [] };
    const parts = [
      'p.author_id = ?',
      `(p.author_id = any(?::uuid[]) and p.visibility in ('public', 'friends'))`,
      `(p.author_id = any(?::uuid[]) and p.visibility = 'close_friends')`,
      onlyNetwork ? `(p.author_id = any(?::uuid[]) and p.visibility = 'public')` : `p.visibility = 'public'`,
    ];
    const params: unknown[] = [me, uuidArray(graph.friends), uuidArray(graph.circleOf)];
    if (onlyNetwork) params.push(uuidArray(graph.following));
    return {
      where: `p.deleted_at is null and (${parts.join(' or ')}) and not (p.author_id = any(?::uuid[]))`,
      params: [...params, hidden],
    };
  }

  /** Who may read a post besides its author: for search documents and fan-out. */
  async readersOf(authorId: string, visibility: Visibility): Promise<string[] | 'everyone'> {
    const social = await this.social();
    switch (visibility) {
      case 'public': return 'everyone';
      case 'friends': return social.friendsOf(authorId);
      case 'close_friends': return social.circleMembers(authorId);
      default: return [];
    }
  }
}
