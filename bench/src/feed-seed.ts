import { createSigner } from 'fast-jwt';
// Not part of the kernel's public surface: the bench signs access tokens exactly as the kernel
// does (the same key derivation), so thousands of people can be signed in without thousands of logins.
import { deriveKey } from '../../core/dist/accounts/crypto.js';

/** SQL with `?` placeholders, on whichever connection the seed runs (a `pg` client, or the kernel's PGlite one). */
export type Sql = <Row = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<Row[]>;

/** Authors merged at read time: followed by about 60 % of everyone, above the feed's `fanoutMaxFollowers` (5 000) at 10 000 users. */
const BIG_AUTHORS = 5;
/** Authors whose posts the fan-out figures time: followed by exactly the warm readers, nobody else, no friends. */
const FANOUT_AUTHORS = 10;
/** The first ordinary person; everyone below is one of the special authors above. */
const FIRST = BIG_AUTHORS + FANOUT_AUTHORS;
const FANOUT_FOLLOWERS = 1000;
const MIN_USERS = 700;
/** Seeded user ids carry this timestamp plus their number: created in Nov 2023, in number order. */
const USER_EPOCH_MS = 1_700_000_000_000;
const POST_SPAN_MS = 180 * 86_400_000;

/**
 * Who is who in a seeded installation. People are numbered `0 … users-1` and their ids are a
 * function of the number, so the bench knows everyone's id without reading it back.
 */
export interface FeedLayout {
  users: number;
  posts: number;
  bigAuthors: number[];
  fanoutAuthors: number[];
  /** Readers of the cached run and the fan-out (their lists are put in the cache): all active, all follow every fan-out author. */
  warm: number[];
  /** Active readers outside `warm`: the same-answer check, the warm-ups and the cold run. */
  others: number[];
}

export function feedLayout(users: number, posts: number): FeedLayout {
  // Below this there are too few people outside the warm readers for a cold run of 50 clients in
  // which nobody is read twice.
  if (users < MIN_USERS) throw new Error(`BENCH_FEED_USERS must be at least ${MIN_USERS}, found ${users}`);
  const warmCount = Math.min(FANOUT_FOLLOWERS, Math.floor((users - FIRST) / 2));
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
  return {
    users,
    posts,
    bigAuthors: range(0, BIG_AUTHORS),
    fanoutAuthors: range(BIG_AUTHORS, FIRST),
    warm: range(FIRST, FIRST + warmCount),
    others: range(FIRST + warmCount, users).filter(isActive),
  };
}

/** 85 % of ordinary people were here recently (the feed fans out only to them); warm readers always. */
const isActive = (u: number) => u % 20 < 17;
const ACTIVE_SQL = (u: string) => `(${u}) % 20 < 17`;

/** A UUIDv7 from a millisecond timestamp and a unique number: time-ordered like the feed's own ids, and repeatable. */
function v7Sql(msExpr: string, kind: number, nExpr: string): string {
  return `(lpad(to_hex((${msExpr})::bigint), 12, '0') || '7${hex(kind, 3)}8' || lpad(to_hex((${nExpr})::bigint), 15, '0'))::uuid`;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

function v7(ms: number, kind: number, n: number): string {
  const h = `${hex(ms, 12)}7${hex(kind, 3)}8${hex(n, 15)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const userSql = (u: string) => v7Sql(`${USER_EPOCH_MS} + (${u})`, 1, u);
const sessionSql = (u: string) => v7Sql(`${USER_EPOCH_MS} + (${u})`, 3, u);
export const userId = (u: number): string => v7(USER_EPOCH_MS + u, 1, u);
const sessionId = (u: number): string => v7(USER_EPOCH_MS + u, 3, u);

export interface SeedReport {
  seconds: number;
  rows: Record<string, number>;
}

/**
 * Seeds people, the social graph and posts straight into the kernel's and the plugins' tables
 * (after their migrations ran), set-based: a few `INSERT … SELECT` over `generate_series`.
 *
 * - People: everyone active except 15 % of ordinary ones (last seen 60 days ago), one session each.
 * - Follows: each ordinary person draws 100–200 people to follow, popular people more often
 *   (`random()^1.6`; a person drawn twice is followed once), plus each big author with 60 % chance; the warm readers follow every fan-out
 *   author, and nobody else does.
 * - Friends: each ordinary person asks 8–16 others (about 25 friends each), all accepted; one
 *   friendship in ten puts the addressee in the requester's close-friends circle.
 * - A mute per 20 people, a block per 50.
 * - Posts over the last 180 days, ids in time order: 1 % by the 15 special authors, the rest
 *   skewed towards popular people; 75 % public, 20 % friends, 3 % close friends, 2 % only me,
 *   0.5 % deleted; a hashtag on 10 %, reactions on 20 %, a comment on 4 %.
 */
export async function seedFeed(sql: Sql, layout: FeedLayout, log: (message: string) => void): Promise<SeedReport> {
  const started = performance.now();
  const { users: n, posts } = layout;
  const rows: Record<string, number> = {};
  const step = async (table: string, text: string, params: unknown[] = []) => {
    const t0 = performance.now();
    await withoutSecondaryIndexes(sql, table, () => sql(text, params));
    const [count] = await sql<{ n: number }>(`select count(*)::int as n from ${table}`);
    rows[table] = count!.n;
    log(`feed: seeded ${table}: ${count!.n.toLocaleString('en-US')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  // Repeatable draws: the same graph and posts on every run.
  await sql('select setseed(0.4242)');

  await step('kernel_user', `insert into kernel_user (id, username, email, display_name, password_hash, language, email_verified, created_at, last_active_at)
    select ${userSql('u')}, 'bench' || u, 'bench' || u || '@bench.invalid', 'Bench ' || u, '!', 'es', true, now() - interval '200 days',
      case when u < ${FIRST + layout.warm.length} or ${ACTIVE_SQL('u')} then now() else now() - interval '60 days' end
    from generate_series(0, ${n - 1}) u`);
  await step('kernel_session', `insert into kernel_session (id, user_id, expires_at) select ${sessionSql('u')}, ${userSql('u')}, now() + interval '7 days' from generate_series(0, ${n - 1}) u`);

  const warmFrom = layout.warm[0]!;
  const warmTo = warmFrom + layout.warm.length;
  // Pairs, not draws: a person drawn twice follows once, and the rows go in in key order.
  await step('social_follow', `insert into social_follow (id, follower_id, followee_id, created_at)
    select ${v7Sql(`${USER_EPOCH_MS} + 1000000000 + s.u`, 5, 's.u::bigint * 16384 + s.t')}, ${userSql('s.u')}, ${userSql('s.t')}, now() - interval '100 days'
    from (
      select u, ${FIRST} + floor(${n - FIRST} * power(random(), 1.6))::int as t
      from generate_series(${FIRST}, ${n - 1}) u cross join lateral generate_series(1, 100 + (u * 7919) % 101) j
      union
      select u, b from generate_series(${FIRST}, ${n - 1}) u, generate_series(0, ${BIG_AUTHORS - 1}) b where random() < 0.6
      union
      select u, f from generate_series(${warmFrom}, ${warmTo - 1}) u, generate_series(${BIG_AUTHORS}, ${FIRST - 1}) f
    ) s
    where s.t <> s.u
    order by 1`);
  await step('social_friendship', `insert into social_friendship (id, requester_id, addressee_id, status, created_at, accepted_at)
    select ${v7Sql(`${USER_EPOCH_MS} + 1100000000 + s.u`, 6, 's.u::bigint * 64 + s.j')}, ${userSql('s.u')}, ${userSql('s.v')}, 'accepted', now() - interval '120 days', now() - interval '119 days'
    from (
      select u, j, ${FIRST} + floor(${n - FIRST} * random())::int as v
      from generate_series(${FIRST}, ${n - 1}) u, generate_series(1, 16) j
      where j <= 8 + u % 9
    ) s
    where s.v <> s.u
    on conflict do nothing`);
  await step('social_close_friend', `insert into social_close_friend (id, owner_id, friend_id)
    select ${v7Sql(`${USER_EPOCH_MS} + 1200000000`, 7, 'row_number() over ()')}, requester_id, addressee_id
    from social_friendship where get_byte(uuid_send(id), 15) % 10 = 0
    on conflict do nothing`);
  await step('social_mute', `insert into social_mute (id, muter_id, mutee_id)
    select ${v7Sql(`${USER_EPOCH_MS} + 1300000000 + s.u`, 8, 's.u')}, ${userSql('s.u')}, ${userSql('s.t')}
    from (select u, ${FIRST} + floor(${n - FIRST} * random())::int as t from generate_series(${FIRST}, ${n - 1}) u where u % 20 = 3) s
    where s.t <> s.u on conflict do nothing`);
  await step('kernel_block', `insert into kernel_block (blocker_id, blocked_id)
    select ${userSql('s.u')}, ${userSql('s.t')}
    from (select u, ${FIRST} + floor(${n - FIRST} * random())::int as t from generate_series(${FIRST}, ${n - 1}) u where u % 50 = 7) s
    where s.t <> s.u on conflict do nothing`);

  // Ids and created_at agree and grow with i, ending a minute ago: the bench's new posts are the newest.
  const endMs = Date.now() - 60_000;
  const stepMs = Math.max(1, Math.floor(POST_SPAN_MS / posts));
  const at = `${endMs} - (${posts - 1} - i)::bigint * ${stepMs}`;
  await step('feed_post', `insert into feed_post (id, author_id, text, visibility, language, created_at, deleted_at)
    select ${v7Sql(at, 2, 'i')}, ${userSql('a')},
      (array['Paseo largo por el parque con Luna', 'Toby aprendió a dar la pata', 'Siesta al sol después del baño', 'Primer día en la playa, ¡le encantó!',
             'Vacuna al día, premio merecido', 'Nuevo juguete, ya está roto', 'Morning walk in the rain', 'Who else has a cat that sits on the keyboard?'])[1 + i % 8]
        || case when i % 10 = 0 then ' #perros' else '' end,
      case when i % 100 < 75 then 'public' when i % 100 < 95 then 'friends' when i % 100 < 98 then 'close_friends' else 'only_me' end,
      'es', to_timestamp((${at}) / 1000.0),
      case when i % 211 = 0 then now() else null end
    from (
      select i, case when i % 100 = 50 then (i / 100) % ${FIRST} else ${FIRST} + floor(${n - FIRST} * power(random(), 1.3))::int end as a
      from generate_series(0, ${posts - 1}) i
    ) s`);
  await step('feed_post_hashtag', `insert into feed_post_hashtag (post_id, tag) select ${v7Sql(at, 2, 'i')}, 'perros' from generate_series(0, ${posts - 1}, 10) i`);
  await step('feed_reaction_count', `insert into feed_reaction_count (target_type, target_id, kind, n)
    select 'post', ${v7Sql(at, 2, 'i')}, 'like', 1 + i % 7 from generate_series(0, ${posts - 1}, 5) i
    union all select 'post', ${v7Sql(at, 2, 'i')}, 'love', 2 from generate_series(0, ${posts - 1}, 15) i`);
  await step('feed_comment', `insert into feed_comment (id, post_id, author_id, depth, text)
    select ${v7Sql(`${endMs} + i / 25`, 9, 'i')}, ${v7Sql(at, 2, 'i')}, ${userSql(`${FIRST} + i % ${n - FIRST}`)}, 1, '¡Qué bonito!'
    from generate_series(0, ${posts - 1}, 25) i`);
  for (const table of ['kernel_user', 'kernel_session', 'kernel_block', 'social_follow', 'social_friendship', 'social_close_friend', 'social_mute', 'feed_post', 'feed_post_hashtag', 'feed_reaction_count', 'feed_comment']) {
    await sql(`analyze ${table}`);
  }
  return { seconds: (performance.now() - started) / 1000, rows };
}

/**
 * Runs `fill` with the table's non-unique indexes dropped, then creates them again from their own
 * definitions (`pg_get_indexdef`): one sorted build each instead of a million random inserts.
 * Unique indexes (primary keys included) stay, so uniqueness holds throughout.
 */
async function withoutSecondaryIndexes(sql: Sql, table: string, fill: () => Promise<unknown>): Promise<void> {
  const indexes = await sql<{ indexname: string; indexdef: string }>(
    'select i.relname as indexname, pg_get_indexdef(x.indexrelid) as indexdef from pg_index x join pg_class i on i.oid = x.indexrelid where x.indrelid = ?::regclass and not x.indisunique',
    [table],
  );
  for (const index of indexes) await sql(`drop index "${index.indexname}"`);
  try {
    await fill();
  } finally {
    for (const index of indexes) await sql(index.indexdef);
  }
}

/**
 * Access tokens for seeded people, signed as the kernel signs them (HS256 with the key it derives
 * from its app secret, issuer `petamigos`, the seeded session as `sid`). They last 15 minutes, the
 * kernel's access-token lifetime: longer than the section runs.
 */
export function accessTokens(appSecret: string, people: number[]): Map<number, string> {
  const sign = createSigner({ key: deriveKey(appSecret, 'access-token'), algorithm: 'HS256', expiresIn: 15 * 60_000, iss: 'petamigos' });
  return new Map(people.map((u) => [u, sign({ sub: userId(u), sid: sessionId(u) })]));
}
