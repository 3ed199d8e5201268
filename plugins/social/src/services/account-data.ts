import type { SocialContext } from '../settings.js';
import { iso } from './graph.js';
import { People } from './people.js';
import { PetProfiles } from './pets.js';
import { sqlOf } from './sql.js';

interface Tie {
  userId: string;
  username: string | null;
  since: string;
}

/** The user's part of `GET /api/users/me/export`: their pets and every tie they made or hold. */
export async function exportUserData(ctx: SocialContext, userId: string): Promise<Record<string, unknown>> {
  const people = new People(ctx);
  const ties = async (sql: string, params: unknown[]): Promise<Tie[]> => {
    const rows = await ctx.db.query<{ user_id: string; since: Date }>(sql, params);
    const users = await people.byId(rows.map((r) => r.user_id));
    return rows.map((r) => ({ userId: r.user_id, username: users.get(r.user_id)?.username ?? null, since: iso(r.since) }));
  };
  return {
    pets: await new PetProfiles(ctx).petsOf(userId),
    friends: await ties(
      `select case when requester_id = ? then addressee_id else requester_id end as user_id, accepted_at as since
       from social_friendship where status = 'accepted' and (requester_id = ? or addressee_id = ?) order by id`,
      [userId, userId, userId],
    ),
    friendRequestsSent: await ties("select addressee_id as user_id, created_at as since from social_friendship where requester_id = ? and status = 'pending' order by id", [userId]),
    friendRequestsReceived: await ties("select requester_id as user_id, created_at as since from social_friendship where addressee_id = ? and status = 'pending' order by id", [userId]),
    following: await ties('select followee_id as user_id, created_at as since from social_follow where follower_id = ? order by id', [userId]),
    followers: await ties('select follower_id as user_id, created_at as since from social_follow where followee_id = ? order by id', [userId]),
    closeFriends: await ties('select friend_id as user_id, created_at as since from social_close_friend where owner_id = ? order by id', [userId]),
    muted: await ties('select mutee_id as user_id, created_at as since from social_mute where muter_id = ? order by id', [userId]),
  };
}

/**
 * Account deletion: the user's pets (files included) and every row that names them, on either
 * side. No events are emitted: every plugin runs its own delete hook for the same account, and
 * announcing each of a popular account's thousands of follows would only make work for them.
 */
export async function deleteUserData(ctx: SocialContext, userId: string): Promise<void> {
  await new PetProfiles(ctx).removeAllOf(userId);
  await ctx.db.transaction(async (em) => {
    const sql = sqlOf(em);
    await sql('delete from social_friendship where requester_id = ? or addressee_id = ?', [userId, userId]);
    await sql('delete from social_follow where follower_id = ? or followee_id = ?', [userId, userId]);
    await sql('delete from social_mute where muter_id = ? or mutee_id = ?', [userId, userId]);
    await sql('delete from social_close_friend where owner_id = ? or friend_id = ?', [userId, userId]);
  });
}
