import type { SocialContext } from '../settings.js';
import { uuidArray } from './sql.js';

/**
 * What other plugins (the feed first) learn about the social graph: `ctx.plugins.service<SocialService>('social')`
 * from a plugin that declares `requires: { social: '^0.1.0' }`.
 *
 * Every answer already accounts for blocks (the kernel's, either way): blocked people are never
 * friends, followers, followees, circle members or audience of each other here, even before the
 * graph has removed the rows they left behind.
 */
export interface SocialService {
  /** Accepted friends, and not blocked either way. */
  areFriends(a: string, b: string): Promise<boolean>;
  /** `followerId` follows `followeeId`, and neither blocked the other. */
  isFollowing(followerId: string, followeeId: string): Promise<boolean>;
  /** Ids of everyone who follows `userId` (for fan-out on write). */
  followersOf(userId: string): Promise<string[]>;
  /** How many people follow `userId`, without loading them (to choose fan-out on write or merge on read). */
  followerCount(userId: string): Promise<number>;
  /**
   * `followerCount` for many people in one query: every id asked for is a key (0 when nobody
   * follows them). For read paths that weigh a whole network, where one count per person would be
   * one round trip per person.
   */
  followerCounts(userIds: readonly string[]): Promise<Map<string, number>>;
  /** Ids of everyone `userId` follows. */
  followingOf(userId: string): Promise<string[]>;
  /** Ids of `userId`'s friends. */
  friendsOf(userId: string): Promise<string[]>;
  /** True when either blocked the other (the kernel's check). */
  isBlocked(a: string, b: string): Promise<boolean>;
  /** Ids in `userId`'s close-friends circle (always friends of theirs). */
  circleMembers(userId: string): Promise<string[]>;
  /** `userId` is in `ownerId`'s close-friends circle. */
  inCircle(ownerId: string, userId: string): Promise<boolean>;
  /** Ids of the people whose close-friends circle holds `userId` (always friends of theirs): `inCircle` turned around, in one query. */
  circlesContaining(userId: string): Promise<string[]>;
  /** Ids `userId` muted: leave them out of `userId`'s feeds. Muting is one-way and private. */
  mutedBy(userId: string): Promise<string[]>;
  /** Everyone who may see `authorId`'s posts in a feed: friends ∪ followers, without blocked people or the author. */
  audienceOf(authorId: string): Promise<string[]>;
}

export function createSocialService(ctx: SocialContext): SocialService {
  const ids = async (sql: string, params: unknown[]) => (await ctx.db.query<{ id: string }>(sql, params)).map((r) => r.id);
  const hidden = async (userId: string) => uuidArray(await ctx.accounts.hiddenUserIds(userId));
  const friendIdsSql = `select case when requester_id = ? then addressee_id else requester_id end as id from social_friendship
    where status = 'accepted' and (requester_id = ? or addressee_id = ?)`;
  /** `column` is not blocked either way by the user given as both of its parameters (the kernel's block table, as hiddenUserIds reads it). */
  const notBlocked = (column: string) =>
    `not exists (select 1 from kernel_block b where (b.blocker_id = ? and b.blocked_id = ${column}) or (b.blocker_id = ${column} and b.blocked_id = ?))`;

  return {
    async areFriends(a, b) {
      if (a === b) return false;
      const rows = await ctx.db.query(
        "select 1 from social_friendship where status = 'accepted' and ((requester_id = ? and addressee_id = ?) or (requester_id = ? and addressee_id = ?))",
        [a, b, b, a],
      );
      return rows.length > 0 && !(await ctx.accounts.isBlocked(a, b));
    },

    async isFollowing(followerId, followeeId) {
      const rows = await ctx.db.query('select 1 from social_follow where follower_id = ? and followee_id = ?', [followerId, followeeId]);
      return rows.length > 0 && !(await ctx.accounts.isBlocked(followerId, followeeId));
    },

    async followersOf(userId) {
      return ids('select follower_id as id from social_follow where followee_id = ? and follower_id <> all(?::uuid[]) order by follower_id', [userId, await hidden(userId)]);
    },

    async followerCount(userId) {
      const [row] = await ctx.db.query<{ n: number }>('select count(*)::int as n from social_follow where followee_id = ? and follower_id <> all(?::uuid[])', [userId, await hidden(userId)]);
      return row!.n;
    },

    async followerCounts(userIds) {
      const counts = new Map<string, number>(userIds.map((id) => [id, 0]));
      if (counts.size === 0) return counts;
      // Each person's count leaves out their own blocked-either-way followers, as followerCount
      // does; a per-person hidden list would be a query per person, so the block table is joined.
      const rows = await ctx.db.query<{ id: string; n: number }>(
        `select f.followee_id as id, count(*)::int as n from social_follow f
         where f.followee_id = any(?::uuid[]) and not exists (
           select 1 from kernel_block b where (b.blocker_id = f.followee_id and b.blocked_id = f.follower_id)
             or (b.blocker_id = f.follower_id and b.blocked_id = f.followee_id))
         group by f.followee_id`,
        [uuidArray([...counts.keys()])],
      );
      for (const row of rows) counts.set(row.id, Number(row.n));
      return counts;
    },

    // The lists a feed read asks for filter blocks in the same statement (`notBlocked`), not after a
    // hiddenUserIds round trip of their own: a read asks for several of them at once.
    async followingOf(userId) {
      return ids(`select followee_id as id from social_follow where follower_id = ? and ${notBlocked('followee_id')} order by followee_id`, [userId, userId, userId]);
    },

    async friendsOf(userId) {
      return ids(`select id from (${friendIdsSql}) f where ${notBlocked('id')} order by id`, [userId, userId, userId, userId, userId]);
    },

    isBlocked(a, b) {
      return ctx.accounts.isBlocked(a, b);
    },

    async circleMembers(userId) {
      // Joined with the friendships so the answer holds even if a circle row outlived its friendship.
      return ids(
        `select c.friend_id as id from social_close_friend c join (${friendIdsSql}) f on f.id = c.friend_id
         where c.owner_id = ? and c.friend_id <> all(?::uuid[]) order by c.friend_id`,
        [userId, userId, userId, userId, await hidden(userId)],
      );
    },

    async inCircle(ownerId, userId) {
      const rows = await ctx.db.query(
        `select 1 from social_close_friend c where c.owner_id = ? and c.friend_id = ? and exists (
           select 1 from social_friendship where status = 'accepted' and ((requester_id = ? and addressee_id = ?) or (requester_id = ? and addressee_id = ?)))`,
        [ownerId, userId, ownerId, userId, userId, ownerId],
      );
      return rows.length > 0 && !(await ctx.accounts.isBlocked(ownerId, userId));
    },

    async circlesContaining(userId) {
      // Joined with the friendships, as circleMembers is, for a circle row that outlived its friendship.
      return ids(
        `select c.owner_id as id from social_close_friend c join (${friendIdsSql}) f on f.id = c.owner_id
         where c.friend_id = ? and ${notBlocked('c.owner_id')} order by c.owner_id`,
        [userId, userId, userId, userId, userId, userId],
      );
    },

    async mutedBy(userId) {
      return ids('select mutee_id as id from social_mute where muter_id = ? order by mutee_id', [userId]);
    },

    async audienceOf(authorId) {
      return ids(
        `select id from (${friendIdsSql} union select follower_id from social_follow where followee_id = ?) a
         where id <> all(?::uuid[]) order by id`,
        [authorId, authorId, authorId, authorId, await hidden(authorId)],
      );
    },
  };
}
