import { HttpError, type PublicUser } from '@petamigos/core';
import { v7 as uuidv7 } from 'uuid';
import type { SocialContext } from '../settings.js';
import { decodeCursor, nextCursorOf, type Page, type PageRequest } from './pagination.js';
import { People, userNotFound } from './people.js';
import { sqlOf, uuidArray, type Sql } from './sql.js';

export type FriendshipState = 'none' | 'friends' | 'request_sent' | 'request_received';

/** How the viewer stands with someone, for buttons on a profile. */
export interface Relationship {
  friendship: FriendshipState;
  following: boolean;
  followedBy: boolean;
  muted: boolean;
  closeFriend: boolean;
}

export interface Counts {
  friends: number;
  followers: number;
  following: number;
  pets: number;
}

export interface ListEntry {
  user: PublicUser;
  /** When the relationship (friendship, follow, request, mute, circle membership) began. */
  since: string;
}

interface Notice {
  type: 'friend_request' | 'friend_accepted' | 'follow';
  recipientId: string;
  actorId: string;
  target: { type: 'user'; id: string };
}

const TEXT_KEYS: Record<Notice['type'], string> = {
  friend_request: 'notification.friend_request',
  friend_accepted: 'notification.friend_accepted',
  follow: 'notification.follow',
};

const PAIR = '((requester_id = ? and addressee_id = ?) or (requester_id = ? and addressee_id = ?))';
const pair = (a: string, b: string) => [a, b, b, a];

/**
 * The social graph's writes and the lists built on it. Every change that other plugins care about
 * is emitted inside the transaction that made it (the kernel's outbox), so a handler never sees a
 * friendship that was rolled back; notifications go out after the commit, for the same reason.
 *
 * Blocks belong to the kernel and carry no event, so the graph learns of them when either person
 * next uses it: `hiddenFor` drops friendships, requests, follows and circle places across a block
 * before anything else runs, and every list and count filters blocked people regardless.
 */
export class SocialGraph {
  readonly people: People;

  constructor(private readonly ctx: SocialContext) {
    this.people = new People(ctx);
  }

  /** Everyone `userId` must not see; relationships across those blocks are removed on the way. */
  async hiddenFor(userId: string): Promise<string[]> {
    const hidden = await this.ctx.accounts.hiddenUserIds(userId);
    if (hidden.length > 0) await this.sever(userId, hidden);
    return hidden;
  }

  /**
   * Resolves the person an action is aimed at. Blocked either way reads as "no such user", the
   * answer the kernel's own profile route gives, so probing cannot reveal a block.
   */
  async target(actorId: string, username: string): Promise<string> {
    const targetId = await this.people.idOf(username);
    if ((await this.hiddenFor(actorId)).includes(targetId)) throw userNotFound();
    return targetId;
  }

  /** Removes every tie between `userId` and `others` (a block came between them). */
  async sever(userId: string, others: readonly string[]): Promise<void> {
    if (others.length === 0) return;
    const list = uuidArray(others);
    // Runs on every request of anyone with blocks, and almost always finds nothing left to remove:
    // one cheap read spares them a write transaction.
    const [left] = await this.ctx.db.query<{ remaining: boolean }>(
      `select exists (select 1 from social_friendship where (requester_id = ? and addressee_id = any(?::uuid[])) or (addressee_id = ? and requester_id = any(?::uuid[])))
           or exists (select 1 from social_follow where (follower_id = ? and followee_id = any(?::uuid[])) or (followee_id = ? and follower_id = any(?::uuid[])))
           or exists (select 1 from social_close_friend where (owner_id = ? and friend_id = any(?::uuid[])) or (friend_id = ? and owner_id = any(?::uuid[]))) as remaining`,
      [userId, list, userId, list, userId, list, userId, list, userId, list, userId, list],
    );
    if (!left?.remaining) return;
    await this.ctx.db.transaction(async (em) => {
      const sql = sqlOf(em);
      const friendships = await sql<{ requester_id: string; addressee_id: string; status: string }>(
        `delete from social_friendship where (requester_id = ? and addressee_id = any(?::uuid[])) or (addressee_id = ? and requester_id = any(?::uuid[]))
         returning requester_id, addressee_id, status`,
        [userId, list, userId, list],
      );
      const follows = await sql<{ follower_id: string; followee_id: string }>(
        `delete from social_follow where (follower_id = ? and followee_id = any(?::uuid[])) or (followee_id = ? and follower_id = any(?::uuid[]))
         returning follower_id, followee_id`,
        [userId, list, userId, list],
      );
      await sql('delete from social_close_friend where (owner_id = ? and friend_id = any(?::uuid[])) or (friend_id = ? and owner_id = any(?::uuid[]))', [userId, list, userId, list]);
      for (const f of friendships) {
        if (f.status !== 'accepted') continue;
        const friendId = f.requester_id === userId ? f.addressee_id : f.requester_id;
        await this.ctx.events.emit('social.friendship.removed', { userId, friendId, reason: 'blocked' });
      }
      for (const f of follows) await this.ctx.events.emit('social.follow.removed', { followerId: f.follower_id, followeeId: f.followee_id, reason: 'blocked' });
    });
  }

  // ------------------------------------------------------------------ friendships

  /**
   * Sends a friend request. When the other person already asked us, asking back is saying yes:
   * two people who press "add friend" on each other at the same moment become friends, with one row.
   */
  async requestFriendship(requesterId: string, addresseeId: string): Promise<{ status: 'pending' | 'friends' }> {
    if (requesterId === addresseeId) throw selfNotAllowed('befriend');
    const { result, notice } = await this.ctx.db.transaction(async (em) => {
      const sql = sqlOf(em);
      // A request withdrawn between our insert and our read leaves nothing to read; then we simply ask again.
      for (let attempt = 0; attempt < 5; attempt++) {
        const [created] = await sql<{ created_at: Date }>(
          "insert into social_friendship (id, requester_id, addressee_id, status) values (?, ?, ?, 'pending') on conflict do nothing returning created_at",
          [uuidv7(), requesterId, addresseeId],
        );
        if (created) {
          await this.ctx.events.emit('social.friendship.requested', { requesterId, addresseeId, requestedAt: iso(created.created_at) });
          return { result: { status: 'pending' as const }, notice: { type: 'friend_request', recipientId: addresseeId, actorId: requesterId, target: { type: 'user', id: requesterId } } satisfies Notice };
        }
        // The pair's row exists (or a concurrent insert of it just committed): lock it and look.
        const [row] = await sql<{ requester_id: string; status: string }>(`select requester_id, status from social_friendship where ${PAIR} for update`, pair(requesterId, addresseeId));
        if (!row) continue;
        if (row.status === 'accepted') throw new HttpError(409, 'ALREADY_FRIENDS', 'You are already friends.');
        if (row.requester_id === requesterId) throw new HttpError(409, 'FRIEND_REQUEST_EXISTS', 'You already sent this person a friend request.');
        await this.accept(sql, addresseeId, requesterId);
        return { result: { status: 'friends' as const }, notice: { type: 'friend_accepted', recipientId: addresseeId, actorId: requesterId, target: { type: 'user', id: requesterId } } satisfies Notice };
      }
      throw new HttpError(409, 'CONFLICT', 'The friendship changed while we were updating it; try again.');
    });
    await this.notify(notice);
    return result;
  }

  /** `addresseeId` accepts the request `requesterId` sent them. */
  async acceptFriendship(addresseeId: string, requesterId: string): Promise<void> {
    await this.ctx.db.transaction(async (em) => {
      const sql = sqlOf(em);
      if (await this.accept(sql, requesterId, addresseeId)) return;
      const [row] = await sql<{ status: string }>(`select status from social_friendship where ${PAIR}`, pair(requesterId, addresseeId));
      if (row?.status === 'accepted') throw new HttpError(409, 'ALREADY_FRIENDS', 'You are already friends.');
      throw requestNotFound();
    });
    await this.notify({ type: 'friend_accepted', recipientId: requesterId, actorId: addresseeId, target: { type: 'user', id: addresseeId } });
  }

  /** Turns the pending request into a friendship; false when there is no such pending request. */
  private async accept(sql: Sql, requesterId: string, addresseeId: string): Promise<boolean> {
    // The conditional update is the lock: of two concurrent accepts exactly one matches the
    // pending row, so `accepted` is emitted once. The fresh id dates the friendship, not the request.
    const [row] = await sql<{ id: string; accepted_at: Date }>(
      "update social_friendship set status = 'accepted', id = ?, accepted_at = now() where requester_id = ? and addressee_id = ? and status = 'pending' returning id, accepted_at",
      [uuidv7(), requesterId, addresseeId],
    );
    if (!row) return false;
    await this.ctx.events.emit('social.friendship.accepted', { friendshipId: row.id, requesterId, addresseeId, acceptedAt: iso(row.accepted_at) });
    return true;
  }

  /** `addresseeId` says no; the requester is not told, and may ask again later. */
  async declineFriendship(addresseeId: string, requesterId: string): Promise<void> {
    await this.ctx.db.transaction(async (em) => {
      const rows = await sqlOf(em)("delete from social_friendship where requester_id = ? and addressee_id = ? and status = 'pending' returning id", [requesterId, addresseeId]);
      if (rows.length === 0) throw requestNotFound();
      await this.ctx.events.emit('social.friendship.declined', { requesterId, addresseeId });
    });
  }

  /** `requesterId` withdraws the request they sent. */
  async cancelFriendship(requesterId: string, addresseeId: string): Promise<void> {
    await this.ctx.db.transaction(async (em) => {
      const rows = await sqlOf(em)("delete from social_friendship where requester_id = ? and addressee_id = ? and status = 'pending' returning id", [requesterId, addresseeId]);
      if (rows.length === 0) throw requestNotFound();
      await this.ctx.events.emit('social.friendship.cancelled', { requesterId, addresseeId });
    });
  }

  async unfriend(userId: string, friendId: string): Promise<void> {
    await this.ctx.db.transaction(async (em) => {
      const sql = sqlOf(em);
      const rows = await sql(`delete from social_friendship where ${PAIR} and status = 'accepted' returning id`, pair(userId, friendId));
      if (rows.length === 0) throw new HttpError(404, 'NOT_FRIENDS', 'You are not friends with this person.');
      // Only friends can be in a circle; the same transaction keeps that true.
      await sql('delete from social_close_friend where (owner_id = ? and friend_id = ?) or (owner_id = ? and friend_id = ?)', pair(userId, friendId));
      await this.ctx.events.emit('social.friendship.removed', { userId, friendId, reason: 'unfriended' });
    });
  }

  // ------------------------------------------------------------------ follows

  async follow(followerId: string, followeeId: string): Promise<void> {
    if (followerId === followeeId) throw selfNotAllowed('follow');
    await this.ctx.db.transaction(async (em) => {
      const [row] = await sqlOf(em)<{ id: string; created_at: Date }>(
        'insert into social_follow (id, follower_id, followee_id) values (?, ?, ?) on conflict do nothing returning id, created_at',
        [uuidv7(), followerId, followeeId],
      );
      if (!row) throw new HttpError(409, 'ALREADY_FOLLOWING', 'You already follow this person.');
      await this.ctx.events.emit('social.follow.created', { followId: row.id, followerId, followeeId, followedAt: iso(row.created_at) });
    });
    // The target is the person followed, so the kernel groups them: "Carla and 2 others started following you".
    await this.notify({ type: 'follow', recipientId: followeeId, actorId: followerId, target: { type: 'user', id: followeeId } });
  }

  async unfollow(followerId: string, followeeId: string): Promise<void> {
    await this.ctx.db.transaction(async (em) => {
      const rows = await sqlOf(em)('delete from social_follow where follower_id = ? and followee_id = ? returning id', [followerId, followeeId]);
      if (rows.length === 0) throw new HttpError(404, 'NOT_FOLLOWING', 'You do not follow this person.');
      await this.ctx.events.emit('social.follow.removed', { followerId, followeeId, reason: 'unfollowed' });
    });
  }

  // ------------------------------------------------------------------ mutes and circles (private: no events)

  async mute(muterId: string, muteeId: string): Promise<void> {
    if (muterId === muteeId) throw selfNotAllowed('mute');
    const rows = await this.ctx.db.query('insert into social_mute (id, muter_id, mutee_id) values (?, ?, ?) on conflict do nothing returning id', [uuidv7(), muterId, muteeId]);
    if (rows.length === 0) throw new HttpError(409, 'ALREADY_MUTED', 'You already muted this person.');
  }

  async unmute(muterId: string, muteeId: string): Promise<void> {
    const rows = await this.ctx.db.query('delete from social_mute where muter_id = ? and mutee_id = ? returning id', [muterId, muteeId]);
    if (rows.length === 0) throw new HttpError(404, 'NOT_MUTED', 'You have not muted this person.');
  }

  async addCloseFriend(ownerId: string, friendId: string): Promise<void> {
    if (ownerId === friendId) throw selfNotAllowed('circle');
    await this.ctx.db.transaction(async (em) => {
      const sql = sqlOf(em);
      // The share lock holds the friendship until we commit: an unfriend running now waits, then
      // removes the circle row we add, instead of leaving a non-friend in the circle.
      const friends = await sql(`select 1 from social_friendship where ${PAIR} and status = 'accepted' for share`, pair(ownerId, friendId));
      if (friends.length === 0) throw new HttpError(409, 'NOT_FRIENDS', 'Only friends can be close friends.');
      const rows = await sql('insert into social_close_friend (id, owner_id, friend_id) values (?, ?, ?) on conflict do nothing returning id', [uuidv7(), ownerId, friendId]);
      if (rows.length === 0) throw new HttpError(409, 'ALREADY_CLOSE_FRIEND', 'This person is already one of your close friends.');
    });
  }

  async removeCloseFriend(ownerId: string, friendId: string): Promise<void> {
    const rows = await this.ctx.db.query('delete from social_close_friend where owner_id = ? and friend_id = ? returning id', [ownerId, friendId]);
    if (rows.length === 0) throw new HttpError(404, 'NOT_CLOSE_FRIEND', 'This person is not one of your close friends.');
  }

  // ------------------------------------------------------------------ reads

  async relationship(viewerId: string, userId: string): Promise<Relationship> {
    const [row] = await this.ctx.db.query<{ requester_id: string | null; status: string | null; following: boolean; followed_by: boolean; muted: boolean; close_friend: boolean }>(
      `select f.requester_id, f.status,
         exists (select 1 from social_follow where follower_id = ? and followee_id = ?) as following,
         exists (select 1 from social_follow where follower_id = ? and followee_id = ?) as followed_by,
         exists (select 1 from social_mute where muter_id = ? and mutee_id = ?) as muted,
         exists (select 1 from social_close_friend where owner_id = ? and friend_id = ?) as close_friend
       from (select 1) one left join social_friendship f on ${PAIR}`,
      [viewerId, userId, userId, viewerId, viewerId, userId, viewerId, userId, ...pair(viewerId, userId)],
    );
    const friendship: FriendshipState = !row?.status ? 'none' : row.status === 'accepted' ? 'friends' : row.requester_id === viewerId ? 'request_sent' : 'request_received';
    return { friendship, following: Boolean(row?.following), followedBy: Boolean(row?.followed_by), muted: Boolean(row?.muted), closeFriend: Boolean(row?.close_friend) };
  }

  /** Counts as `exclude` (the viewer's and the owner's hidden people) lets them be seen. */
  async counts(userId: string, exclude: readonly string[]): Promise<Counts> {
    const list = uuidArray(exclude);
    const [row] = await this.ctx.db.query<Counts>(
      `select
         (select count(*)::int from social_friendship where status = 'accepted' and (requester_id = ? or addressee_id = ?)
            and (case when requester_id = ? then addressee_id else requester_id end) <> all(?::uuid[])) as friends,
         (select count(*)::int from social_follow where followee_id = ? and follower_id <> all(?::uuid[])) as followers,
         (select count(*)::int from social_follow where follower_id = ? and followee_id <> all(?::uuid[])) as following,
         (select count(*)::int from social_pet where owner_id = ?) as pets`,
      [userId, userId, userId, list, userId, list, userId, list, userId],
    );
    return row!;
  }

  friends(userId: string, exclude: readonly string[], page: PageRequest): Promise<Page<ListEntry>> {
    return this.list({
      from: 'social_friendship',
      where: "status = 'accepted' and (requester_id = ? or addressee_id = ?)",
      params: [userId, userId],
      other: 'case when requester_id = ? then addressee_id else requester_id end',
      otherParams: [userId],
      since: 'accepted_at',
    }, exclude, page);
  }

  followers(userId: string, exclude: readonly string[], page: PageRequest): Promise<Page<ListEntry>> {
    return this.list({ from: 'social_follow', where: 'followee_id = ?', params: [userId], other: 'follower_id', since: 'created_at' }, exclude, page);
  }

  following(userId: string, exclude: readonly string[], page: PageRequest): Promise<Page<ListEntry>> {
    return this.list({ from: 'social_follow', where: 'follower_id = ?', params: [userId], other: 'followee_id', since: 'created_at' }, exclude, page);
  }

  incomingRequests(userId: string, exclude: readonly string[], page: PageRequest): Promise<Page<ListEntry>> {
    return this.list({ from: 'social_friendship', where: "addressee_id = ? and status = 'pending'", params: [userId], other: 'requester_id', since: 'created_at' }, exclude, page);
  }

  outgoingRequests(userId: string, exclude: readonly string[], page: PageRequest): Promise<Page<ListEntry>> {
    return this.list({ from: 'social_friendship', where: "requester_id = ? and status = 'pending'", params: [userId], other: 'addressee_id', since: 'created_at' }, exclude, page);
  }

  mutes(userId: string, exclude: readonly string[], page: PageRequest): Promise<Page<ListEntry>> {
    return this.list({ from: 'social_mute', where: 'muter_id = ?', params: [userId], other: 'mutee_id', since: 'created_at' }, exclude, page);
  }

  closeFriends(userId: string, exclude: readonly string[], page: PageRequest): Promise<Page<ListEntry>> {
    return this.list({ from: 'social_close_friend', where: 'owner_id = ?', params: [userId], other: 'friend_id', since: 'created_at' }, exclude, page);
  }

  /** One page of people related to someone, newest relationship first, hidden people left out. */
  private async list(
    spec: { from: string; where: string; params: unknown[]; other: string; otherParams?: unknown[]; since: string },
    exclude: readonly string[],
    page: PageRequest,
  ): Promise<Page<ListEntry>> {
    const after = decodeCursor(page.cursor);
    const otherParams = spec.otherParams ?? [];
    const rows = await this.ctx.db.query<{ id: string; user_id: string; since: Date }>(
      `select id, ${spec.other} as user_id, ${spec.since} as since from ${spec.from}
       where ${spec.where} and (${spec.other}) <> all(?::uuid[]) ${after ? 'and id < ?' : ''}
       order by id desc limit ?`,
      [...otherParams, ...spec.params, ...otherParams, uuidArray(exclude), ...(after ? [after] : []), page.limit + 1],
    );
    const shown = rows.slice(0, page.limit);
    const users = await this.people.byId(shown.map((r) => r.user_id));
    return {
      // An account deleted a moment ago has no profile any more; its row goes with the delete hook.
      items: shown.flatMap((r) => {
        const user = users.get(r.user_id);
        return user ? [{ user, since: iso(r.since) }] : [];
      }),
      nextCursor: nextCursorOf(rows, page.limit),
    };
  }

  private async notify(notice: Notice): Promise<void> {
    try {
      await this.ctx.notifications.send({ ...notice, textKey: TEXT_KEYS[notice.type] });
    } catch (error) {
      // The friendship or follow is committed; a lost notification must not turn it into an error.
      this.ctx.log.error({ err: error, notification: notice.type }, 'sending a social notification failed');
    }
  }
}

function selfNotAllowed(action: 'befriend' | 'follow' | 'mute' | 'circle'): HttpError {
  return new HttpError(400, 'SELF_NOT_ALLOWED', 'You cannot do this to yourself.', { action });
}

function requestNotFound(): HttpError {
  return new HttpError(404, 'FRIEND_REQUEST_NOT_FOUND', 'There is no pending friend request between you.');
}

export function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
