import type { FastifyBaseLogger } from 'fastify';
import { Cron } from 'croner';
import { v7 as uuidv7 } from 'uuid';
import type { EnqueueOptions, FailedJob, JobCounts, JobDefinition, JobQueue, JobState, ScheduleInfo, ScheduleTarget } from './index.js';
import {
  HISTORY,
  JobNotFoundError,
  assertJobId,
  assertSafeName,
  errorMessage,
  parseCron,
  resolveDefinition,
  scheduledRunId,
  toWirePayload,
  type ResolvedJobDefinition,
} from './common.js';

interface JobRecord {
  id: string;
  name: string;
  payload: unknown;
  state: JobState;
  /** Attempts started so far; the running attempt's number while active. */
  attempts: number;
  error?: string;
  finishedAt?: number;
  progress?: number | object;
  timer?: NodeJS.Timeout;
}

/** Everything about one job name: its definition, every job it still knows, and its run queue. */
interface Lane {
  name: string;
  definition: ResolvedJobDefinition;
  jobs: Map<string, JobRecord>;
  waiting: JobRecord[];
  active: number;
  completed: JobRecord[];
  failed: JobRecord[];
}

interface ScheduleEntry {
  id: string;
  cron: string;
  tz: string;
  name: string;
  payload: unknown;
  timer?: Cron;
}

/**
 * Runs jobs in this process with timers: the embedded default, for one process that is both web
 * and worker. Nothing survives a restart, by design: the database is the source of truth, and the
 * kernel re-enqueues unfinished work at start from each job's `recover` query. A cron here fires in
 * this process only; a cluster needs the BullMQ driver for once-per-period schedules.
 */
export class InProcessJobQueue implements JobQueue {
  readonly driver = 'in-process';
  private readonly lanes = new Map<string, Lane>();
  private readonly schedulesById = new Map<string, ScheduleEntry>();
  private readonly inFlight = new Set<Promise<void>>();
  private started = false;
  private closing = false;

  constructor(private readonly log: FastifyBaseLogger) {}

  define(name: string, definition: JobDefinition): void {
    assertSafeName('job name', name);
    if (this.started) throw new Error(`job ${name} defined after start(); declare every job first`);
    if (this.lanes.has(name)) throw new Error(`job ${name} is already defined`);
    this.lanes.set(name, { name, definition: resolveDefinition(name, definition), jobs: new Map(), waiting: [], active: 0, completed: [], failed: [] });
  }

  async enqueue(name: string, payload: unknown, options: EnqueueOptions = {}): Promise<{ id: string; created: boolean }> {
    if (this.closing) throw new Error('job queue is closed');
    assertJobId(options.jobId);
    const lane = this.lane(name);
    if (options.jobId !== undefined && lane.jobs.has(options.jobId)) return { id: options.jobId, created: false };
    const job: JobRecord = { id: options.jobId ?? uuidv7(), name, payload: toWirePayload(payload), state: 'waiting', attempts: 0 };
    lane.jobs.set(job.id, job);
    const delayMs = options.delayMs ?? 0;
    if (delayMs > 0) this.delay(lane, job, delayMs);
    else this.makeWaiting(lane, job);
    return { id: job.id, created: true };
  }

  async schedule(scheduleId: string, cron: string, job: ScheduleTarget): Promise<void> {
    assertSafeName('schedule id', scheduleId);
    this.lane(job.name);
    const tz = job.tz ?? 'UTC';
    parseCron(cron, tz);
    // Same id, new definition: replace it, as BullMQ's upsert does, so a changed cron never runs twice.
    this.schedulesById.get(scheduleId)?.timer?.stop();
    const entry: ScheduleEntry = { id: scheduleId, cron, tz, name: job.name, payload: toWirePayload(job.payload) };
    this.schedulesById.set(scheduleId, entry);
    if (this.started && !this.closing) this.arm(entry);
  }

  async unschedule(scheduleId: string): Promise<void> {
    this.schedulesById.get(scheduleId)?.timer?.stop();
    this.schedulesById.delete(scheduleId);
  }

  async schedules(): Promise<ScheduleInfo[]> {
    return [...this.schedulesById.values()].map(({ id, cron, tz, name }) => ({ id, cron, tz, name, next: parseCron(cron, tz).nextRun() }));
  }

  async start(): Promise<void> {
    if (this.closing) throw new Error('job queue is closed');
    if (this.started) return;
    this.started = true;
    for (const entry of this.schedulesById.values()) this.arm(entry);
    for (const lane of this.lanes.values()) this.pump(lane);
  }

  async counts(): Promise<Record<string, JobCounts>> {
    const result: Record<string, JobCounts> = {};
    for (const lane of this.lanes.values()) {
      const counts: JobCounts = { waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 };
      for (const job of lane.jobs.values()) counts[job.state]++;
      result[lane.name] = counts;
    }
    return result;
  }

  async failed(options: { name?: string; limit?: number } = {}): Promise<FailedJob[]> {
    const lanes = options.name === undefined ? [...this.lanes.values()] : [this.lane(options.name)];
    return lanes
      .flatMap((lane) => lane.failed)
      .sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0))
      .slice(0, options.limit ?? 50)
      .map((job) => ({ id: job.id, name: job.name, payload: job.payload, error: job.error ?? '', attempts: job.attempts, failedAt: new Date(job.finishedAt ?? 0) }));
  }

  async retry(name: string, id: string): Promise<void> {
    const lane = this.lane(name);
    const job = lane.jobs.get(id);
    if (!job || job.state !== 'failed') throw new JobNotFoundError(name, id);
    lane.failed.splice(lane.failed.indexOf(job), 1);
    // A manual retry gets a fresh set of attempts, as on BullMQ.
    job.attempts = 0;
    job.error = undefined;
    job.finishedAt = undefined;
    this.makeWaiting(lane, job);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const entry of this.schedulesById.values()) entry.timer?.stop();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    let dropped = 0;
    for (const lane of this.lanes.values()) {
      for (const job of lane.jobs.values()) {
        if (job.timer) clearTimeout(job.timer);
        if (job.state === 'waiting' || job.state === 'delayed') dropped++;
      }
    }
    if (dropped > 0) this.log.info(`job queue closed with ${dropped} unstarted job(s); their plugins' recover queries find them again at the next start`);
  }

  private lane(name: string): Lane {
    const lane = this.lanes.get(name);
    if (!lane) throw new Error(`unknown job ${name}; define() it first`);
    return lane;
  }

  private makeWaiting(lane: Lane, job: JobRecord): void {
    job.state = 'waiting';
    lane.waiting.push(job);
    this.pump(lane);
  }

  private delay(lane: Lane, job: JobRecord, ms: number): void {
    job.state = 'delayed';
    // Unref'd: a pending delay must not keep a CLI command alive; the job is recoverable anyway.
    job.timer = setTimeout(() => {
      job.timer = undefined;
      this.makeWaiting(lane, job);
    }, ms).unref();
  }

  private pump(lane: Lane): void {
    if (!this.started || this.closing) return;
    while (lane.active < lane.definition.concurrency && lane.waiting.length > 0) this.run(lane, lane.waiting.shift()!);
  }

  private run(lane: Lane, job: JobRecord): void {
    lane.active++;
    job.state = 'active';
    job.attempts++;
    const attempt = job.attempts;
    const done = (async () => {
      // The handler starts on a later tick, so an enqueue inside a request never runs job code inline.
      await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        await lane.definition.handler(job.payload, {
          id: job.id,
          attempt,
          progress: async (p) => {
            job.progress = p;
          },
        });
        this.finish(lane, job, 'completed');
      } catch (error) {
        const willRetry = attempt <= lane.definition.retries;
        const message = errorMessage(error);
        this.log[willRetry ? 'warn' : 'error']({ err: error, job: { id: job.id, name: job.name, attempt }, willRetry }, `job ${job.name} failed: ${message}`);
        if (willRetry) {
          this.delay(lane, job, lane.definition.backoffMs * 2 ** (attempt - 1));
        } else {
          job.error = message;
          this.finish(lane, job, 'failed');
        }
      } finally {
        lane.active--;
        this.pump(lane);
      }
    })();
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
  }

  /** Records a finished job and forgets the oldest ones past the history bounds BullMQ also keeps. */
  private finish(lane: Lane, job: JobRecord, state: 'completed' | 'failed'): void {
    job.state = state;
    job.finishedAt = Date.now();
    const history = lane[state];
    history.push(job);
    const { count, age } = HISTORY[state];
    const oldest = Date.now() - age * 1000;
    while (history.length > count || (history[0] && (history[0].finishedAt ?? 0) < oldest)) {
      const evicted = history.shift()!;
      lane.jobs.delete(evicted.id);
    }
  }

  private arm(entry: ScheduleEntry): void {
    entry.timer = new Cron(entry.cron, { timezone: entry.tz, mode: '5-or-6-parts', unref: true }, (self: Cron) => {
      // The period's own id: a fire that overlaps an unfinished run of the same period is a no-op.
      const at = self.currentRun() ?? new Date();
      this.enqueue(entry.name, entry.payload, { jobId: scheduledRunId(entry.id, at) }).catch((error: unknown) => {
        this.log.error({ err: error, schedule: entry.id }, `schedule ${entry.id} could not enqueue ${entry.name}`);
      });
    });
  }
}
