import { HttpError } from '@petamigos/core';
import { v7 as uuidv7 } from 'uuid';
import { REACTIONS, type ReactionKind } from '../entities/index.js';
import type { FeedContext } from '../settings.js';
import type { Audience } from './audience.js';
import { sqlOf } from './sql.js';

export type TargetType = 'post' | 'comment';

export interface ReactionState {
  counts: Record<string, number>;
  mine: ReactionKind | null;
}

/**
 * One reaction per person per post or comment, changeable. The counts table moves in the same
 * transaction as the reaction row and every change is an `n = n ± 1` under the row's lock, so
 * counts stay exact however many people react at once.
 */
export class Reactions {
  constructor(private readonly ctx: FeedContext, private readonly audience: Audience) {}

  /** The target's post and author, after checking the user may see it (404 otherwise). */
  private async target(userId: string, type: TargetType, id: string): Promise<{ postId: string; authorId: string }> {
    if (type === 'post') {
      const post = await this.audience.visiblePost(userId, id);
      return { postId: post.id, authorId: post.author_id };
    }
    const [comment] = await this.ctx.db.query<{ post_id: string; author_id: string; hidden: boolean; deleted_at: string | null }>('select post_id, author_id, hidden, deleted_at from feed_comment where id = ?', [id]);
    if (!comment || comment.deleted_at) throw new HttpError(404, 'COMMENT_NOT_FOUND', 'No such comment.');
    const post = await this.audience.visiblePost(userId, comment.post_id);
    if (comment.hidden && userId !== comment.author_id && userId !== post.author_id) throw new HttpError(404, 'COMMENT_NOT_FOUND', 'No such comment.');
    if (await this.ctx.accounts.isBlocked(userId, comment.author_id)) throw new HttpError(404, 'COMMENT_NOT_FOUND', 'No such comment.');
    return { postId: comment.post_id, authorId: comment.author_id };
  }

  async react(userId: string, type: TargetType, id: string, kind: ReactionKind): Promise<ReactionState> {
    const target = await this.target(userId, type, id);
    const changed = await this.ctx.db.transaction(async (em) => {
      const sql = sqlOf(em);
      const inserted = await sql<{ id: string }>('insert into feed_reaction (id, target_type, target_id, user_id, kind) values (?, ?, ?, ?, ?) on conflict (target_type, target_id, user_id) do nothing returning id',
        [uuidv7(), type, id, userId, kind]);
      if (inserted.length === 0) {
        const [old] = await sql<{ kind: string }>('select kind from feed_reaction where target_type = ? and target_id = ? and user_id = ? for update', [type, id, userId]);
        if (!old || old.kind === kind) return false;
        await sql('update feed_reaction set kind = ?, created_at = now() where target_type = ? and target_id = ? and user_id = ?', [kind, type, id, userId]);
        await sql('update feed_reaction_count set n = n - 1 where target_type = ? and target_id = ? and kind = ?', [type, id, old.kind]);
      }
      await sql('insert into feed_reaction_count (target_type, target_id, kind, n) values (?, ?, ?, 1) on conflict (target_type, target_id, kind) do update set n = feed_reaction_count.n + 1', [type, id, kind]);
      return true;
    });
    const state = await this.state(userId, type, id);
    if (changed) {
      await this.publish(target.postId, type, id, state.counts);
      // The kernel groups these per target ("Ana and 3 others reacted") and skips self-reactions.
      await this.ctx.notifications.send({ type: 'reaction', recipientId: target.authorId, actorId: userId, target: { type, id }, textKey: 'notification.reaction', data: { kind, postId: target.postId } });
    }
    return state;
  }

  async unreact(userId: string, type: TargetType, id: string): Promise<ReactionState> {
    const target = await this.target(userId, type, id);
    const removed = await this.ctx.db.transaction(async (em) => {
      const sql = sqlOf(em);
      const [old] = await sql<{ kind: string }>('delete from feed_reaction where target_type = ? and target_id = ? and user_id = ? returning kind', [type, id, userId]);
      if (!old) return false;
      await sql('update feed_reaction_count set n = n - 1 where target_type = ? and target_id = ? and kind = ?', [type, id, old.kind]);
      return true;
    });
    const state = await this.state(userId, type, id);
    if (removed) await this.publish(target.postId, type, id, state.counts);
    return state;
  }

  async state(userId: string | null, type: TargetType, id: string): Promise<ReactionState> {
    const rows = await this.ctx.db.query<{ kind: string; n: number }>('select kind, n from feed_reaction_count where target_type = ? and target_id = ?', [type, id]);
    const counts: Record<string, number> = Object.fromEntries(REACTIONS.map((k) => [k, 0]));
    for (const r of rows) counts[r.kind] = Number(r.n);
    const [mine] = userId ? await this.ctx.db.query<{ kind: ReactionKind }>('select kind from feed_reaction where target_type = ? and target_id = ? and user_id = ?', [type, id, userId]) : [];
    return { counts, mine: mine?.kind ?? null };
  }

  private async publish(postId: string, type: TargetType, id: string, counts: Record<string, number>): Promise<void> {
    try {
      await this.ctx.realtime.publish('post', postId, { type: 'reactions', target: { type, id }, counts });
    } catch (error) {
      // Live counts are a nicety; the reaction itself is committed and must not fail because of them.
      this.ctx.log.warn({ err: error, postId }, 'publishing reaction counts failed');
    }
  }
}
