import type { FastifyBaseLogger } from 'fastify';
import { BullMqJobQueue } from './bullmq.js';
import { InProcessJobQueue } from './in-process.js';

/**
 * The jobs and schedules contract. Drivers: `in-process.ts` (embedded default: timers in this
 * process) and `bullmq.ts` (BullMQ on Redis: `petamigos worker` processes, any number of them).
 * Plugins never see which one runs; both pass the same contract suite
 * (`core/test/services/jobs.test.ts`).
 */
export interface JobMeta {
  /** The job's id: the `jobId` it was enqueued with, or a generated one. */
  id: string;
  /** 1 on the first run, 2 on the first retry, and so on. */
  attempt: number;
  /** Stores how far the job got (a percentage or any JSON object), for the admin UI. */
  progress(p: number | object): Promise<void>;
}

export interface JobDefinition {
  handler: (payload: unknown, meta: JobMeta) => unknown | Promise<unknown>;
  /** Jobs of this name run at once per worker process (default 1). */
  concurrency?: number;
  /** Further attempts after a failure (default 3). */
  retries?: number;
  /** Base of the exponential backoff: retry n waits `backoffMs * 2^(n-1)` (default 1000). */
  backoffMs?: number;
}

export interface EnqueueOptions {
  /**
   * Makes the job unique: while a job with this id is known (waiting, delayed, active, or still in
   * the bounded completed/failed history) enqueueing it again does nothing and returns
   * `created: false`. Any string.
   */
  jobId?: string;
  delayMs?: number;
}

export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';
export type JobCounts = Record<JobState, number>;

export interface FailedJob {
  id: string;
  name: string;
  payload: unknown;
  /** The last attempt's error message. */
  error: string;
  attempts: number;
  failedAt: Date;
}

export interface ScheduleTarget {
  /** The job to enqueue at every period. */
  name: string;
  payload?: unknown;
  /** IANA time zone the cron is read in (default UTC). */
  tz?: string;
}

export interface ScheduleInfo {
  id: string;
  cron: string;
  tz: string;
  name: string;
  /** When it fires next, or null if it never will. */
  next: Date | null;
}

export interface JobQueue {
  readonly driver: 'in-process' | 'bullmq';
  /** Declare every job before start(); names are already namespaced by the kernel, e.g. `stories.cleanup`. */
  define(name: string, definition: JobDefinition): void;
  enqueue(name: string, payload: unknown, options?: EnqueueOptions): Promise<{ id: string; created: boolean }>;
  /**
   * Cron in a time zone (default UTC): five standard fields, or six with leading seconds. Upserts:
   * calling it again with the same id replaces the schedule. Fires once per period across the
   * whole cluster however many processes call this.
   */
  schedule(scheduleId: string, cron: string, job: ScheduleTarget): Promise<void>;
  /** Removes a schedule (a plugin dropped or renamed it, or was disabled). Unknown ids are ignored. */
  unschedule(scheduleId: string): Promise<void>;
  /** Every schedule on the defined jobs, so the kernel can remove the ones no manifest declares any more. */
  schedules(): Promise<ScheduleInfo[]>;
  /** Start consuming (worker role). Web-only processes enqueue but never call start(). */
  start(): Promise<void>;
  /** By job name, for every defined job. */
  counts(): Promise<Record<string, JobCounts>>;
  /** Most recent failures first (default limit 50). */
  failed(options?: { name?: string; limit?: number }): Promise<FailedJob[]>;
  /** Runs a failed job again, with a fresh set of attempts; throws `JobNotFoundError` otherwise. */
  retry(name: string, id: string): Promise<void>;
  /** Waits for in-flight jobs to finish (graceful shutdown), then releases connections. */
  close(): Promise<void>;
}

export interface JobQueueOptions {
  /** Redis URL; set, it selects the BullMQ driver. */
  redisUrl?: string;
  /** Namespace of every Redis key, e.g. `petamigos`; jobs live under `<prefix>:jobs:`. */
  prefix: string;
  log: FastifyBaseLogger;
  /**
   * How often workers look for jobs whose worker died (default 30 s). Tests shorten it; in
   * production it bounds how long a crashed worker's job waits before another worker takes it.
   */
  stalledIntervalMs?: number;
  /**
   * How long a worker's claim on a job lasts without renewal (default 30 s; renewed at half of it
   * while the job runs). A dead worker's job can be taken over only once its claim expires.
   */
  lockDurationMs?: number;
}

/** The one place that picks the jobs driver: Redis configured means BullMQ. */
export function createJobQueue(options: JobQueueOptions): JobQueue {
  if (options.redisUrl) return new BullMqJobQueue(options as JobQueueOptions & { redisUrl: string });
  return new InProcessJobQueue(options.log);
}

export { InProcessJobQueue } from './in-process.js';
export { BullMqJobQueue } from './bullmq.js';
export { JobNotFoundError } from './common.js';
