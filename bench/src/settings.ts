/** The parts of the bench `BENCH_ONLY` can pick, in the order they run. */
export const SECTIONS = ['cli', 'http', 'events', 'jobs', 'media', 'realtime', 'search', 'feed', 'web'] as const;
export type Section = (typeof SECTIONS)[number];

/** What a bench run can be tuned with, read once from the environment. */
export interface BenchSettings {
  /** Which sections run (`BENCH_ONLY`, default all). */
  sections: ReadonlySet<Section>;
  /** Seconds of each measured autocannon run. */
  durationSeconds: number;
  /** Seconds of the unrecorded run before each measured one, so both sides are JIT-warm. */
  warmupSeconds: number;
  connections: number;
  /** Boots timed per variant on PostgreSQL and on PGlite (median reported). */
  bootRuns: { postgres: number; pglite: number };
  /** The server fresh bench databases are created on. */
  postgresUrl: string;
  /** The Redis server the Redis and BullMQ figures run on; the bench only touches keys under its own prefix. */
  redisUrl: string;
  /** Least measured seconds per side of each events/s and jobs/s figure. */
  throughputSeconds: number;
  /** Documents the search figures seed (`BENCH_SEARCH_DOCUMENTS`, default 100 000). */
  searchDocuments: number;
  /** People and posts the feed figures seed (`BENCH_FEED_USERS`, default 10 000; `BENCH_FEED_POSTS`, default 1 000 000). */
  feedUsers: number;
  feedPosts: number;
  /** Page loads per side and mode of the web figures (`BENCH_WEB_RUNS`, default 5). */
  webRuns: number;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const durationSeconds = positiveNumber(env, 'BENCH_DURATION', 5);
  return {
    sections: readSections(env.BENCH_ONLY),
    durationSeconds,
    warmupSeconds: Math.min(1, durationSeconds),
    connections: 10,
    bootRuns: { postgres: 15, pglite: 5 },
    postgresUrl: env.PETAMIGOS_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
    redisUrl: env.PETAMIGOS_BENCH_REDIS_URL || 'redis://127.0.0.1:6379',
    throughputSeconds: positiveNumber(env, 'BENCH_THROUGHPUT_SECONDS', 3),
    searchDocuments: Math.round(positiveNumber(env, 'BENCH_SEARCH_DOCUMENTS', 100_000)),
    feedUsers: Math.round(positiveNumber(env, 'BENCH_FEED_USERS', 10_000)),
    feedPosts: Math.round(positiveNumber(env, 'BENCH_FEED_POSTS', 1_000_000)),
    webRuns: Math.round(positiveNumber(env, 'BENCH_WEB_RUNS', 5)),
  };
}

function readSections(raw: string | undefined): ReadonlySet<Section> {
  if (raw === undefined || raw.trim() === '') return new Set(SECTIONS);
  const picked = raw.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  const unknown = picked.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0 || picked.length === 0) {
    throw new Error(`BENCH_ONLY takes a comma list of ${SECTIONS.join(', ')}; found "${raw}"`);
  }
  return new Set(picked as Section[]);
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, found "${raw}"`);
  return value;
}
