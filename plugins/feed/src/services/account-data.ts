import type { FeedContext } from '../settings.js';
import { feedServices } from './feed-service.js';
import { iso, sqlOf, uuidArray } from './sql.js';

/** `GET /api/users/me/export`: what the user wrote and how they reacted. */
export async function exportUserData(ctx: FeedContext, userId: string): Promise<unknown> {
  const posts = await ctx.db.query<{ id: string; text: string; visibility: string; shared_post_id: string | null; created_at: string; edited_at: string | null; deleted_at: string | null }>(
    'select id, text, visibility, shared_post_id, created_at, edited_at, deleted_at from feed_post where author_id = ? order by id', [userId]);
  const comments = await ctx.db.query<{ id: string; post_id: string; parent_id: string | null; text: string; created_at: string; deleted_at: string | null }>(
    'select id, post_id, parent_id, text, created_at, deleted_at from feed_comment where author_id = ? order by id', [userId]);
  const reactions = await ctx.db.query<{ target_type: string; target_id: string; kind: string; created_at: string }>(
    'select target_type, target_id, kind, created_at from feed_reaction where user_id = ? order by id', [userId]);
  const votes = await ctx.db.query<{ post_id: string; option_id: string; created_at: string }>('select post_id, option_id, created_at from feed_poll_vote where user_id = ?', [userId]);
  const media = await ctx.db.query<{ id: string; post_id: string | null; kind: string; status: string; width: number; height: number; duration_seconds: number | null; created_at: string }>(
    'select id, post_id, kind, status, width, height, duration_seconds, created_at from feed_media where owner_id = ? order by id', [userId]);
  return {
    posts: posts.map((p) => ({ id: p.id, text: p.text, visibility: p.visibility, sharedPostId: p.shared_post_id, createdAt: iso(p.created_at), editedAt: iso(p.edited_at), deletedAt: iso(p.deleted_at) })),
    comments: comments.map((c) => ({ id: c.id, postId: c.post_id, parentId: c.parent_id, text: c.text, createdAt: iso(c.created_at), deletedAt: iso(c.deleted_at) })),
    reactions: reactions.map((r) => ({ targetType: r.target_type, targetId: r.target_id, kind: r.kind, createdAt: iso(r.created_at) })),
    pollVotes: votes.map((v) => ({ postId: v.post_id, optionId: v.option_id, createdAt: iso(v.created_at) })),
    media: media.map((m) => ({ id: m.id, postId: m.post_id, kind: m.kind, status: m.status, width: m.width, height: m.height, durationSeconds: m.duration_seconds === null ? null : Number(m.duration_seconds), createdAt: iso(m.created_at) })),
    wellbeing: await feedServices(ctx).wellbeing.exportFor(userId),
  };
}

/**
 * Account deletion: their posts (with everything hanging off them), comments, reactions and votes.
 * Counts on other people's posts go down with the reactions, in the same transaction.
 */
export async function deleteUserData(ctx: FeedContext, userId: string): Promise<void> {
  const posts = (await ctx.db.query<{ id: string }>('select id from feed_post where author_id = ?', [userId])).map((r) => r.id);
  const media = (await ctx.db.query<{ id: string }>('select id from feed_media where owner_id = ?', [userId])).map((r) => r.id);
  await ctx.db.transaction(async (em) => {
    const sql = sqlOf(em);
    await sql(`update feed_reaction_count c set n = c.n - r.n from (select target_type, target_id, kind, count(*)::int as n from feed_reaction where user_id = ? group by 1, 2, 3) r
      where c.target_type = r.target_type and c.target_id = r.target_id and c.kind = r.kind`, [userId]);
    await sql('delete from feed_reaction where user_id = ?', [userId]);
    const comments = (await sql<{ id: string }>('select id from feed_comment where author_id = ? or post_id = any(?::uuid[])', [userId, uuidArray(posts)])).map((r) => r.id);
    const targets = uuidArray([...posts, ...comments]);
    await sql('delete from feed_reaction where target_id = any(?::uuid[])', [targets]);
    await sql('delete from feed_reaction_count where target_id = any(?::uuid[])', [targets]);
    await sql('delete from feed_poll_vote where user_id = ?', [userId]);
    await sql('delete from feed_comment where author_id = ?', [userId]);
    await sql('delete from feed_media where owner_id = ?', [userId]);
    // Shares of their posts stay (they belong to whoever shared), pointing at nothing.
    await sql('update feed_post set shared_post_id = null where shared_post_id = any(?::uuid[])', [uuidArray(posts)]);
    await sql('delete from feed_post where author_id = ?', [userId]);
    await sql('delete from feed_usage_day where user_id = ?', [userId]);
    await sql('delete from feed_wellbeing where user_id = ?', [userId]);
  });
  const { posts: service } = feedServices(ctx);
  for (const id of media) await service.deleteFiles(`media/${id}/`);
  if (posts.length > 0) await ctx.search.remove('posts', posts);
  await feedServices(ctx).home.forget(userId);
}
