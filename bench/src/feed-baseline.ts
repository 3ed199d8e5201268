import Fastify, { type FastifyRequest } from 'fastify';
import { createVerifier } from 'fast-jwt';
import { Redis } from 'ioredis';
import { v7 as uuidv7 } from 'uuid';
import { deriveKey } from '../../core/dist/accounts/crypto.js';
import { LISTEN, originOf } from './bench-server.js';
import type { Sql } from './feed-seed.js';

const PAGE = 20;
const REACTIONS = ['like', 'love', 'haha', 'wow', 'sad', 'angry'] as const;
/** The feed's defaults: `homeCacheSize`, `activeDays`, `fanoutMaxFollowers`. */
const LIST_SIZE = 800;
const ACTIVE_DAYS = 14;
const FANOUT_MAX_FOLLOWERS = 5000;

/** Where the bare server pushes post ids on write: Redis lists, or arrays in its own memory. */
export interface BareLists {
  readonly driver: 'redis' | 'memory';
  push(readers: string[], postId: string): Promise<void>;
  get(userId: string): Promise<string[]>;
  close(): Promise<void>;
}

/** `LPUSH` + `LTRIM` per reader in one pipeline: the textbook Redis timeline. */
export function redisLists(url: string, keyPrefix: string): BareLists {
  const redis = new Redis(url, { keyPrefix, maxRetriesPerRequest: 1 });
  return {
    driver: 'redis',
    async push(readers, postId) {
      const pipeline = redis.pipeline();
      for (const id of readers) pipeline.lpush(`home:${id}`, postId).ltrim(`home:${id}`, 0, LIST_SIZE - 1);
      for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
    },
    get: (userId) => redis.lrange(`home:${userId}`, 0, -1),
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

export function memoryLists(): BareLists {
  const lists = new Map<string, string[]>();
  return {
    driver: 'memory',
    async push(readers, postId) {
      for (const id of readers) {
        const list = lists.get(id) ?? [];
        list.unshift(postId);
        if (list.length > LIST_SIZE) list.length = LIST_SIZE;
        lists.set(id, list);
      }
    },
    get: async (userId) => [...(lists.get(userId) ?? [])],
    close: async () => undefined,
  };
}

interface Viewer {
  id: string;
  friends: string[];
  following: string[];
  circleOf: string[];
  hidden: string[];
}

const arr = (ids: string[]) => `{${ids.join(',')}}`;
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/*
 * The graph of one reader in one statement: friends, people followed, authors whose circle holds
 * the reader, and everyone hidden (blocked either way, or muted). The feed asks the same questions
 * one service call at a time (and one query per friend for the circles).
 */
const GRAPH_SQL = `with h as (select blocked_id as id from kernel_block where blocker_id = ? union select blocker_id from kernel_block where blocked_id = ?),
  f as (select case when requester_id = ? then addressee_id else requester_id end as id from social_friendship
        where status = 'accepted' and (requester_id = ? or addressee_id = ?))
  select array(select id from f where id not in (select id from h)) as friends,
    array(select followee_id from social_follow where follower_id = ? and followee_id not in (select id from h)) as following,
    array(select c.owner_id from social_close_friend c join f on f.id = c.owner_id where c.friend_id = ? and c.owner_id not in (select id from h)) as circle_of,
    array(select id from h union select mutee_id from social_mute where muter_id = ?) as hidden`;

/** The feed's own home query (`Audience.condition` + `HomeTimeline.fromDatabase`), one page plus one. */
const PAGE_SQL = `select p.id from feed_post p where p.deleted_at is null and (p.author_id = ?
    or (p.author_id = any(?::uuid[]) and p.visibility in ('public', 'friends'))
    or (p.author_id = any(?::uuid[]) and p.visibility = 'close_friends')
    or (p.author_id = any(?::uuid[]) and p.visibility = 'public'))
  and not (p.author_id = any(?::uuid[])) and p.id < ? order by p.id desc limit ?`;

/** Readers of a public post who were here lately: friends and followers, without blocks (the fan-out's audience). */
const AUDIENCE_SQL = `select a.id from (
    select case when requester_id = ? then addressee_id else requester_id end as id from social_friendship where status = 'accepted' and (requester_id = ? or addressee_id = ?)
    union select follower_id from social_follow where followee_id = ?) a
  join kernel_user u on u.id = a.id
  where u.last_active_at > now() - make_interval(days => ?)
    and a.id not in (select blocked_id from kernel_block where blocker_id = ? union select blocker_id from kernel_block where blocked_id = ?)`;

/**
 * What the feed puts in a reader's cached list when it builds one: the newest `limit` ids of the
 * reader's network (own posts, friends', circles', followed people's) as the page query finds them,
 * with blocked people already out of the friend and follow lists and nobody else hidden (the feed
 * filters blocks and mutes again at read time, so unmuting needs no rebuild).
 */
export async function homeListIds(sql: Sql, userId: string, limit: number): Promise<string[]> {
  const [g] = await sql<{ friends: string[]; following: string[]; circle_of: string[] }>(GRAPH_SQL, Array(8).fill(userId));
  const rows = await sql<{ id: string }>(PAGE_SQL, [userId, arr(g!.friends), arr(g!.circle_of), arr(g!.following), '{}', 'ffffffff-ffff-ffff-ffff-ffffffffffff', limit]);
  return rows.map((r) => r.id);
}

export interface FeedBaseline {
  listen(): Promise<string>;
  lists: BareLists;
  close(): Promise<void>;
}

/**
 * What someone would write without the kernel: bare Fastify over the same tables, through `sql`
 * (a `pg` pool of the kernel's size on PostgreSQL). It checks the same access tokens (fast-jwt,
 * the kernel's key, the session and user looked up the same way), reads a home page with the
 * feed's page query and hydration queries, and on a new post pushes its id to every recently
 * active reader's list before answering.
 */
export async function bootFeedBaseline(sql: Sql, appSecret: string, lists: BareLists): Promise<FeedBaseline> {
  const verify = createVerifier({ key: deriveKey(appSecret, 'access-token'), algorithms: ['HS256'], allowedIss: 'petamigos', cache: false });
  const app = Fastify({ logger: false });

  const authenticate = async (request: FastifyRequest): Promise<string | null> => {
    const header = request.headers.authorization ?? '';
    if (!header.startsWith('Bearer ')) return null;
    let claims: { sub: string; sid: string };
    try {
      claims = verify(header.slice(7)) as { sub: string; sid: string };
    } catch {
      return null;
    }
    const [row] = await sql<{ id: string; suspended_at: Date | null; revoked_at: Date | null; last_active_at: Date }>(
      'select u.id, u.suspended_at, u.last_active_at, s.revoked_at from kernel_session s join kernel_user u on u.id = s.user_id where s.id = ? and u.id = ?',
      [claims.sid, claims.sub],
    );
    if (!row || row.revoked_at || row.suspended_at) return null;
    if (Date.now() - new Date(row.last_active_at).getTime() > 5 * 60_000) await sql('update kernel_user set last_active_at = now() where id = ?', [row.id]);
    return row.id;
  };

  const viewer = async (id: string): Promise<Viewer> => {
    const [g] = await sql<{ friends: string[]; following: string[]; circle_of: string[]; hidden: string[] }>(GRAPH_SQL, [id, id, id, id, id, id, id, id]);
    return { id, friends: g!.friends, following: g!.following, circleOf: g!.circle_of, hidden: g!.hidden };
  };

  app.get('/api/feed/home', async (request, reply) => {
    const me = await authenticate(request);
    if (!me) return reply.status(401).send({ error: { code: 'UNAUTHORIZED', message: 'Sign in first.', details: {} } });
    const v = await viewer(me);
    const rows = await sql<{ id: string }>(PAGE_SQL, [me, arr(v.friends), arr(v.circleOf), arr(v.following), arr(v.hidden), 'ffffffff-ffff-ffff-ffff-ffffffffffff', PAGE + 1]);
    const page = rows.slice(0, PAGE).map((r) => r.id);
    return {
      items: await hydrate(sql, me, page),
      nextCursor: rows.length > PAGE ? Buffer.from(`v1:${page[page.length - 1]!}`, 'utf8').toString('base64url') : null,
      mode: 'chronological',
    };
  });

  app.post<{ Body: { text: string; visibility: 'public' } }>('/api/feed/posts', async (request, reply) => {
    const me = await authenticate(request);
    if (!me) return reply.status(401).send({ error: { code: 'UNAUTHORIZED', message: 'Sign in first.', details: {} } });
    const id = uuidv7();
    const { text, visibility } = request.body;
    const [row] = await sql<{ created_at: Date }>('insert into feed_post (id, author_id, text, visibility) values (?, ?, ?, ?) returning created_at', [id, me, text, visibility]);
    const audience = await sql<{ id: string }>(AUDIENCE_SQL, [me, me, me, me, ACTIVE_DAYS, me, me]);
    // Above the threshold the author's posts would be merged at read time, as in the feed.
    await lists.push(audience.length > FANOUT_MAX_FOLLOWERS ? [me] : [me, ...audience.map((r) => r.id)], id);
    return reply.status(201).send({ id, text, visibility, createdAt: iso(row!.created_at) });
  });

  await app.ready();
  return {
    lists,
    async listen() {
      await app.listen(LISTEN);
      return originOf(app.server);
    },
    async close() {
      try {
        await app.close();
      } finally {
        await lists.close();
      }
    },
  };
}

/** The feed's hydration (`Posts.hydrate`): the same nine queries in parallel, then the authors. */
async function hydrate(sql: Sql, viewerId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const list = arr(ids);
  const [posts, tags, media, reactions, mine, comments, polls, options, votes] = await Promise.all([
    sql<{ id: string; author_id: string; text: string; visibility: string; language: string | null; created_at: Date; edited_at: Date | null }>('select * from feed_post where id = any(?::uuid[])', [list]),
    sql<{ post_id: string; tag: string }>('select post_id, tag from feed_post_hashtag where post_id = any(?::uuid[]) order by tag', [list]),
    sql<{ id: string; post_id: string; width: number; height: number }>('select id, post_id, width, height, variants from feed_media where post_id = any(?::uuid[]) order by position', [list]),
    sql<{ target_id: string; kind: string; n: number }>(`select target_id, kind, n from feed_reaction_count where target_type = 'post' and target_id = any(?::uuid[]) and n > 0`, [list]),
    sql<{ target_id: string; kind: string }>(`select target_id, kind from feed_reaction where target_type = 'post' and user_id = ? and target_id = any(?::uuid[])`, [viewerId, list]),
    sql<{ post_id: string; n: string }>('select post_id, count(*) as n from feed_comment where post_id = any(?::uuid[]) and deleted_at is null and not hidden group by post_id', [list]),
    sql<{ post_id: string }>('select * from feed_poll where post_id = any(?::uuid[])', [list]),
    sql<{ post_id: string }>('select o.id, o.post_id, o.text, (select count(*) from feed_poll_vote v where v.option_id = o.id) as votes from feed_poll_option o where o.post_id = any(?::uuid[]) order by o.position', [list]),
    sql<{ post_id: string }>('select post_id, option_id from feed_poll_vote where user_id = ? and post_id = any(?::uuid[])', [viewerId, list]),
  ]);
  // The seed has no images, polls or shares: the queries still run, as in the feed, but their (empty) answers are not rendered.
  if (media.length + polls.length + options.length + votes.length > 0) throw new Error('feed baseline: the seed has no images or polls; the bare renderer does not draw them');
  const authorIds = [...new Set(posts.map((p) => p.author_id))];
  const users = new Map(
    (await sql<{ id: string; username: string; display_name: string; avatar_url: string | null }>(`select * from kernel_user where id in (${authorIds.map(() => '?').join(', ')})`, authorIds)).map((u) => [u.id, u]),
  );
  const byId = new Map(posts.map((p) => [p.id, p]));
  const tagsOf = new Map<string, string[]>();
  for (const t of tags) tagsOf.set(t.post_id, [...(tagsOf.get(t.post_id) ?? []), t.tag]);
  return ids.flatMap((id) => {
    const p = byId.get(id);
    if (!p) return [];
    const author = users.get(p.author_id);
    const counts: Record<string, number> = Object.fromEntries(REACTIONS.map((k) => [k, 0]));
    for (const r of reactions) if (r.target_id === id) counts[r.kind] = Number(r.n);
    return [{
      id,
      author: author ? { id: author.id, username: author.username, displayName: author.display_name, avatarUrl: author.avatar_url } : null,
      text: p.text,
      visibility: p.visibility,
      language: p.language,
      hashtags: tagsOf.get(id) ?? [],
      media: [],
      poll: null,
      sharedPost: null,
      reactions: counts,
      myReaction: mine.find((r) => r.target_id === id)?.kind ?? null,
      commentCount: Number(comments.find((c) => c.post_id === id)?.n ?? 0),
      createdAt: iso(p.created_at),
      editedAt: iso(p.edited_at),
    }];
  });
}
