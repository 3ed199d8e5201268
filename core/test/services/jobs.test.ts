import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { createJobQueue, JobNotFoundError, type JobMeta, type JobQueue, type JobQueueOptions } from '../../src/services/jobs/index.js';

/**
 * One contract, both drivers: every behaviour a plugin relies on is checked on the embedded
 * in-process runner and on BullMQ, so a plugin that works on a laptop works on a cluster. The
 * BullMQ half also checks what only a cluster has: one run per period however many processes
 * declare a schedule, and a job finished by another worker after its worker was killed.
 */

type Driver = 'in-process' | 'bullmq';
/** What `open()` needs from a test: somewhere to register the queue's close. */
type Teardowns = { teardown(fn: () => unknown): void };

const redisUrl = process.env.PETAMIGOS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// Every run has keys of its own, so runs never see each other's jobs and cleanup is exact.
const prefix = `petamigos-test-${uuidv7()}`;
const log = pino({ level: process.env.PETAMIGOS_TEST_LOG ?? 'silent' }) as unknown as FastifyBaseLogger;
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 5000): Promise<Exclude<T, false | 0 | '' | null | undefined>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Exclude<T, false | 0 | '' | null | undefined>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** A promise a job can wait on, released by the test (or by teardown, so close() never hangs). */
function gate() {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  return { opened, release };
}

function open(t: Teardowns, driver: Driver, extra: Partial<JobQueueOptions> = {}, beforeClose?: () => void): JobQueue {
  const queue = createJobQueue({ prefix, log, ...(driver === 'bullmq' ? { redisUrl, stalledIntervalMs: 500 } : {}), ...extra });
  t.teardown(async () => {
    beforeClose?.();
    await queue.close();
  });
  return queue;
}

const zero = { waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 };

t.before(async () => {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`the BullMQ half of these tests needs Redis at ${redisUrl} (${(error as Error).message}); start it, or set PETAMIGOS_TEST_REDIS_URL`);
  } finally {
    redis.disconnect();
  }
});

t.teardown(async () => {
  // Only this run's keys: SCAN + DEL on the run's prefix, never FLUSHDB on a shared server.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
});

for (const driver of ['in-process', 'bullmq'] as const) {
  t.test(driver, async (t) => {
    t.test('runs a job with its payload, as JSON', async (t) => {
      const queue = open(t, driver);
      t.equal(queue.driver, driver);
      const runs: Array<{ payload: unknown; meta: JobMeta }> = [];
      queue.define('walks.start', { handler: (payload, meta) => void runs.push({ payload, meta }) });
      queue.define('walks.other', { handler: () => {} });
      await queue.start();
      const { id, created } = await queue.enqueue('walks.start', { dog: 'Pinto', at: new Date(0), tags: ['xolo'] });
      t.ok(created);
      t.match(id, /^[0-9a-f-]{36}$/, 'generated ids are UUIDs');
      await waitFor('the job to run', () => runs.length === 1);
      t.same(runs[0]!.payload, { dog: 'Pinto', at: '1970-01-01T00:00:00.000Z', tags: ['xolo'] }, 'the payload crossed as JSON on every driver');
      t.equal(runs[0]!.meta.id, id);
      t.equal(runs[0]!.meta.attempt, 1);
      const counts = await waitFor('completed count', async () => {
        const c = await queue.counts();
        return c['walks.start']?.completed === 1 && c;
      });
      t.same(counts, { 'walks.start': { ...zero, completed: 1 }, 'walks.other': zero }, 'every defined job is counted');
      await t.rejects(queue.enqueue('walks.unknown', {}), { message: /unknown job walks\.unknown/ });
      t.throws(() => queue.define('walks.late', { handler: () => {} }), { message: /after start/ }, 'jobs are declared before start');
      t.throws(() => createJobQueue({ prefix, log }).define('bad:name', { handler: () => {} }), { message: /may use only letters/ });
    });

    t.test('retries a failing job with growing backoff, records the failure, and retries it on demand', async (t) => {
      const queue = open(t, driver);
      let failing = true;
      const attempts: Array<{ attempt: number; at: number }> = [];
      queue.define('feed.rebuild', {
        retries: 2,
        backoffMs: 200,
        handler: (_payload, meta) => {
          attempts.push({ attempt: meta.attempt, at: Date.now() });
          if (failing) throw new Error(`no kibble (attempt ${meta.attempt})`);
        },
      });
      queue.define('feed.strings', { retries: 0, handler: () => Promise.reject('a plain string') });
      await queue.start();
      const { id } = await queue.enqueue('feed.rebuild', { userId: 'u1' });
      await queue.enqueue('feed.strings', null);

      const failure = await waitFor('the job to fail for good', async () => {
        const failed = await queue.failed({ name: 'feed.rebuild' });
        return failed.length === 1 && failed[0];
      });
      t.same(
        attempts.map((a) => a.attempt),
        [1, 2, 3],
        'one attempt plus two retries',
      );
      const gaps = [attempts[1]!.at - attempts[0]!.at, attempts[2]!.at - attempts[1]!.at];
      // Lower bounds only, so a slow machine cannot fail it; a fixed backoff would fail the second.
      t.ok(gaps[0]! >= 180, `the first retry waits the base backoff, 200 ms (${gaps[0]} ms)`);
      t.ok(gaps[1]! >= 360, `the second waits twice that, 400 ms (${gaps[1]} ms)`);
      t.match(failure, { id, name: 'feed.rebuild', payload: { userId: 'u1' }, error: 'no kibble (attempt 3)', attempts: 3 });
      t.type(failure.failedAt, Date);
      t.ok(Math.abs(failure.failedAt.getTime() - attempts[2]!.at) < 2000, 'failedAt is when the last attempt failed');

      const strings = await waitFor('the string-throwing job to fail', async () => (await queue.failed({ name: 'feed.strings' }))[0]);
      t.equal(strings.error, 'a plain string', 'a thrown non-Error keeps its message');
      t.same(
        (await queue.failed()).map((f) => f.name).sort(),
        ['feed.rebuild', 'feed.strings'],
        'failed() without a name lists every job',
      );
      t.equal((await queue.failed({ limit: 1 })).length, 1, 'failed() honours its limit');
      t.match((await queue.counts())['feed.rebuild'], { failed: 1, completed: 0 });

      failing = false;
      await queue.retry('feed.rebuild', id);
      await waitFor('the retried job to complete', async () => (await queue.counts())['feed.rebuild']?.completed === 1);
      t.equal(attempts.at(-1)!.attempt, 1, 'a manual retry starts a fresh set of attempts');
      t.match((await queue.counts())['feed.rebuild'], { failed: 0, completed: 1 });
      t.same(await queue.failed({ name: 'feed.rebuild' }), []);
      await t.rejects(queue.retry('feed.rebuild', id), JobNotFoundError, 'a completed job is not retried');
      await t.rejects(queue.retry('feed.rebuild', 'no-such-job'), { name: 'JobNotFoundError', message: 'no failed job no-such-job in feed.rebuild' });
    });

    t.test('delays a job', async (t) => {
      const queue = open(t, driver);
      const ranAt: number[] = [];
      queue.define('mail.digest', { handler: () => void ranAt.push(Date.now()) });
      await queue.start();
      const enqueuedAt = Date.now();
      await queue.enqueue('mail.digest', {}, { delayMs: 600 });
      t.match((await queue.counts())['mail.digest'], { delayed: 1, waiting: 0 });
      await waitFor('the delayed job to run', () => ranAt.length === 1);
      t.ok(ranAt[0]! - enqueuedAt >= 580, `it ran after its delay (${ranAt[0]! - enqueuedAt} ms)`);
    });

    t.test('counts jobs by state', async (t) => {
      const hold = gate();
      const queue = open(t, driver, {}, hold.release);
      queue.define('media.transcode', { concurrency: 1, handler: () => hold.opened });
      await queue.start();
      await queue.enqueue('media.transcode', { n: 1 });
      await queue.enqueue('media.transcode', { n: 2 });
      await queue.enqueue('media.transcode', { n: 3 }, { delayMs: 60_000 });
      await waitFor('one active, one waiting, one delayed', async () => {
        const c = (await queue.counts())['media.transcode'];
        return c?.active === 1 && c.waiting === 1 && c.delayed === 1;
      });
      hold.release();
      const counts = await waitFor('both to complete', async () => {
        const c = (await queue.counts())['media.transcode'];
        return c?.completed === 2 && c;
      });
      t.same(counts, { ...zero, delayed: 1, completed: 2 });
    });

    t.test('a unique jobId is enqueued once', async (t) => {
      const hold = gate();
      const queue = open(t, driver, {}, hold.release);
      const runs: Array<{ id: string; payload: unknown }> = [];
      queue.define('stories.expire', {
        handler: async (payload, meta) => {
          runs.push({ id: meta.id, payload });
          await hold.opened;
        },
      });
      await queue.start();
      // Ids BullMQ refuses as they are (":" and integers) must work like any other string.
      for (const [jobId, delayMs] of [['story:0195a7e0', 0], ['42', 0], ['plain-id', 0], ['later', 100]] as const) {
        t.same(await queue.enqueue('stories.expire', { jobId, first: true }, { jobId, delayMs }), { id: jobId, created: true }, `${jobId}: created`);
        t.same(await queue.enqueue('stories.expire', { jobId, first: false }, { jobId, delayMs }), { id: jobId, created: false }, `${jobId}: not again while it exists`);
      }
      hold.release();
      await waitFor('all four to complete', async () => (await queue.counts())['stories.expire']?.completed === 4);
      t.same(
        runs.sort((a, b) => a.id.localeCompare(b.id)),
        [
          { id: '42', payload: { jobId: '42', first: true } },
          { id: 'later', payload: { jobId: 'later', first: true } },
          { id: 'plain-id', payload: { jobId: 'plain-id', first: true } },
          { id: 'story:0195a7e0', payload: { jobId: 'story:0195a7e0', first: true } },
        ],
        'each ran once, with the first payload, under its own id',
      );
      t.same(await queue.enqueue('stories.expire', {}, { jobId: 'story:0195a7e0' }), { id: 'story:0195a7e0', created: false }, 'a completed job still in the history counts as existing');
      await t.rejects(queue.enqueue('stories.expire', {}, { jobId: '' }), { message: /jobId must not be empty/ });
    });

    t.test('fires schedules, lists and removes them', async (t) => {
      const queue = open(t, driver);
      const runs: Array<{ id: string; payload: unknown }> = [];
      queue.define('stories.cleanup', { handler: (payload, meta) => void runs.push({ id: meta.id, payload }) });
      await queue.start();
      // Six fields (seconds first) keep the test short; both drivers also take standard five-field cron.
      await queue.schedule('stories.cleanup-often', '* * * * * *', { name: 'stories.cleanup', payload: { olderThanHours: 24 } });
      await queue.schedule('stories.cleanup-nightly', '0 3 * * *', { name: 'stories.cleanup', tz: 'America/Mexico_City' });
      await waitFor('a scheduled run', () => runs.length >= 1, 3000);
      t.match(runs[0], { id: /^repeat:stories\.cleanup-often:\d+$/, payload: { olderThanHours: 24 } });

      const listed = (await queue.schedules()).sort((a, b) => a.id.localeCompare(b.id));
      t.match(listed, [
        { id: 'stories.cleanup-nightly', cron: '0 3 * * *', tz: 'America/Mexico_City', name: 'stories.cleanup' },
        { id: 'stories.cleanup-often', cron: '* * * * * *', tz: 'UTC', name: 'stories.cleanup' },
      ]);
      const nightly = listed[0]!.next!;
      t.equal(`${nightly.getUTCHours()}:${nightly.getUTCMinutes()}`, '9:0', '03:00 in Mexico City (UTC-6) is 09:00 UTC');
      t.ok(nightly.getTime() > Date.now() && nightly.getTime() <= Date.now() + 24 * 3600_000, 'next is the coming night');

      await t.rejects(queue.schedule('x', 'every day', { name: 'stories.cleanup' }), { message: /invalid schedule "every day"/ });
      await t.rejects(queue.schedule('x', '1 2 3 4 5 6 7', { name: 'stories.cleanup' }), { message: /invalid schedule/ });
      await t.rejects(queue.schedule('x', '0 3 * * *', { name: 'stories.cleanup', tz: 'Mars/Olympus' }), { message: /time zone Mars\/Olympus/ });
      await t.rejects(queue.schedule('x', '0 3 * * *', { name: 'stories.nothing' }), { message: /unknown job/ });

      await queue.unschedule('stories.cleanup-often');
      await queue.unschedule('stories.cleanup-nightly');
      await queue.unschedule('never-existed');
      t.same(await queue.schedules(), []);
      await sleep(300);
      const before = runs.length;
      await sleep(1500);
      t.equal(runs.length, before, 'a removed schedule no longer fires');
    });

    t.test('close() lets a running job finish', async (t) => {
      const queue = open(t, driver);
      let started = false;
      let finished = false;
      queue.define('account.export', {
        handler: async () => {
          started = true;
          await sleep(300);
          finished = true;
        },
      });
      await queue.start();
      await queue.enqueue('account.export', { userId: 'u1' });
      await waitFor('the job to start', () => started);
      await queue.close();
      t.ok(finished, 'close() resolved only after the job finished');
      await t.rejects(queue.enqueue('account.export', {}), { message: /closed/ });
    });

    if (driver !== 'bullmq') return;

    t.test('two processes declaring the same schedule fire once per period', async (t) => {
      const runs: string[] = [];
      const replicas = [open(t, driver), open(t, driver)];
      for (const queue of replicas) queue.define('social.digest', { handler: (_payload, meta) => void runs.push(meta.id) });
      // Each replica does what every booting process does: declare the schedule, start a worker.
      await Promise.all(replicas.map((queue) => queue.schedule('social.digest-every-second', '* * * * * *', { name: 'social.digest' })));
      await Promise.all(replicas.map((queue) => queue.start()));
      await waitFor('a first run', () => runs.length >= 1, 3000);
      const from = Date.now();
      const firstRuns = runs.length;
      await sleep(3200);
      const periods = (Date.now() - from) / 1000;
      const fired = runs.length - firstRuns;
      t.ok(fired >= 2 && fired <= Math.ceil(periods) + 1, `${fired} runs in ${periods.toFixed(1)} s: once per second, not once per replica`);
      t.equal(new Set(runs).size, runs.length, 'no period ran twice');
      t.equal((await replicas[0]!.schedules()).length, 1, 'one schedule in Redis');
    });

    t.test('a job whose worker was killed mid-run is finished by another worker', async (t) => {
      const job = 'reels.transcode';
      const producer = open(t, driver);
      producer.define(job, { handler: () => {} });
      const { id } = await producer.enqueue(job, { reelId: 'r1' });

      const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=petamigos-source', 'core/test/services/fixtures/jobs/worker.ts'], {
        cwd: repoRoot,
        env: { ...process.env, REDIS_URL: redisUrl, PREFIX: prefix, JOB: job },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      t.teardown(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      });
      await waitFor(`the child worker to start the job`, () => stdout.includes(`active ${id}`), 20_000).catch((error: Error) => {
        throw new Error(`${error.message}\nchild stderr:\n${stderr}`);
      });
      child.kill('SIGKILL');
      t.equal(await exited, 'SIGKILL');
      t.match((await producer.counts())[job], { active: 1, completed: 0 }, 'the dead worker left its job active');

      const runs: Array<{ payload: unknown; meta: JobMeta }> = [];
      const survivor = open(t, driver, { stalledIntervalMs: 300, lockDurationMs: 1000 });
      survivor.define(job, { handler: (payload, meta) => void runs.push({ payload, meta }) });
      await survivor.start();
      await waitFor('another worker to finish the job', () => runs.length === 1, 10_000);
      t.same(runs[0]!.payload, { reelId: 'r1' });
      t.equal(runs[0]!.meta.id, id);
      t.equal(runs[0]!.meta.attempt, 1, 'a crash is not a failed attempt');
      await waitFor('the job to be completed', async () => (await producer.counts())[job]?.completed === 1);
      t.match((await producer.counts())[job], { active: 0, failed: 0, completed: 1 });
    });
  });
}
