import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import { targetLabel, type DatabaseTarget } from './database-target.js';
import { EMITTER, EVENT, eventPlugins, walkPayloads, type EmitterService, type Walk } from './event-plugins.js';
import { figure, type Figure } from './figures.js';
import { startKernel, type StartedKernel } from './kernel-server.js';
import type { BenchRedis } from './redis-target.js';
import type { BenchSettings } from './settings.js';
import { compareThroughput, produce, Tally, type ThroughputResult, type ThroughputSide } from './throughput.js';

/** Events per round: enough that a round's fixed costs (the drain's polling) stay a few percent. */
const ROUND = 2000;
/** Emitting loops, as ten concurrent requests would emit (the same as the HTTP figures' connections and the pool size). */
const PRODUCERS = 10;
/** What the kernel's Redis bus reads per XREADGROUP and caps each stream at; the raw baseline does the same. */
const READ_COUNT = 50;
const MAX_STREAM_LENGTH = 100_000;

/**
 * events/s from emit to handled: through a kernel with two fixture plugins (one emits through
 * `ctx.events.emit`, the other handles), on the in-process bus and on Redis Streams, each against
 * the bare mechanism carrying the same payloads. The kernel path includes the transactional outbox
 * (an INSERT per event, a relay DELETE per batch) on `target`; the baselines have no database.
 */
export async function eventFigures(target: DatabaseTarget, redis: BenchRedis | undefined, settings: BenchSettings, log: (message: string) => void): Promise<Figure[]> {
  const payloads = walkPayloads(ROUND);
  const options = { roundSize: ROUND, minSeconds: settings.throughputSeconds };
  const figures: Figure[] = [];
  const outbox = targetLabel(target);

  log(`events: in-process bus (outbox on ${outbox}) vs EventEmitter, ${ROUND} events per round`);
  {
    const tally = new Tally();
    const kernel = await startKernel(eventPlugins(tally), target);
    try {
      const result = await compareThroughput(await kernelSide(kernel, tally, payloads), emitterSide(payloads), options);
      figures.push(eventFigure('events.in-process', `[in-process] events emit → handled (${outbox} outbox)`, result, outbox));
    } finally {
      await kernel.close();
    }
  }

  if (redis) {
    log(`events: Redis Streams bus (outbox on ${outbox}) vs raw XADD + XREADGROUP/XACK, ${ROUND} events per round`);
    const tally = new Tally();
    const kernel = await startKernel(eventPlugins(tally), target, { redis: { url: redis.url, keyPrefix: `${redis.prefix}:` } });
    let baseline: Awaited<ReturnType<typeof rawStreamsSide>> | undefined;
    try {
      baseline = await rawStreamsSide(redis, payloads);
      const result = await compareThroughput(await kernelSide(kernel, tally, payloads), baseline, options);
      figures.push(eventFigure('events.redis', `[Redis] events emit → handled (${outbox} outbox)`, result, outbox));
    } finally {
      await baseline?.close();
      await kernel.close();
    }
  }
  return figures;
}

function eventFigure(id: string, label: string, result: { kernel: ThroughputResult; baseline: ThroughputResult }, outbox: string): Figure {
  return figure(id, label, 'events/s', result.kernel.perSecond, result.baseline.perSecond, {
    roundSize: ROUND,
    producers: PRODUCERS,
    outbox,
    kernel: result.kernel,
    baseline: result.baseline,
  });
}

/** Emits through the emitter plugin's `ctx`; the round ends when `kernel.events.drain()` says all is handled. */
async function kernelSide({ kernel }: StartedKernel, tally: Tally, payloads: Walk[]): Promise<ThroughputSide> {
  const emitter = (await kernel.plugins.service(EMITTER)) as EmitterService;
  return {
    async round(n) {
      const handled = tally.expect(n, `kernel ${kernel.events.driver} events`);
      await produce(n, PRODUCERS, (i) => emitter.emit(payloads[i]!));
      await kernel.events.drain();
      await handled;
      tally.assertExact(`kernel ${kernel.events.driver} events`);
    },
  };
}

/** What one would write without the kernel in one process: an EventEmitter and an async handler. */
function emitterSide(payloads: Walk[]): ThroughputSide {
  const tally = new Tally();
  const emitter = new EventEmitter();
  const handle = async (_walk: Walk) => {
    tally.hit();
  };
  emitter.on(EVENT, (walk: Walk) => void handle(walk));
  return {
    async round(n) {
      const handled = tally.expect(n, 'EventEmitter events');
      await produce(n, PRODUCERS, (i) => emitter.emit(EVENT, payloads[i]!));
      await handled;
      tally.assertExact('EventEmitter events');
    },
  };
}

/**
 * Redis Streams by hand: XADD the payload as JSON (same MAXLEN cap as the kernel), one consumer
 * group, one reader reading 50 at a time, handling each entry and XACKing it, as the kernel's bus
 * does, but with no outbox, envelope or drain check in between.
 */
async function rawStreamsSide(redis: BenchRedis, payloads: Walk[]): Promise<ThroughputSide & { close(): Promise<void> }> {
  const stream = `${redis.prefix}:raw:events:${EVENT}`;
  const group = 'bench-handler';
  const consumer = `bench-${process.pid}`;
  const client = new Redis(redis.url, { maxRetriesPerRequest: 3 });
  const reader = client.duplicate();
  await client.xgroup('CREATE', stream, group, '$', 'MKSTREAM');
  const tally = new Tally();
  const handle = async (_walk: Walk) => {};
  let running = true;
  const reading = (async () => {
    while (running) {
      let batches: Array<[string, Array<[string, string[]]>]> | null;
      try {
        batches = (await reader.xreadgroup('GROUP', group, consumer, 'COUNT', READ_COUNT, 'BLOCK', 1000, 'STREAMS', stream, '>')) as typeof batches;
      } catch (error) {
        if (!running) return;
        throw error;
      }
      for (const [, entries] of batches ?? []) {
        for (const [id, fields] of entries) {
          await handle(JSON.parse(fields[1]!) as Walk);
          await client.xack(stream, group, id);
          // Counted once acknowledged: the kernel's drain likewise waits for every XACK.
          tally.hit();
        }
      }
    }
  })();
  // A failing reader must fail the round rather than leave it waiting for events never handled.
  let readerFailed: Error | undefined;
  reading.catch((error: Error) => (readerFailed = error));
  return {
    async round(n) {
      if (readerFailed) throw readerFailed;
      const handled = tally.expect(n, 'raw Redis Streams events');
      await produce(n, PRODUCERS, (i) => client.xadd(stream, 'MAXLEN', '~', String(MAX_STREAM_LENGTH), '*', 'event', JSON.stringify(payloads[i])));
      await handled;
      tally.assertExact('raw Redis Streams events');
    },
    async close() {
      running = false;
      reader.disconnect();
      await reading.catch(() => undefined);
      await client.quit().catch(() => client.disconnect());
    },
  };
}
