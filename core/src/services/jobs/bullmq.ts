import type { FastifyBaseLogger } from 'fastify';
import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { v7 as uuidv7 } from 'uuid';
import type { EnqueueOptions, FailedJob, JobCounts, JobDefinition, JobQueue, JobQueueOptions, ScheduleInfo, ScheduleTarget } from './index.js';
import {
  HISTORY,
  JobNotFoundError,
  assertJobId,
  assertSafeName,
  errorMessage,
  parseCron,
  resolveDefinition,
  toWirePayload,
  type ResolvedJobDefinition,
} from './common.js';

/** BullMQ's error code when a schedule's next run already exists as a job it cannot replace. */
const SCHEDULER_JOB_ID_COLLISION = -10;

/**
 * Runs jobs on BullMQ: one queue per job name (so each name has its own concurrency, counts and
 * failures) under `<prefix>:jobs:`. Any process may enqueue and schedule; only processes that call
 * `start()` (the worker role) consume. Redis holds the queue, so a job survives the process that
 * enqueued it, and a job whose worker died is taken over by another worker once its lock expires.
 */
export class BullMqJobQueue implements JobQueue {
  readonly driver = 'bullmq';
  private readonly definitions = new Map<string, ResolvedJobDefinition>();
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  /** Shared by every Queue: producers only send short commands, one connection is plenty. */
  private readonly connection: Redis;
  /**
   * Never connected itself: each Worker duplicates it for its own connections, because a worker
   * blocks its connection while it waits for jobs. BullMQ requires `maxRetriesPerRequest: null`
   * there so a Redis blip makes the worker wait instead of throwing out of its loop.
   */
  private readonly workerConnection: Redis;
  private readonly keyPrefix: string;
  private started = false;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: JobQueueOptions & { redisUrl: string }) {
    this.keyPrefix = `${options.prefix}:jobs`;
    this.connection = new Redis(options.redisUrl);
    this.connection.on('error', (error: Error) => this.log.error({ err: error }, `job queue: Redis connection error: ${error.message}`));
    this.workerConnection = new Redis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  }

  private get log(): FastifyBaseLogger {
    return this.options.log;
  }

  define(name: string, definition: JobDefinition): void {
    assertSafeName('job name', name);
    if (this.started) throw new Error(`job ${name} defined after start(); declare every job first`);
    if (this.definitions.has(name)) throw new Error(`job ${name} is already defined`);
    this.definitions.set(name, resolveDefinition(name, definition));
    const queue = new Queue(name, { connection: this.connection, prefix: this.keyPrefix });
    // Connection errors are already logged once from the shared connection; an unhandled 'error'
    // event would crash the process.
    queue.on('error', (error) => this.log.debug({ err: error, job: name }, 'job queue error'));
    this.queues.set(name, queue);
  }

  async enqueue(name: string, payload: unknown, options: EnqueueOptions = {}): Promise<{ id: string; created: boolean }> {
    if (this.closing) throw new Error('job queue is closed');
    assertJobId(options.jobId);
    const queue = this.queue(name);
    const data = toWirePayload(payload);
    // Always our own id: BullMQ's generated ids are integers, which would be ambiguous with a
    // caller's jobId "42" in retry(); a UUIDv7 also sorts by time like every other id here.
    const id = options.jobId ?? uuidv7();
    const bullId = toBullId(id);
    const timestamp = Date.now();
    await queue.add(name, data, { ...this.jobOptions(this.definitions.get(name)!), jobId: bullId, delay: options.delayMs, timestamp });
    if (options.jobId === undefined) return { id, created: true };
    // BullMQ silently keeps the existing job on a duplicate id; tell them apart by what was stored.
    // Two enqueues with identical payloads in the same millisecond both report `created`, which is
    // harmless: they are indistinguishable and only one job exists.
    const stored = await queue.getJob(bullId);
    const created = !stored || (stored.timestamp === timestamp && JSON.stringify(stored.data) === JSON.stringify(data));
    return { id, created };
  }

  async schedule(scheduleId: string, cron: string, job: ScheduleTarget): Promise<void> {
    assertSafeName('schedule id', scheduleId);
    const queue = this.queue(job.name);
    const tz = job.tz ?? 'UTC';
    parseCron(cron, tz);
    // One scheduler per id in Redis, whichever process upserts it: every replica declaring the same
    // schedule at boot still yields one run per period (its run ids are `repeat:<id>:<time>`).
    const upsert = () =>
      queue.upsertJobScheduler(scheduleId, { pattern: cron, tz }, { name: job.name, data: toWirePayload(job.payload), opts: this.jobOptions(this.definitions.get(job.name)!) });
    try {
      await upsert();
    } catch (error) {
      // Another process created this period's run a moment ago (clocks differ slightly): the period
      // is covered; try once more after it so a changed cron still gets stored.
      if ((error as { code?: unknown }).code !== SCHEDULER_JOB_ID_COLLISION) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await upsert().catch((again: unknown) => this.log.warn({ err: again, schedule: scheduleId }, `schedule ${scheduleId} not updated; it keeps its previous definition`));
    }
  }

  async unschedule(scheduleId: string): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.removeJobScheduler(scheduleId)));
  }

  async schedules(): Promise<ScheduleInfo[]> {
    const perQueue = await Promise.all(
      [...this.queues].map(async ([name, queue]) =>
        (await queue.getJobSchedulers()).map((s) => ({
          id: s.id ?? s.key,
          cron: s.pattern ?? `every ${s.every ?? 0} ms`,
          tz: s.tz ?? 'UTC',
          name,
          next: s.next ? new Date(s.next) : null,
        })),
      ),
    );
    return perQueue.flat();
  }

  async start(): Promise<void> {
    if (this.closing) throw new Error('job queue is closed');
    if (this.started) return;
    this.started = true;
    for (const [name, definition] of this.definitions) {
      const worker = new Worker(name, (job: Job) => this.process(definition, job), {
        connection: this.workerConnection,
        prefix: this.keyPrefix,
        concurrency: definition.concurrency,
        stalledInterval: this.options.stalledIntervalMs ?? 30_000,
        lockDuration: this.options.lockDurationMs ?? 30_000,
        // A rolling deploy can kill the same long job twice; a job that takes down a third worker
        // is more likely the cause than a victim, so it fails instead of looping through workers.
        maxStalledCount: 2,
      });
      worker.on('error', (error) => this.log.error({ err: error, job: name }, `job worker error: ${error.message}`));
      worker.on('failed', (job, error) => {
        if (!job) return;
        const willRetry = job.attemptsMade < (job.opts.attempts ?? 1);
        this.log[willRetry ? 'warn' : 'error']({ err: error, job: { id: fromBullId(job.id ?? ''), name, attempt: job.attemptsMade }, willRetry }, `job ${name} failed: ${error.message}`);
      });
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((worker) => worker.waitUntilReady()));
  }

  async counts(): Promise<Record<string, JobCounts>> {
    const entries = await Promise.all(
      [...this.queues].map(async ([name, queue]) => {
        const c = await queue.getJobCounts('waiting', 'prioritized', 'waiting-children', 'delayed', 'active', 'completed', 'failed');
        const n = (key: string) => c[key] ?? 0;
        const counts: JobCounts = {
          waiting: n('waiting') + n('prioritized') + n('waiting-children'),
          delayed: n('delayed'),
          active: n('active'),
          completed: n('completed'),
          failed: n('failed'),
        };
        return [name, counts] as const;
      }),
    );
    return Object.fromEntries(entries);
  }

  async failed(options: { name?: string; limit?: number } = {}): Promise<FailedJob[]> {
    const limit = options.limit ?? 50;
    const names = options.name === undefined ? [...this.queues.keys()] : [options.name];
    const jobs = (await Promise.all(names.map((name) => this.queue(name).getFailed(0, limit - 1)))).flat();
    return jobs
      .filter((job): job is Job => Boolean(job))
      .map((job) => ({
        id: fromBullId(job.id ?? ''),
        name: job.name,
        payload: job.data as unknown,
        error: job.failedReason ?? '',
        attempts: job.attemptsMade,
        failedAt: new Date(job.finishedOn ?? 0),
      }))
      .sort((a, b) => b.failedAt.getTime() - a.failedAt.getTime())
      .slice(0, limit);
  }

  async retry(name: string, id: string): Promise<void> {
    const job = await this.queue(name).getJob(toBullId(id));
    if (!job || (await job.getState()) !== 'failed') throw new JobNotFoundError(name, id);
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      // Worker.close waits for the jobs it is running, so shutdown never abandons work halfway.
      await Promise.all(this.workers.map((worker) => worker.close()));
      await Promise.all([...this.queues.values()].map((queue) => queue.close()));
      if (this.connection.status === 'ready') await this.connection.quit();
      else this.connection.disconnect();
      this.workerConnection.disconnect();
    })();
    return this.closing;
  }

  private queue(name: string): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`unknown job ${name}; define() it first`);
    return queue;
  }

  private jobOptions(definition: ResolvedJobDefinition): JobsOptions {
    return {
      attempts: definition.retries + 1,
      backoff: { type: 'exponential', delay: definition.backoffMs },
      removeOnComplete: { ...HISTORY.completed },
      removeOnFail: { ...HISTORY.failed },
    };
  }

  private async process(definition: ResolvedJobDefinition, job: Job): Promise<null> {
    try {
      await definition.handler(job.data as unknown, {
        id: fromBullId(job.id ?? ''),
        // attemptsMade counts failed attempts; a stalled run that was taken over is not one.
        attempt: job.attemptsMade + 1,
        progress: (p) => job.updateProgress(p),
      });
    } catch (error) {
      // BullMQ records `error.message`; a thrown string or object would leave it empty.
      throw error instanceof Error ? error : new Error(errorMessage(error));
    }
    // Results are not part of the contract; storing them would only grow Redis (and a value JSON
    // cannot carry would fail a job that succeeded).
    return null;
  }
}

/**
 * BullMQ rejects custom ids that look like integers (its own counter's ids) or that hold `:` in any
 * shape but its scheduler runs' `repeat:<id>:<time>`. Those ids are stored escaped, marked by a
 * leading `~`, so any string works as a jobId and comes back unchanged from `failed()`.
 */
export function toBullId(id: string): string {
  const rejected = id.startsWith('~') || `${parseInt(id, 10)}` === id || id.startsWith('0:') || (id.includes(':') && id.split(':').length !== 3);
  return rejected ? `~${encodeURIComponent(id)}` : id;
}

export function fromBullId(bullId: string): string {
  return bullId.startsWith('~') ? decodeURIComponent(bullId.slice(1)) : bullId;
}
