import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { EventBus, EventEnvelope, EventSubscription } from './index.js';

type StreamEntry = [id: string, fields: string[]];
/** An entry this consumer received and has not finished; `startedAt` is set while an attempt runs. */
type Held = { startedAt?: number };

const MAX_STREAM_LENGTH = 100_000;

/**
 * Resets the idle time of the given entries that are still pending under this consumer (XCLAIM to
 * itself, JUSTID so the delivery count is untouched) and returns the ids it no longer owns. Checking
 * the owner and claiming in one script keeps a heartbeat from taking back an entry another consumer
 * has just claimed. KEYS[1] stream; ARGV group, consumer, ids...
 */
const HEARTBEAT = `
local mine, lost = {}, {}
for i = 3, #ARGV do
  if #redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1, ARGV[2]) == 1 then
    mine[#mine + 1] = ARGV[i]
  else
    lost[#lost + 1] = ARGV[i]
  end
end
if #mine > 0 then
  mine[#mine + 1] = 'JUSTID'
  redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, unpack(mine))
end
return lost
`;

/**
 * Events across processes on Redis Streams. Each event name is a stream; each subscribing plugin is
 * a consumer group, so every plugin handles every event exactly once per cluster however many
 * worker processes run; each process is a consumer in the group. An entry is acknowledged only
 * after its handler succeeded (or exhausted its retries), and entries left pending by a process that
 * died are claimed by a live one after `claimIdleMs`.
 *
 * A live consumer heartbeats the entries it holds (received, queued in its batch or being handled)
 * so their idle time never reaches `claimIdleMs`: nobody, itself included, takes them back while it
 * works through a slow batch. An entry stops being heartbeated only when one attempt of its handler
 * has run longer than `claimIdleMs` (a stalled handler), so it is then redelivered elsewhere.
 */
export class RedisStreamsEventBus implements EventBus {
  readonly driver = 'redis';
  private readonly client: Redis;
  private readonly readers: Redis[] = [];
  private readonly bySubscriber = new Map<string, Map<string, EventSubscription>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly consumer = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly groupsReady: Promise<void>[] = [];
  private running = false;
  private claimTimer: NodeJS.Timeout | undefined;
  /** Entries received and not yet finished, by group, then stream key, then id. */
  private readonly held = new Map<string, Map<string, Map<string, Held>>>();
  private heartbeating = false;
  private claiming = false;

  constructor(private readonly options: { url: string; keyPrefix: string; log: FastifyBaseLogger; claimIdleMs?: number; blockMs?: number }) {
    this.client = new Redis(options.url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.client.on('error', (error) => options.log.warn({ err: error }, 'redis (events) connection error'));
  }

  private stream(name: string): string {
    return `${this.options.keyPrefix}events:${name}`;
  }

  subscribe(subscription: EventSubscription): void {
    const forSubscriber = this.bySubscriber.get(subscription.subscriber) ?? new Map<string, EventSubscription>();
    forSubscriber.set(this.stream(subscription.name), subscription);
    this.bySubscriber.set(subscription.subscriber, forSubscriber);
    // Groups are created by every process at boot, before anything is published, and start at the
    // stream's end: no event published after any process booted is missed, and a new plugin does
    // not replay the whole history.
    this.groupsReady.push(
      this.client.xgroup('CREATE', this.stream(subscription.name), subscription.subscriber, '$', 'MKSTREAM').then(
        () => undefined,
        (error: Error) => {
          if (!/BUSYGROUP/.test(error.message)) throw error;
        },
      ),
    );
  }

  async publish(event: EventEnvelope): Promise<void> {
    await Promise.all(this.groupsReady);
    await this.client.xadd(this.stream(event.name), 'MAXLEN', '~', String(MAX_STREAM_LENGTH), '*', 'event', JSON.stringify(event));
  }

  async start(): Promise<void> {
    await Promise.all(this.groupsReady);
    if (this.running) return;
    this.running = true;
    for (const [group, subscriptions] of this.bySubscriber) {
      const reader = this.client.duplicate();
      this.readers.push(reader);
      void this.readLoop(reader, group, subscriptions);
    }
    const claimIdleMs = this.options.claimIdleMs ?? 30_000;
    // A third of the threshold: a heartbeat delayed by a busy event loop still lands in time.
    this.claimTimer = setInterval(() => void this.tick(claimIdleMs), Math.max(50, Math.floor(claimIdleMs / 3)));
    this.claimTimer.unref();
  }

  private holding(group: string, key: string): Map<string, Held> {
    let byKey = this.held.get(group);
    if (!byKey) this.held.set(group, (byKey = new Map()));
    let ids = byKey.get(key);
    if (!ids) byKey.set(key, (ids = new Map()));
    return ids;
  }

  private async tick(claimIdleMs: number): Promise<void> {
    if (!this.heartbeating) {
      this.heartbeating = true;
      await this.heartbeat(claimIdleMs).finally(() => (this.heartbeating = false));
    }
    // Handling claimed entries may outlast the interval; one claim pass at a time.
    if (!this.claiming) {
      this.claiming = true;
      await this.claimAbandoned(claimIdleMs).finally(() => (this.claiming = false));
    }
  }

  /** Keeps the entries this consumer holds from looking abandoned, unless their handler stalled. */
  private async heartbeat(claimIdleMs: number): Promise<void> {
    const now = Date.now();
    for (const [group, byKey] of this.held) {
      for (const [key, ids] of byKey) {
        const live = [...ids].filter(([, held]) => held.startedAt === undefined || now - held.startedAt < claimIdleMs).map(([id]) => id);
        if (!this.running || live.length === 0) continue;
        try {
          const lost = (await this.client.eval(HEARTBEAT, 1, key, group, this.consumer, ...live)) as string[];
          // Taken over by another consumer while this one looked stalled: leave it to them unless
          // its handler already started here.
          for (const id of lost) if (ids.get(id)?.startedAt === undefined) ids.delete(id);
        } catch (error) {
          if (this.running) this.options.log.warn({ err: error, group }, 'refreshing held events failed');
        }
      }
    }
  }

  private async readLoop(reader: Redis, group: string, subscriptions: Map<string, EventSubscription>): Promise<void> {
    const keys = [...subscriptions.keys()];
    while (this.running) {
      let batches: Array<[string, StreamEntry[]]> | null;
      try {
        batches = (await reader.xreadgroup('GROUP', group, this.consumer, 'COUNT', 50, 'BLOCK', this.options.blockMs ?? 1000, 'STREAMS', ...keys, ...keys.map(() => '>'))) as Array<[string, StreamEntry[]]> | null;
      } catch (error) {
        if (!this.running) return;
        this.options.log.warn({ err: error, group }, 'reading events from redis failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      await this.handleBatch(group, subscriptions, batches ?? []);
    }
  }

  /** Handles entries one at a time, holding all of them (heartbeated) until each is finished. */
  private async handleBatch(group: string, subscriptions: Map<string, EventSubscription>, batches: Array<[string, StreamEntry[]]>): Promise<void> {
    for (const [key, entries] of batches) for (const [id] of entries) this.holding(group, key).set(id, {});
    for (const [key, entries] of batches) {
      const ids = this.holding(group, key);
      for (const entry of entries) {
        // Closing leaves the rest pending (no longer heartbeated) for another process to claim.
        if (!this.running) return;
        const held = ids.get(entry[0]);
        if (!held) continue; // claimed by another consumer while this one looked stalled
        try {
          await this.track(this.handleEntry(subscriptions.get(key)!, key, entry, held));
        } finally {
          ids.delete(entry[0]);
        }
      }
    }
  }

  /**
   * Takes over entries left idle longer than `idleMs`: those of a dead (or stalled) consumer, and
   * any of this consumer's own that it no longer holds. Entries it holds are never taken back from
   * itself. XCLAIM re-checks the idle time, so an entry heartbeated meanwhile stays with its owner.
   */
  private async claimAbandoned(idleMs: number): Promise<void> {
    for (const [group, subscriptions] of this.bySubscriber) {
      for (const [key, subscription] of subscriptions) {
        if (!this.running) return;
        try {
          const ids = this.holding(group, key);
          const pending = (await this.client.call('XPENDING', key, group, 'IDLE', idleMs, '-', '+', 100)) as Array<[string, string, number, number]>;
          const abandoned = pending.filter(([id, owner]) => owner !== this.consumer || !ids.has(id)).map(([id]) => id);
          if (abandoned.length === 0) continue;
          const entries = (await this.client.call('XCLAIM', key, group, this.consumer, idleMs, ...abandoned)) as Array<StreamEntry | null>;
          await this.handleBatch(group, subscriptions, [[key, entries.filter((entry): entry is StreamEntry => Array.isArray(entry) && Array.isArray(entry[1]))]]);
        } catch (error) {
          if (this.running) this.options.log.warn({ err: error, group }, 'claiming abandoned events failed');
        }
      }
    }
  }

  private async handleEntry(subscription: EventSubscription, key: string, [id, fields]: StreamEntry, held: Held): Promise<void> {
    const raw = fields[fields.indexOf('event') + 1];
    let event: EventEnvelope | undefined;
    try {
      event = JSON.parse(raw ?? '') as EventEnvelope;
    } catch {
      this.options.log.error({ key, id }, 'dropping an unreadable event');
    }
    for (let attempt = 1; event; attempt++) {
      held.startedAt = Date.now();
      try {
        await subscription.handle(event, attempt);
        break;
      } catch (error) {
        const willRetry = attempt <= subscription.retries && this.running;
        this.options.log.error(
          { err: error, event: { id: event.id, name: event.name, emittedBy: event.emittedBy }, subscriber: subscription.subscriber, attempt, willRetry },
          `event handler ${subscription.subscriber} failed for ${event.name}`,
        );
        if (!willRetry) break;
        held.startedAt = undefined; // waiting out the backoff is not a stall
        await new Promise((resolve) => setTimeout(resolve, subscription.backoffMs * 2 ** (attempt - 1)));
      }
    }
    // Closing mid-retry leaves the entry pending so another process finishes it.
    if (this.running || !event) await this.client.xack(key, subscription.subscriber, id);
  }

  private async track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    try {
      await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  /** Waits until every group has read and acknowledged everything in its streams. */
  async drain(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let busy = this.inFlight.size > 0;
      for (const [group, subscriptions] of this.bySubscriber) {
        for (const key of subscriptions.keys()) {
          const info = (await this.client.xinfo('GROUPS', key)) as unknown[][];
          const mine = info.map((row) => Object.fromEntries(chunk(row as unknown[]))).find((g) => g.name === group);
          if (mine && (Number(mine.pending) > 0 || Number(mine.lag ?? 0) > 0)) busy = true;
        }
      }
      if (!busy) return;
      if (Date.now() > deadline) throw new Error('events did not drain in time (is a worker consuming?)');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    this.running = false;
    clearInterval(this.claimTimer);
    await Promise.allSettled([...this.inFlight]);
    for (const reader of this.readers) reader.disconnect();
    await this.client.quit().catch(() => undefined);
  }
}

function chunk(row: unknown[]): Array<[string, unknown]> {
  const pairs: Array<[string, unknown]> = [];
  for (let i = 0; i < row.length; i += 2) pairs.push([String(row[i]), row[i + 1]]);
  return pairs;
}
