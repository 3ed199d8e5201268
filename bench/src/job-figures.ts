import { randomUUID } from 'node:crypto';
import { Queue, Worker, type JobsOptions } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import { pino } from 'pino';
// The job queue is not on the kernel's public surface; imported from its build like pglite-cluster.ts does.
import { createJobQueue, type JobQueue } from '../../core/dist/services/jobs/index.js';
import { HISTORY, resolveDefinition } from '../../core/dist/services/jobs/common.js';
import { figure, type Figure } from './figures.js';
import type { BenchRedis } from './redis-target.js';
import type { BenchSettings } from './settings.js';
import { compareThroughput, produce, Tally, until, type ThroughputResult, type ThroughputSide } from './throughput.js';

const JOB = 'bench.noop';
/** Jobs per round. */
const ROUND = 2000;
/** Jobs of the name run at once, on both sides: a typical I/O-bound job's setting (the kernel's default is 1). */
const CONCURRENCY = 10;
/** Enqueueing loops, as ten concurrent requests would enqueue. */
const PRODUCERS = 10;

interface Payload {
  petId: string;
  n: number;
}

const silent = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;

/**
 * jobs/s from enqueue to completed for no-op jobs: `createJobQueue` on its in-process driver against
 * a bare async queue with the same concurrency, and on BullMQ against raw `bullmq` (Queue.addBulk +
 * Worker) with the same job and worker options.
 */
export async function jobFigures(redis: BenchRedis | undefined, settings: BenchSettings, log: (message: string) => void): Promise<Figure[]> {
  const payloads: Payload[] = Array.from({ length: ROUND }, (_, n) => ({ petId: randomUUID(), n }));
  const options = { roundSize: ROUND, minSeconds: settings.throughputSeconds };
  const figures: Figure[] = [];

  log(`jobs: in-process queue vs a bare async queue, concurrency ${CONCURRENCY}, ${ROUND} jobs per round`);
  {
    const kernel = await kernelSide(createJobQueue({ prefix: 'petamigos-bench', log: silent }), payloads);
    try {
      figures.push(jobFigure('jobs.in-process', '[in-process] jobs enqueue → completed', await compareThroughput(kernel, bareQueueSide(payloads), options)));
    } finally {
      await kernel.close();
    }
  }

  if (redis) {
    log(`jobs: BullMQ queue vs raw bullmq Queue.addBulk + Worker, concurrency ${CONCURRENCY}, ${ROUND} jobs per round`);
    const kernel = await kernelSide(createJobQueue({ prefix: redis.prefix, redisUrl: redis.url, log: silent }), payloads);
    let baseline: Awaited<ReturnType<typeof rawBullMqSide>> | undefined;
    try {
      baseline = await rawBullMqSide(redis, payloads);
      figures.push(jobFigure('jobs.bullmq', '[BullMQ] jobs enqueue → completed', await compareThroughput(kernel, baseline, options)));
    } finally {
      await baseline?.close();
      await kernel.close();
    }
  }
  return figures;
}

function jobFigure(id: string, label: string, result: { kernel: ThroughputResult; baseline: ThroughputResult }): Figure {
  return figure(id, label, 'jobs/s', result.kernel.perSecond, result.baseline.perSecond, {
    roundSize: ROUND,
    concurrency: CONCURRENCY,
    producers: PRODUCERS,
    kernel: result.kernel,
    baseline: result.baseline,
  });
}

/**
 * The kernel's queue: one `enqueue` per job (the contract has no bulk enqueue). A round ends when
 * every job has run and `counts()` shows nothing waiting or active, i.e. all completed.
 */
async function kernelSide(queue: JobQueue, payloads: Payload[]): Promise<ThroughputSide & { close(): Promise<void> }> {
  const tally = new Tally();
  try {
    queue.define(JOB, { handler: () => tally.hit(), concurrency: CONCURRENCY });
    await queue.start();
  } catch (error) {
    await queue.close();
    throw error;
  }
  const what = `kernel ${queue.driver} jobs`;
  return {
    async round(n) {
      const handled = tally.expect(n, what);
      await produce(n, PRODUCERS, (i) => queue.enqueue(JOB, payloads[i]));
      await handled;
      await until(`${what} to complete`, async () => {
        const c = (await queue.counts())[JOB]!;
        return c.waiting + c.delayed + c.active === 0;
      });
      tally.assertExact(what);
    },
    close: () => queue.close(),
  };
}

/** What one would write by hand in one process: an array and at most `CONCURRENCY` async handlers running. */
function bareQueueSide(payloads: Payload[]): ThroughputSide {
  const tally = new Tally();
  const handler = async (_payload: Payload) => {
    tally.hit();
  };
  const waiting: Payload[] = [];
  let active = 0;
  let idle: (() => void) | undefined;
  const pump = () => {
    while (active < CONCURRENCY && waiting.length > 0) {
      active++;
      void handler(waiting.shift()!)
        .catch(() => undefined)
        .finally(() => {
          active--;
          pump();
          if (active === 0 && waiting.length === 0) {
            idle?.();
            idle = undefined;
          }
        });
    }
  };
  const push = (payload: Payload) => {
    waiting.push(payload);
    pump();
  };
  return {
    async round(n) {
      const handled = tally.expect(n, 'bare queue jobs');
      await produce(n, PRODUCERS, (i) => push(payloads[i]!));
      await handled;
      if (active > 0 || waiting.length > 0) await new Promise<void>((resolve) => (idle = resolve));
      tally.assertExact('bare queue jobs');
    },
  };
}

/**
 * BullMQ by hand: the same queue name, job options (attempts, backoff, bounded history) and worker
 * options (concurrency, stalled checks, lock) as the kernel's BullMQ driver; jobs added with one
 * `addBulk` per round. A round ends, as on the kernel side, when the jobs have run and the queue
 * counts show nothing waiting or active.
 */
async function rawBullMqSide(redis: BenchRedis, payloads: Payload[]): Promise<ThroughputSide & { close(): Promise<void> }> {
  const prefix = `${redis.prefix}:raw:jobs`;
  const tally = new Tally();
  const definition = resolveDefinition(JOB, { handler: () => undefined, concurrency: CONCURRENCY });
  const jobOptions: JobsOptions = {
    attempts: definition.retries + 1,
    backoff: { type: 'exponential', delay: definition.backoffMs },
    removeOnComplete: { ...HISTORY.completed },
    removeOnFail: { ...HISTORY.failed },
  };
  const connection = new Redis(redis.url);
  const workerConnection = new Redis(redis.url, { maxRetriesPerRequest: null, lazyConnect: true });
  const queue = new Queue(JOB, { connection, prefix });
  const worker = new Worker(
    JOB,
    async () => {
      tally.hit();
      return null;
    },
    // The kernel driver's worker options (core/src/services/jobs/bullmq.ts).
    { connection: workerConnection, prefix, concurrency: definition.concurrency, stalledInterval: 30_000, lockDuration: 30_000, maxStalledCount: 2 },
  );
  // Unheard, an 'error' event would crash the process; heard, it fails the round that sees it.
  let failure: Error | undefined;
  worker.on('error', (error) => (failure ??= error));
  queue.on('error', (error) => (failure ??= error));
  const close = async () => {
    await worker.close();
    await queue.close();
    await connection.quit().catch(() => connection.disconnect());
    workerConnection.disconnect();
  };
  try {
    await worker.waitUntilReady();
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  return {
    async round(n) {
      if (failure) throw failure;
      const handled = tally.expect(n, 'raw BullMQ jobs');
      await queue.addBulk(payloads.slice(0, n).map((data) => ({ name: JOB, data, opts: jobOptions })));
      await handled;
      await until('raw BullMQ jobs to complete', async () => {
        const c = await queue.getJobCounts('waiting', 'prioritized', 'waiting-children', 'delayed', 'active');
        return Object.values(c).every((count) => count === 0);
      });
      tally.assertExact('raw BullMQ jobs');
    },
    close,
  };
}
