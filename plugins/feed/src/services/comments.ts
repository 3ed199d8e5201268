import { HttpError } from '@petamigos/core';
import { v7 as uuidv7 } from 'uuid';
import type { FeedContext } from '../settings.js';
import type { Audience } from './audience.js';
import { iso, sqlOf, uuidArray } from './sql.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { REACTIONS } from '../entities/index.js';

export const MAX_DEPTH = 3;

interface CommentRow {
  id: string;
  post_id: string;
  author_id: string;
  parent_id: string | null;
  depth: number;
  text: string;
  hidden: boolean;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
}

/** Comments nest three levels (a comment, a reply, a reply to the reply) so threads stay readable. */
export class Comments {
  constructor(private readonly ctx: FeedContext, private readonly audience: Audience) {}

  async create(userId: string, postId: string, text: string, parentId?: string): Promise<string> {
    const post = await this.audience.visiblePost(userId, postId);
    let depth = 1;
    if (parentId) {
      const [parent] = await this.ctx.db.query<CommentRow>('select * from feed_comment where id = ? and post_id = ? and deleted_at is null', [parentId, postId]);
      if (!parent) throw new HttpError(404, 'COMMENT_NOT_FOUND', 'No such comment on this post.');
      if (parent.depth >= MAX_DEPTH) throw new HttpError(400, 'COMMENT_TOO_DEEP', `Replies nest at most ${MAX_DEPTH} levels deep.`, { maxDepth: MAX_DEPTH });
      depth = parent.depth + 1;
    }
    const id = uuidv7();
    await this.ctx.db.transaction(async (em) => {
      await sqlOf(em)('insert into feed_comment (id, post_id, author_id, parent_id, depth, text) values (?, ?, ?, ?, ?, ?)', [id, postId, userId, parentId ?? null, depth, text.trim()]);
      await this.ctx.events.emit('feed.comment.created', { commentId: id, postId, authorId: userId, parentId: parentId ?? null });
    });
    await this.ctx.notifications.send({ type: 'comment', recipientId: post.author_id, actorId: userId, target: { type: 'post', id: postId }, textKey: 'notification.comment' });
    return id;
  }

  async list(viewerId: string | null, postId: string, cursor: string | undefined, limit: number) {
    const post = await this.audience.visiblePost(viewerId, postId);
    const after = decodeCursor(cursor);
    const hidden = viewerId ? await this.ctx.accounts.hiddenUserIds(viewerId) : [];
    // Oldest first, like a conversation. Hidden comments stay visible to the two people concerned.
    const rows = await this.ctx.db.query<CommentRow>(
      `select * from feed_comment where post_id = ? and deleted_at is null and id > ? and not (author_id = any(?::uuid[]))
         and (not hidden or author_id = ? or ? = ?) order by id limit ?`,
      [postId, after ?? '00000000-0000-0000-0000-000000000000', uuidArray(hidden), viewerId, viewerId ?? '', post.author_id, limit + 1],
    );
    const page = rows.slice(0, limit);
    const users = new Map((await this.ctx.accounts.getUsers([...new Set(page.map((r) => r.author_id))])).map((u) => [u.id, u]));
    const ids = uuidArray(page.map((r) => r.id));
    const counts = await this.ctx.db.query<{ target_id: string; kind: string; n: number }>(`select target_id, kind, n from feed_reaction_count where target_type = 'comment' and target_id = any(?::uuid[]) and n > 0`, [ids]);
    return {
      items: page.map((r) => {
        const u = users.get(r.author_id);
        const reactions: Record<string, number> = Object.fromEntries(REACTIONS.map((k) => [k, 0]));
        for (const c of counts) if (c.target_id === r.id) reactions[c.kind] = Number(c.n);
        return {
          id: r.id, postId: r.post_id, parentId: r.parent_id, depth: r.depth, text: r.text, hidden: r.hidden, reactions,
          author: u ? { id: u.id, username: u.username, displayName: u.displayName, avatarUrl: u.avatarUrl } : null,
          createdAt: iso(r.created_at)!, editedAt: iso(r.edited_at),
        };
      }),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null,
    };
  }

  private async find(viewerId: string, id: string): Promise<{ comment: CommentRow; postAuthorId: string }> {
    const [comment] = await this.ctx.db.query<CommentRow>('select * from feed_comment where id = ? and deleted_at is null', [id]);
    if (!comment) throw new HttpError(404, 'COMMENT_NOT_FOUND', 'No such comment.');
    const post = await this.audience.visiblePost(viewerId, comment.post_id);
    return { comment, postAuthorId: post.author_id };
  }

  async edit(userId: string, id: string, text: string): Promise<void> {
    const { comment } = await this.find(userId, id);
    if (comment.author_id !== userId) throw new HttpError(403, 'NOT_COMMENT_AUTHOR', 'Only the author can edit a comment.');
    await this.ctx.db.query('update feed_comment set text = ?, edited_at = now() where id = ?', [text.trim(), id]);
  }

  async remove(userId: string, id: string, isModerator: boolean): Promise<void> {
    const { comment, postAuthorId } = await this.find(userId, id);
    if (comment.author_id !== userId && postAuthorId !== userId && !isModerator) throw new HttpError(403, 'NOT_COMMENT_AUTHOR', 'Only the author, the post\'s author or a moderator can delete a comment.');
    await this.ctx.db.query('update feed_comment set deleted_at = now() where id = ?', [id]);
  }

  async setHidden(userId: string, id: string, hidden: boolean): Promise<void> {
    const { postAuthorId } = await this.find(userId, id);
    if (postAuthorId !== userId) throw new HttpError(403, 'NOT_POST_AUTHOR', 'Only the post\'s author can hide comments on it.');
    await this.ctx.db.query('update feed_comment set hidden = ? where id = ?', [hidden, id]);
  }
}
