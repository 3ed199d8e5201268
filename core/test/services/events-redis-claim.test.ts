import t from 'tap';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { RedisStreamsEventBus, type EventEnvelope } from '../../src/services/events/index.js';
import { dropRedisPrefix, testRedisUrl, testServiceDrivers, uniqueRedisPrefix } from '../../src/testing/test-redis.js';

/**
 * Taking over abandoned entries on Redis Streams: a live consumer whose batch is slower than the
 * claim threshold keeps its entries (each event handled once), and a consumer that died without
 * acknowledging still has its entries handled by a live one. The claim threshold is shortened so a
 * batch of slow handlers outlasts it many times over.
 */

const log = pino({ level: process.env.PETAMIGOS_TEST_LOG ?? 'silent' }) as unknown as FastifyBaseLogger;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const EVENT = 'kennel.dog.added';

function envelope(i: number): EventEnvelope {
  return { id: uuidv7(), name: EVENT, payload: { dog: `perro-${i}` }, emittedBy: 'kennel', emittedAt: new Date().toISOString() };
}

/** A bus whose `vet` handler takes `handlerMs` per event and counts every run by event id. */
function openBus(t: { teardown(fn: () => unknown): void }, keyPrefix: string, runs: Map<string, number>, handlerMs: number) {
  const bus = new RedisStreamsEventBus({ url: testRedisUrl(), keyPrefix, log, claimIdleMs: 300, blockMs: 100 });
  t.teardown(() => bus.close());
  bus.subscribe({
    subscriber: 'vet',
    name: EVENT,
    retries: 0,
    backoffMs: 10,
    async handle(event) {
      runs.set(event.id, (runs.get(event.id) ?? 0) + 1);
      await sleep(handlerMs);
    },
  });
  return bus;
}

const skip = !testServiceDrivers().includes('redis') && 'needs Redis';

t.test('a batch slower than the claim threshold is handled once per event, not taken back by its own or another live consumer', { skip }, async (t) => {
  const keyPrefix = uniqueRedisPrefix();
  t.teardown(() => dropRedisPrefix(keyPrefix));
  const runs = new Map<string, number>();
  const a = openBus(t, keyPrefix, runs, 40);
  const b = openBus(t, keyPrefix, runs, 40);
  const events = Array.from({ length: 40 }, (_, i) => envelope(i));
  // Published before either consumer reads, so one of them receives all 40 in a single batch,
  // which takes several claim thresholds (300 ms) to work through.
  for (const event of events) await a.publish(event);
  await a.start();
  await b.start();
  await a.drain(30_000);
  await b.drain(30_000);
  t.same(
    events.map((e) => runs.get(e.id) ?? 0),
    events.map(() => 1),
    'every event was handled exactly once',
  );
});

t.test("a dead consumer's unacknowledged entries are handled by a live one", { skip }, async (t) => {
  const keyPrefix = uniqueRedisPrefix();
  t.teardown(() => dropRedisPrefix(keyPrefix));
  const runs = new Map<string, number>();
  const live = openBus(t, keyPrefix, runs, 5);
  const events = Array.from({ length: 8 }, (_, i) => envelope(i));
  for (const event of events) await live.publish(event);

  // A worker that read the entries and was killed before acknowledging any: they stay pending under
  // its name, and nothing of it is left to heartbeat them.
  const dead = new Redis(testRedisUrl());
  t.teardown(() => dead.quit());
  const read = (await dead.xreadgroup('GROUP', 'vet', 'killed-worker', 'COUNT', 100, 'STREAMS', `${keyPrefix}events:${EVENT}`, '>')) as Array<[string, unknown[]]>;
  t.equal(read[0]![1].length, 8, 'the dead worker had received all eight');

  await live.start();
  const later = envelope(99);
  await live.publish(later);
  await live.drain(30_000);
  t.same(
    [...events, later].map((e) => runs.get(e.id) ?? 0),
    [...events, later].map(() => 1),
    'each abandoned event and the new one were handled exactly once',
  );
});
