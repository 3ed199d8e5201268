import { Worker } from 'node:worker_threads';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import type { AnyPluginManifest } from '@petamigos/core';
import { bootFeedBaseline, homeListIds, memoryLists, redisLists, type FeedBaseline } from './feed-baseline.js';
import type { FeedLoadAnswer, FeedLoadJob } from './feed-load-job.js';
import { accessTokens, feedLayout, seedFeed, userId, type FeedLayout, type Sql } from './feed-seed.js';
import { targetLabel, type DatabaseTarget } from './database-target.js';
import { figure, type Figure } from './figures.js';
import { startKernel, type StartedKernel } from './kernel-server.js';
import type { BenchRedis } from './redis-target.js';
import type { BenchSettings } from './settings.js';

/** Concurrent clients of every home-read run, as issue 7 asks. */
const CLIENTS = 50;
/** The feed's `homeCacheSize` default and its lists' time to live. */
const HOME_CACHE_SIZE = 800;
const LIST_TTL_MS = 7 * 86_400_000;
/** Timed posts per side for the fan-out latency (after two untimed ones), and posts per author in the throughput run. */
const FANOUT_POSTS = 10;
/**
 * Posts per author in the posts/s burst. One: on Redis the kernel's event consumer handles
 * `feed.post.created` one at a time, and an entry that waits more than 30 s behind others is
 * claimed again and handled a second time alongside (see "Reading them"), so a long burst measures
 * that, not the fan-out.
 */
const FANOUT_ROUND_POSTS = 1;
/** Without PostgreSQL the section runs on PGlite (one connection, in memory), at most this big. */
const PGLITE_MAX = { users: 1000, posts: 50_000 };

/**
 * Home feed reads and post fan-out of the `social` + `feed` plugins on a seeded installation,
 * next to a bare Fastify + `pg` server doing the same reads and pushes.
 */
export async function feedFigures(target: DatabaseTarget, redis: BenchRedis | undefined, settings: BenchSettings, log: (message: string) => void, note: (message: string) => void): Promise<Figure[]> {
  const db = targetLabel(target);
  let { feedUsers: users, feedPosts: posts } = settings;
  if (target.kind === 'pglite' && (users > PGLITE_MAX.users || posts > PGLITE_MAX.posts)) {
    users = Math.min(users, PGLITE_MAX.users);
    posts = Math.min(posts, PGLITE_MAX.posts);
    note(`feed figures on PGlite (PostgreSQL unreachable), scaled down to ${users.toLocaleString('en-US')} users and ${posts.toLocaleString('en-US')} posts`);
  }
  const layout = feedLayout(users, posts);
  const scale = `${db}${target.kind === 'pglite' ? ' (no PostgreSQL)' : ''}, ${short(users)} users, ${short(posts)} posts`;
  const cacheDriver = redis ? 'Redis' : 'in-process';

  const plugins = await feedPlugins();
  const started = await startKernel(plugins, target, redis ? { redis: { url: redis.url, keyPrefix: `${redis.prefix}:` } } : {});
  const { kernel } = started;
  let pool: pg.Pool | undefined;
  let baseline: FeedBaseline | undefined;
  try {
    const connection = kernel.db.orm.em.getConnection();
    const kernelSql: Sql = async (text, params = []) => (await connection.execute(text, params, 'all')) as never;

    log(`feed: seeding ${users.toLocaleString('en-US')} users and ${posts.toLocaleString('en-US')} posts on ${db}`);
    let seed: Awaited<ReturnType<typeof seedFeed>>;
    if (target.kind === 'postgres') {
      const client = new pg.Client({ connectionString: target.url });
      await client.connect();
      try {
        seed = await seedFeed(pgSql((text, params) => client.query(text, params)), layout, log);
      } finally {
        await client.end();
      }
    } else {
      seed = await seedFeed(kernelSql, layout, log);
    }
    note(`feed: seeding ${users.toLocaleString('en-US')} users, ${seed.rows.social_follow!.toLocaleString('en-US')} follows, ${seed.rows.social_friendship!.toLocaleString('en-US')} friendships and ${posts.toLocaleString('en-US')} posts on ${db} took ${seed.seconds.toFixed(1)} s (in no figure)`);

    const [secret] = await kernelSql<{ value: string }>("select value from kernel_setting where key = 'app_secret'");
    if (!secret) throw new Error('feed: the kernel stored no app secret');
    let baselineSql: Sql;
    if (target.kind === 'postgres') {
      // The kernel's pool size (`database.pool.max`, 10 by default).
      const p = new pg.Pool({ connectionString: target.url, max: kernel.config.database.pool.max });
      p.on('error', () => undefined);
      pool = p;
      baselineSql = pgSql((text, params) => p.query(text, params));
    } else {
      note('feed baseline on PGlite runs its SQL through the kernel\'s one connection (PGlite serves a single one), not its own pg pool');
      baselineSql = kernelSql;
    }
    baseline = await bootFeedBaseline(baselineSql, secret.value, redis ? redisLists(redis.url, `${redis.prefix}:raw:`) : memoryLists());
    const tokens = accessTokens(secret.value, [...layout.warm, ...layout.others, ...layout.fanoutAuthors]);
    const tokensOf = (people: number[]) => people.map((u) => tokens.get(u)!);
    const origins = { kernel: await kernel.listen({ host: '127.0.0.1', port: 0 }), baseline: await baseline.listen() };
    const homeLists = kernel.cache.namespace('feed');

    // Both must show the same page to the same people, or the figures compare different work.
    const [checkA, checkB, checkC, ...rest] = layout.others;
    for (const u of [checkA!, checkB!, checkC!]) await assertSameHome(origins, tokens.get(u)!, `user ${u}`);
    const warmup = { kernel: rest.slice(0, CLIENTS), baseline: rest.slice(CLIENTS, 2 * CLIENTS) };
    const coldPeople = rest.slice(2 * CLIENTS);
    const figures: Figure[] = [];
    const readFigures = (id: string, label: string, k: SideResult, b: SideResult, detail: Record<string, unknown>) => {
      figures.push(
        figure(`${id}.rps`, `${label} req/s`, 'req/s', k.requestsPerSecond, b.requestsPerSecond, { ...detail, kernel: k, baseline: b }),
        figure(`${id}.p50`, `${label} p50`, 'ms', k.p50Ms, b.p50Ms),
        figure(`${id}.p95`, `${label} p95`, 'ms', k.p95Ms, b.p95Ms),
        figure(`${id}.p99`, `${label} p99`, 'ms', k.p99Ms, b.p99Ms),
      );
    };

    // Cold: the cache is flushed and every request, warm-up included, is a different person, so
    // each one finds no list and the feed rebuilds it from the database.
    const flushed = await homeLists.deleteByPrefix('home:');
    log(`feed: home reads, cold lists (${flushed} flushed): a different person per request, ${CLIENTS} clients`);
    const coldTokens = tokensOf(coldPeople);
    // autocannon builds each connection's next request ahead, so leave room for those tokens too.
    const coldKernel = await measureSide(origins.kernel, { warmup: tokensOf(warmup.kernel) }, coldTokens, settings, coldPeople.length - 2 * CLIENTS);
    const coldBaseline = await measureSide(origins.baseline, { warmup: tokensOf(warmup.baseline) }, coldTokens, settings);
    if (coldKernel.built > coldTokens.length) throw new Error(`feed: the cold run built ${coldKernel.built} requests for ${coldTokens.length} people; nobody may be read twice`);
    readFigures('feed.home.cold', `[feed] ${scale}: home, lists cold (rebuilt from ${db}), ${CLIENTS} clients`, coldKernel, coldBaseline, {
      users, posts, seed, flushedLists: flushed, clients: CLIENTS,
    });

    // Cached: the warm readers' lists are put in the cache as the feed builds them (the same query,
    // the same shape), which is much faster than having the kernel build 1 000 of them; a sample of
    // them must then give the same first page as the database.
    const prefillStarted = performance.now();
    const queue = [...layout.warm];
    // A few at a time, on the kernel's pool (PGlite serialises them on its one connection anyway).
    await Promise.all(Array.from({ length: 8 }, async () => {
      for (let u = queue.shift(); u !== undefined; u = queue.shift()) {
        const ids = await homeListIds(kernelSql, userId(u), HOME_CACHE_SIZE);
        await homeLists.set(`home:${userId(u)}`, { ids, complete: ids.length < HOME_CACHE_SIZE }, { ttlMs: LIST_TTL_MS });
      }
    }));
    log(`feed: ${layout.warm.length} warm readers' lists put in the ${cacheDriver} cache in ${((performance.now() - prefillStarted) / 1000).toFixed(1)} s`);
    for (const u of layout.warm.slice(0, 3)) await assertSameHome(origins, tokens.get(u)!, `warm reader ${u}`);
    log(`feed: home reads, cached lists (${cacheDriver}): ${layout.warm.length} people, ${CLIENTS} clients`);
    const warmTokens = tokensOf(layout.warm);
    // Both sides are warm from the cold runs; their pace there sizes these runs.
    const cachedKernel = await measureSide(origins.kernel, coldKernel, warmTokens, settings);
    const cachedBaseline = await measureSide(origins.baseline, coldBaseline, warmTokens, settings);
    const evicted = await missingLists(homeLists, layout.warm);
    if (evicted.length > 0) throw new Error(`feed: ${evicted.length} cached list(s) vanished during the cached run; the figure would mix in cold reads`);
    readFigures('feed.home.cached', `[feed] ${scale}: home, lists cached (${cacheDriver}), ${CLIENTS} clients`, cachedKernel, cachedBaseline, {
      people: layout.warm.length, clients: CLIENTS, cacheDriver,
    });

    figures.push(...(await fanoutFigures(started, baseline, layout, tokens, origins, homeLists, log, scale, cacheDriver)));
    return figures;
  } finally {
    await baseline?.close();
    await pool?.end();
    await started.close();
  }
}

const HOME = '/api/feed/home';

/**
 * A post by an author with exactly the warm readers as followers (1 000 at the default size), all
 * recently active and all with a warm list. Kernel: `POST /api/feed/posts`, then
 * `kernel.events.drain()` (the outbox relayed and the `feed.post.created` handler done: search
 * indexing and the push into every list). Bare: the insert, the audience query and one pipeline
 * of `LPUSH` + `LTRIM`, all before the answer.
 */
async function fanoutFigures(
  { kernel }: StartedKernel,
  baseline: FeedBaseline,
  layout: FeedLayout,
  tokens: Map<number, string>,
  origins: { kernel: string; baseline: string },
  homeLists: ReturnType<StartedKernel['kernel']['cache']['namespace']>,
  log: (message: string) => void,
  scale: string,
  cacheDriver: string,
): Promise<Figure[]> {
  const followers = layout.warm.length;
  const posted = { kernel: [] as string[], baseline: [] as string[] };
  const post = async (side: 'kernel' | 'baseline', author: number, text: string) => {
    const response = await fetch(`${origins[side]}/api/feed/posts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get(author)!}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text, visibility: 'public' }),
    });
    const body = (await response.json()) as { id: string };
    if (response.status !== 201) throw new Error(`feed: ${side} POST /api/feed/posts answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
    posted[side].push(body.id);
  };
  const sides = {
    kernel: async (author: number, text: string) => {
      await post('kernel', author, text);
      await drained(kernel);
    },
    baseline: (author: number, text: string) => post('baseline', author, text),
  };

  log(`feed: post + fan-out to ${followers.toLocaleString('en-US')} followers, ${FANOUT_POSTS} posts per side, one at a time`);
  const times = { kernel: [] as number[], baseline: [] as number[] };
  const [author] = layout.fanoutAuthors;
  for (const side of ['kernel', 'baseline'] as const) for (let i = 0; i < 2; i++) await sides[side](author!, `Untimed fan-out ${i}`);
  for (let i = 0; i < FANOUT_POSTS; i++) {
    // Alternating who goes first, so a busy moment of the machine hits both.
    for (const side of i % 2 === 0 ? (['kernel', 'baseline'] as const) : (['baseline', 'kernel'] as const)) {
      const t0 = performance.now();
      await sides[side](author!, `Fan-out ${i}: paseo por el parque`);
      times[side].push(performance.now() - t0);
    }
  }

  const authors = layout.fanoutAuthors.length;
  log(`feed: posts/s, ${authors} authors posting ${FANOUT_ROUND_POSTS === 1 ? 'one post' : `${FANOUT_ROUND_POSTS} posts`} each at once, fan-out to ${followers.toLocaleString('en-US')} followers each`);
  const round = { kernel: 0, baseline: 0 };
  for (const side of ['kernel', 'baseline'] as const) {
    const t0 = performance.now();
    await Promise.all(layout.fanoutAuthors.map(async (a) => {
      for (let i = 0; i < FANOUT_ROUND_POSTS; i++) await post(side, a, `Ronda ${i} de ${a}`);
    }));
    if (side === 'kernel') await drained(kernel);
    round[side] = performance.now() - t0;
  }

  // Every follower's list must hold every post, or the times measured less than the whole fan-out.
  const missing = { kernel: 0, baseline: 0 };
  for (const reader of layout.warm) {
    const k = new Set((await homeLists.get<{ ids: string[] }>(`home:${userId(reader)}`))?.ids ?? []);
    const b = new Set(await baseline.lists.get(userId(reader)));
    missing.kernel += posted.kernel.filter((id) => !k.has(id)).length;
    missing.baseline += posted.baseline.filter((id) => !b.has(id)).length;
  }
  if (missing.kernel + missing.baseline > 0) {
    throw new Error(`feed: after the fan-out, followers' lists lack ${missing.kernel} kernel and ${missing.baseline} bare (follower, post) pair(s) of ${posted.kernel.length * followers}`);
  }
  const rounds = authors * FANOUT_ROUND_POSTS;
  const label = `[feed] ${scale}: post + fan-out to ${followers.toLocaleString('en-US')} followers (${cacheDriver})`;
  return [
    figure('feed.fanout.ms', `${label}, until every list holds it, median`, 'ms', median(times.kernel), median(times.baseline), { followers, posts: FANOUT_POSTS, samplesMs: times }),
    figure('feed.fanout.rate', `[feed] posts/s, ${authors} authors at once, each fanned out to ${followers.toLocaleString('en-US')}`, 'posts/s', (rounds * 1000) / round.kernel, (rounds * 1000) / round.baseline, {
      authors, postsPerAuthor: FANOUT_ROUND_POSTS, ms: round,
    }),
  ];
}

/**
 * `kernel.events.drain()`, for as long as a fan-out may take: on Redis it gives up after 15 s of
 * work still pending, which a burst of fan-outs on a busy machine can take. Five minutes is far
 * more than ten fan-outs need; beyond it the events are being handled again and again.
 */
async function drained(kernel: StartedKernel['kernel']): Promise<void> {
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      return await kernel.events.drain();
    } catch (error) {
      if (!/did not drain in time/.test((error as Error).message)) throw error;
      if (Date.now() > deadline) throw new Error('feed: the fan-outs did not drain in 5 minutes; on Redis, check XPENDING of the feed.post.created stream for entries delivered many times (claimed again while still queued)');
    }
  }
}

type FeedLoadResult = Extract<FeedLoadAnswer, { ok: true }>;
type SideResult = FeedLoadResult & { paceRequestsPerSecond: number };

/**
 * One side's load: `pace.warmup`, when given, first runs one unrecorded request per client (JIT,
 * pools) and gauges the side's pace; then about `durationSeconds` worth of requests at that pace
 * (at least two per client, at most `max`). Any error or non-2xx answer fails the bench.
 */
async function measureSide(origin: string, pace: { warmup: string[] } | { requestsPerSecond: number }, tokens: string[], settings: BenchSettings, max = Number.POSITIVE_INFINITY): Promise<SideResult> {
  let requestsPerSecond: number;
  if ('warmup' in pace) {
    const warm = await fire({ url: origin + HOME, tokens: pace.warmup, connections: CLIENTS, amount: CLIENTS });
    assertClean(origin, warm);
    requestsPerSecond = warm.requestsPerSecond;
  } else {
    requestsPerSecond = pace.requestsPerSecond;
  }
  const amount = Math.floor(Math.min(max, Math.max(2 * CLIENTS, requestsPerSecond * settings.durationSeconds)));
  const result = await fire({ url: origin + HOME, tokens, connections: CLIENTS, amount });
  assertClean(origin, result);
  return { ...result, paceRequestsPerSecond: requestsPerSecond };
}

function assertClean(origin: string, result: FeedLoadResult): void {
  if (result.errors > 0 || result.non2xx > 0 || result.ok2xx === 0) {
    throw new Error(`${origin}${HOME}: ${result.errors} connection error(s) or timeout(s) and ${result.non2xx} non-2xx answer(s) under load, ${result.ok2xx} good`);
  }
}

async function fire(job: FeedLoadJob): Promise<FeedLoadResult> {
  const worker = new Worker(new URL('./feed-load-worker.js', import.meta.url), { workerData: job });
  try {
    const answer = await new Promise<FeedLoadAnswer>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`feed load worker exited with code ${code} before answering`)));
    });
    if (!answer.ok) throw new Error(`autocannon against ${job.url}: ${answer.message}`);
    return answer;
  } finally {
    await worker.terminate();
  }
}

async function getHome(origin: string, token: string): Promise<{ items: Array<{ id: string }>; nextCursor: string | null }> {
  const response = await fetch(origin + HOME, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${origin}${HOME} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as { items: Array<{ id: string }>; nextCursor: string | null };
}

/** Fails unless both sides give this person the same full first page. */
async function assertSameHome(origins: { kernel: string; baseline: string }, token: string, who: string): Promise<void> {
  const [k, b] = [await getHome(origins.kernel, token), await getHome(origins.baseline, token)];
  if (!isDeepStrictEqual(k, b)) {
    throw new Error(`feed: kernel and baseline show ${who} different home pages:\n  kernel:   ${JSON.stringify(k).slice(0, 600)}\n  baseline: ${JSON.stringify(b).slice(0, 600)}`);
  }
  if (k.items.length !== 20 || !k.nextCursor) throw new Error(`feed: ${who}'s home has ${k.items.length} posts and no next page; the seed is too thin`);
}

async function missingLists(cache: { get<T>(key: string): Promise<T | undefined> }, people: number[]): Promise<number[]> {
  const out: number[] = [];
  for (const u of people) if (!(await cache.get(`home:${userId(u)}`))) out.push(u);
  return out;
}

/**
 * The plugins as an operator enables them. Imported by name at run time: the bench's own
 * TypeScript project does not compile the plugins' sources (`npm run bench` builds them first).
 */
export async function feedPlugins(): Promise<AnyPluginManifest[]> {
  const load = async (name: string) => ((await import(name)) as { default: AnyPluginManifest }).default;
  return [await load('@petamigos/plugin-social'), await load('@petamigos/plugin-feed')];
}

/** `?` placeholders (the kernel's style, used by the shared SQL) turned into `pg`'s `$1, $2, …`. */
function pgSql(query: (text: string, params: unknown[]) => Promise<{ rows: unknown[] }>): Sql {
  const converted = new Map<string, string>();
  return async <Row>(text: string, params: unknown[] = []) => {
    let sql = converted.get(text);
    if (sql === undefined) {
      let n = 0;
      sql = text.replace(/\?/g, () => `$${++n}`);
      converted.set(text, sql);
    }
    return (await query(sql, params)).rows as Row[];
  };
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

const short = (n: number) => (n >= 1_000_000 && n % 1_000_000 === 0 ? `${n / 1_000_000}M` : n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : n.toLocaleString('en-US'));
