import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { EventBus, EventEnvelope, EventSubscription } from './index.js';

type StreamEntry = [id: string, fields: string[]];

const MAX_STREAM_LENGTH = 100_000;

/**
 * Events across processes on Redis Streams. Each event name is a stream; each subscribing plugin is
 * a consumer group, so every plugin handles every event exactly once per cluster however many
 * worker processes run; each process is a consumer in the group. An entry is acknowledged only
 * after its handler succeeded (or exhausted its retries), and entries left pending by a process that
 * died are claimed by a live one after `claimIdleMs`.
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
    this.claimTimer = setInterval(() => void this.claimAbandoned(claimIdleMs), Math.max(50, Math.floor(claimIdleMs / 2)));
    this.claimTimer.unref();
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
      for (const [key, entries] of batches ?? []) {
        for (const entry of entries) await this.track(this.handleEntry(subscriptions.get(key)!, key, entry));
      }
    }
  }

  /** Takes over entries a dead consumer left unacknowledged. */
  private async claimAbandoned(idleMs: number): Promise<void> {
    if (!this.running) return;
    for (const [group, subscriptions] of this.bySubscriber) {
      for (const [key, subscription] of subscriptions) {
        try {
          const [, entries] = (await this.client.xautoclaim(key, group, this.consumer, idleMs, '0-0', 'COUNT', 50)) as [string, StreamEntry[]];
          for (const entry of entries) if (entry) await this.track(this.handleEntry(subscription, key, entry));
        } catch (error) {
          if (this.running) this.options.log.warn({ err: error, group }, 'claiming abandoned events failed');
        }
      }
    }
  }

  private async handleEntry(subscription: EventSubscription, key: string, [id, fields]: StreamEntry): Promise<void> {
    const raw = fields[fields.indexOf('event') + 1];
    let event: EventEnvelope | undefined;
    try {
      event = JSON.parse(raw ?? '') as EventEnvelope;
    } catch {
      this.options.log.error({ key, id }, 'dropping an unreadable event');
    }
    for (let attempt = 1; event; attempt++) {
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
