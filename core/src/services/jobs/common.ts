import { Cron } from 'croner';
import type { JobDefinition } from './index.js';

/**
 * What both drivers share, so the contract (names, cron dialect, history bounds, defaults) is
 * decided in one place and a plugin sees the same behaviour on a laptop and on a cluster.
 */

/** A job definition with its defaults applied. */
export interface ResolvedJobDefinition {
  handler: JobDefinition['handler'];
  concurrency: number;
  retries: number;
  backoffMs: number;
}

export function resolveDefinition(name: string, definition: JobDefinition): ResolvedJobDefinition {
  const concurrency = definition.concurrency ?? 1;
  const retries = definition.retries ?? 3;
  const backoffMs = definition.backoffMs ?? 1000;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`job ${name}: concurrency must be a positive integer`);
  if (!Number.isInteger(retries) || retries < 0) throw new Error(`job ${name}: retries must be a non-negative integer`);
  if (!Number.isFinite(backoffMs) || backoffMs < 0) throw new Error(`job ${name}: backoffMs must be a non-negative number`);
  return { handler: definition.handler, concurrency, retries, backoffMs };
}

/**
 * Finished jobs are kept for inspection (admin UI, `failed()`, `retry()`) but never without bound:
 * a busy queue would otherwise grow Redis (or the heap) forever. Failures are kept longer than
 * successes because someone has to look at them. Ages are in seconds, as BullMQ takes them.
 */
export const HISTORY = {
  completed: { count: 1000, age: 24 * 3600 },
  failed: { count: 5000, age: 7 * 24 * 3600 },
} as const;

/**
 * Job names become BullMQ queue names and Redis key segments, and schedule ids become parts of job
 * ids; `:` and spaces would corrupt those keys. The kernel namespaces names as `<plugin>.<job>`.
 */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export function assertSafeName(kind: 'job name' | 'schedule id', value: string): void {
  if (!SAFE_NAME.test(value)) {
    throw new Error(`${kind} "${value}" may use only letters, digits, ".", "_" and "-" (and must start with a letter or digit)`);
  }
}

/** An empty id would read as "no id" to BullMQ and lose the uniqueness the caller asked for. */
export function assertJobId(jobId: string | undefined): void {
  if (jobId === '') throw new Error('jobId must not be empty');
}

/**
 * Parses a cron expression the way both drivers run it: standard five fields (minute precision), or
 * six with a leading seconds field. Both croner (in-process) and cron-parser (BullMQ) read six
 * fields as seconds-first, so validating with croner here keeps the two dialects aligned and makes
 * a bad expression fail at `schedule()` on every driver instead of at the first fire on one.
 */
export function parseCron(cron: string, tz: string): Cron {
  let parsed: Cron;
  try {
    parsed = new Cron(cron, { timezone: tz, mode: '5-or-6-parts', paused: true });
    // croner checks the time zone only when it computes a date.
    parsed.nextRun();
  } catch (error) {
    throw new Error(`invalid schedule "${cron}" in time zone ${tz}: ${errorMessage(error)}`);
  }
  return parsed;
}

/**
 * Payloads cross a process boundary under BullMQ, so the in-process driver gives handlers the same
 * JSON round-trip: a plugin that passes a Date or a class instance finds out on a laptop, not in
 * production. `undefined` becomes `null`, which JSON can carry.
 */
export function toWirePayload(payload: unknown): unknown {
  if (payload === undefined) return null;
  const json = JSON.stringify(payload);
  if (json === undefined) throw new Error('job payload must be JSON-serialisable');
  return JSON.parse(json) as unknown;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error) ?? String(error);
}

/** The job id a schedule gives the run of one period: the same on every process, so it runs once. */
export function scheduledRunId(scheduleId: string, at: Date): string {
  return `repeat:${scheduleId}:${at.getTime()}`;
}

/** Thrown by `retry()` for an id that is not a failed job of that name (maps to a 404 in the admin API). */
export class JobNotFoundError extends Error {
  constructor(
    readonly jobName: string,
    readonly jobId: string,
  ) {
    super(`no failed job ${jobId} in ${jobName}`);
    this.name = 'JobNotFoundError';
  }
}
