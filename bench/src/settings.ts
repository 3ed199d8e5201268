/** What a bench run can be tuned with, read once from the environment. */
export interface BenchSettings {
  /** Seconds of each measured autocannon run. */
  durationSeconds: number;
  /** Seconds of the unrecorded run before each measured one, so both sides are JIT-warm. */
  warmupSeconds: number;
  connections: number;
  /** Boots timed per variant on PostgreSQL and on PGlite (median reported). */
  bootRuns: { postgres: number; pglite: number };
  /** The server fresh bench databases are created on. */
  postgresUrl: string;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const durationSeconds = positiveNumber(env, 'BENCH_DURATION', 5);
  return {
    durationSeconds,
    warmupSeconds: Math.min(1, durationSeconds),
    connections: 10,
    bootRuns: { postgres: 15, pglite: 5 },
    postgresUrl: env.PETAMIGOS_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
  };
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of seconds, found "${raw}"`);
  return value;
}
