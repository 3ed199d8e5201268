import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import t from 'tap';
import { createLogger } from '../../src/logger.js';
import { createCache, type KernelCache } from '../../src/services/cache/index.js';

/**
 * One contract, two drivers: every assertion below runs on the in-memory cache and on Redis, so a
 * plugin that works on a laptop works in production. Redis runs under a random key prefix that is
 * removed afterwards; nothing else in that Redis is touched.
 */
const redisUrl = process.env.PETAMIGOS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = createLogger({ logLevel: (process.env.PETAMIGOS_TEST_LOG as 'debug' | undefined) ?? 'silent' });

async function keysUnder(redis: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found;
}

interface Harness {
  cache: KernelCache;
  keyPrefix: string;
  teardown(): Promise<void>;
}

const drivers: Record<'memory' | 'redis', () => Promise<Harness>> = {
  async memory() {
    const cache = createCache({ keyPrefix: 'unused:', log });
    return { cache, keyPrefix: 'unused:', teardown: () => cache.close() };
  },
  async redis() {
    const admin = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await admin.connect();
    } catch (error) {
      admin.disconnect();
      throw new Error(`the cache tests need Redis at ${redisUrl} (${(error as Error).message}); start it or set PETAMIGOS_TEST_REDIS_URL`);
    }
    const keyPrefix = `petamigos-test:${randomUUID()}:`;
    const cache = createCache({ redisUrl, keyPrefix, log });
    return {
      cache,
      keyPrefix,
      async teardown() {
        await cache.close();
        const leftovers = await keysUnder(admin, `${keyPrefix}*`);
        if (leftovers.length > 0) await admin.del(...leftovers);
        await admin.quit();
      },
    };
  },
};

for (const [name, open] of Object.entries(drivers)) {
  t.test(`${name} driver`, async (t) => {
    const { cache, keyPrefix, teardown } = await open();
    t.teardown(teardown);
    t.equal(cache.driver, name);

    t.test('values round-trip as JSON copies that callers cannot mutate', async (t) => {
      const value = { name: 'Firulais', tags: ['dog'], born: new Date('2020-01-02T03:04:05Z') };
      await cache.set('pet:1', value);
      value.tags.push('mutated after set');
      const read = await cache.get<{ name: string; tags: string[]; born: string }>('pet:1');
      t.same(read, { name: 'Firulais', tags: ['dog'], born: '2020-01-02T03:04:05.000Z' }, 'Dates read back as strings on every driver');
      read!.tags.push('mutated after get');
      t.same((await cache.get<{ tags: string[] }>('pet:1'))!.tags, ['dog']);
      for (const v of [0, false, '', null, 'text', [1, 2]]) {
        await cache.set('scalar', v);
        t.same(await cache.get('scalar'), v, `${JSON.stringify(v)} round-trips`);
      }
      t.equal(await cache.get('missing'), undefined);
      await cache.delete('pet:1');
      t.equal(await cache.get('pet:1'), undefined);
      await cache.delete('never-existed');
      await t.rejects(cache.set('undefined', undefined), TypeError);
      await t.rejects(cache.set('fn', () => 1), TypeError);
    });

    t.test('entries expire after their TTL; a later set without TTL keeps them', async (t) => {
      await cache.set('short', 'soon gone', { ttlMs: 80 });
      await cache.set('kept', 'here', { ttlMs: 80 });
      await cache.set('kept', 'here for good');
      await cache.set('forever', 'stays');
      t.equal(await cache.get('short'), 'soon gone');
      await sleep(200);
      t.equal(await cache.get('short'), undefined);
      t.equal(await cache.get('kept'), 'here for good');
      t.equal(await cache.get('forever'), 'stays');
      for (const ttlMs of [0, -5, 1.5, Number.NaN]) await t.rejects(cache.set('bad', 1, { ttlMs }), RangeError, `ttlMs ${ttlMs} is refused`);
    });

    t.test('tags invalidate exactly the live entries that still carry them', async (t) => {
      await cache.set('post:1', 'a', { tags: ['user:7', 'feed'] });
      await cache.set('post:2', 'b', { tags: ['user:7'] });
      await cache.set('post:3', 'c', { tags: ['user:8'] });
      await cache.set('post:4', 'd', { tags: ['user:7'] });
      await cache.set('post:4', 'd, retagged', { tags: ['user:9'] });
      await cache.set('post:5', 'e', { tags: ['user:7'], ttlMs: 50 });
      await sleep(120);
      t.equal(await cache.deleteByTag('user:7'), 2, 'post:1 and post:2; not the retagged post:4 nor the expired post:5');
      t.equal(await cache.get('post:1'), undefined);
      t.equal(await cache.get('post:2'), undefined);
      t.equal(await cache.get('post:3'), 'c');
      t.equal(await cache.get('post:4'), 'd, retagged');
      t.equal(await cache.deleteByTag('user:7'), 0, 'a second invalidation finds nothing');
      t.equal(await cache.deleteByTag('feed'), 0, 'post:1 is already gone');
      await cache.set('post:6', 'f', { tags: ['user:8'] });
      await cache.delete('post:6');
      await cache.set('post:6', 'untagged now');
      t.equal(await cache.deleteByTag('user:8'), 1, 'only post:3: post:6 was deleted and set again without the tag');
      t.equal(await cache.get('post:6'), 'untagged now');
    });

    t.test('prefix deletion removes only matching keys, glob characters included', async (t) => {
      for (const key of ['user:1:a', 'user:1:b', 'user:10:a', 'post:1', 'a*b', 'axb', 'q?[x]', 'qz[x]']) await cache.set(key, key);
      t.equal(await cache.deleteByPrefix('user:1:'), 2);
      t.equal(await cache.get('user:1:a'), undefined);
      t.equal(await cache.get('user:10:a'), 'user:10:a');
      t.equal(await cache.get('post:1'), 'post:1');
      t.equal(await cache.deleteByPrefix('a*'), 1, '* is literal');
      t.equal(await cache.get('axb'), 'axb');
      t.equal(await cache.deleteByPrefix('q?['), 1, '? and [ are literal');
      t.equal(await cache.get('qz[x]'), 'qz[x]');
      t.equal(await cache.deleteByPrefix('nothing-here:'), 0);
      for (let i = 0; i < 2500; i++) await cache.set(`bulk:${i}`, i);
      t.equal(await cache.deleteByPrefix('bulk:'), 2500, 'spans many SCAN pages');
      t.equal(await cache.get('bulk:1234'), undefined);
    });

    t.test('increments are atomic, and the TTL is set only when the counter is created', async (t) => {
      const results = await Promise.all(Array.from({ length: 200 }, () => cache.increment('hits')));
      t.equal(await cache.get('hits'), 200);
      t.same(results.sort((a, b) => a - b), Array.from({ length: 200 }, (_, i) => i + 1), 'every caller saw a distinct value');
      t.equal(await cache.increment('hits', { by: -50 }), 150);
      t.equal(await cache.increment('fresh', { by: 5 }), 5);

      t.equal(await cache.increment('window', { ttlMs: 300 }), 1);
      await sleep(200);
      t.equal(await cache.increment('window', { ttlMs: 300 }), 2, 'same window');
      await sleep(200);
      t.equal(await cache.get('window'), undefined, 'expired 300 ms after creation, not after the last increment');
      t.equal(await cache.increment('window', { ttlMs: 300 }), 1, 'a new window starts');

      await cache.set('not-a-number', 'abc');
      await t.rejects(cache.increment('not-a-number'));
      await t.rejects(cache.increment('hits', { by: 1.5 }), RangeError);
    });

    t.test('namespaces isolate keys, prefixes and tags', async (t) => {
      const feed = cache.namespace('feed');
      const feedback = cache.namespace('feedback');
      await feed.set('k', 'feed value', { tags: ['t'] });
      await feedback.set('k', 'feedback value', { tags: ['t'] });
      await feed.set('other', 1);
      t.equal(await feed.get('k'), 'feed value');
      t.equal(await feedback.get('k'), 'feedback value');
      t.equal(await cache.get('feed:k'), 'feed value', 'a view lives under "<prefix>:" of its parent');
      t.equal(await feed.get('back:k'), undefined, 'feed cannot reach feedback through a crafted key');
      t.equal(await feed.deleteByTag('t'), 1);
      t.equal(await feedback.get('k'), 'feedback value', 'the same tag name in another namespace is untouched');
      await feed.set('k', 'again');
      t.equal(await feed.deleteByPrefix(''), 2, 'deleting everything in feed: k and other');
      t.equal(await feedback.get('k'), 'feedback value', '"feed" is not a prefix of "feedback" keys');
      t.equal(await feed.increment('n'), 1);
      t.equal(await feedback.increment('n'), 1);

      const nested = feed.namespace('photos:');
      await nested.set('1', 'x');
      t.equal(await feed.get('photos:1'), 'x');
      t.equal(nested.driver, cache.driver);
      await nested.close();
      await feed.close();
      t.equal(await cache.get('feedback:k'), 'feedback value', 'closing a view leaves the root open');
      t.throws(() => cache.namespace(''), TypeError);
    });

    if (name === 'memory') {
      t.test('memory: bounded, least recently used entries are evicted first', async (t) => {
        const small = createCache({ keyPrefix: 'x:', maxEntries: 3, log });
        t.teardown(() => small.close());
        t.equal(small.redis, undefined);
        await small.set('a', 1, { tags: ['t'] });
        await small.set('b', 2, { tags: ['t'] });
        await small.set('c', 3);
        await small.get('a');
        await small.set('d', 4);
        t.equal(await small.get('b'), undefined, 'b was least recently used');
        t.equal(await small.get('a'), 1);
        t.equal(await small.deleteByTag('t'), 1, 'the evicted entry left the tag index');
      });
    } else {
      t.test('redis: every key lives under the prefix, and the client is exposed', async (t) => {
        t.ok(cache.redis, 'the kernel can hand the client to @fastify/rate-limit');
        const marker = `marker-${randomUUID()}`;
        await cache.namespace('plugin').set(marker, 1, { tags: [marker] });
        await cache.increment(`${marker}-counter`, { ttlMs: 10_000 });
        const written = await keysUnder(cache.redis!, `*${marker}*`);
        t.equal(written.length, 4, 'value, tag record, tag set, counter');
        t.ok(written.every((k) => k.startsWith(keyPrefix)), `all under ${keyPrefix}: ${written.join(', ')}`);
        const ttl = await cache.redis!.pttl(written.find((k) => k.endsWith('-counter'))!);
        t.ok(ttl > 0 && ttl <= 10_000, `the counter carries its TTL (${ttl} ms)`);
      });
    }
  });
}
