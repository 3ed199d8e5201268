import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { MemoryCache } from './memory.js';
import { RedisCache } from './redis.js';

/**
 * The cache contract. Drivers: `memory.ts` (embedded default, one process) and `redis.ts`
 * (shared by every web and worker process). Plugins get a `namespace()` view and never learn which
 * driver runs, so both must behave the same: values are JSON (what you read back is what
 * `JSON.parse(JSON.stringify(value))` gives, a fresh copy every time), TTLs are in milliseconds,
 * and counts returned by the delete methods only include entries that were still live.
 */
export interface CacheSetOptions {
  /** Time to live in milliseconds (a positive integer). Unset: until evicted or deleted. */
  ttlMs?: number;
  /** Labels to invalidate many entries at once with `deleteByTag` (e.g. `user:42`). */
  tags?: string[];
}

export interface CacheIncrementOptions {
  /** Step, a safe integer (negative to decrement). Default 1. */
  by?: number;
  /** TTL applied only when this call creates the counter: fixed windows for rate limits and quotas. */
  ttlMs?: number;
}

export interface Cache {
  readonly driver: 'memory' | 'redis';
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, options?: CacheSetOptions): Promise<void>;
  delete(key: string): Promise<void>;
  /** Deletes every live entry whose key starts with `prefix`; resolves to how many. */
  deleteByPrefix(prefix: string): Promise<number>;
  /** Deletes every live entry set with `tag`; resolves to how many. */
  deleteByTag(tag: string): Promise<number>;
  /** Atomic counter; ttlMs applies when the key is created. Returns the new value. */
  increment(key: string, options?: CacheIncrementOptions): Promise<number>;
  /**
   * A view whose keys (and tags) all live under `prefix` — how each plugin gets its own keys.
   * A `:` is appended when `prefix` lacks one, so `feed` can never see or delete `feedback` keys.
   * Closing a view does nothing: the connection belongs to whoever created the root cache.
   */
  namespace(prefix: string): Cache;
  close(): Promise<void>;
}

/** What `createCache` returns: the root cache, which the kernel alone holds. */
export interface KernelCache extends Cache {
  /**
   * The Redis connection behind the Redis driver (undefined on the memory driver), for kernel
   * services that need Redis itself, such as the @fastify/rate-limit store. Never hand it to
   * plugins: it bypasses their namespace. It is closed by `close()`.
   */
  readonly redis?: Redis;
}

export interface CacheOptions {
  /** Unset: the in-memory driver. */
  redisUrl?: string;
  /** Prefix of every Redis key this cache writes (e.g. `petamigos:cache:`); unused in memory. */
  keyPrefix: string;
  /** Memory driver only: least recently used entries are evicted beyond this. Default 10 000. */
  maxEntries?: number;
  log: FastifyBaseLogger;
}

export function createCache(options: CacheOptions): KernelCache {
  if (options.redisUrl) {
    // Without a prefix the cache would share its keyspace with jobs, events and anything else in that Redis.
    if (!options.keyPrefix) throw new TypeError('cache: keyPrefix is required with Redis (e.g. "petamigos:cache:")');
    return new RedisCache({ url: options.redisUrl, keyPrefix: options.keyPrefix, log: options.log });
  }
  return new MemoryCache({ maxEntries: options.maxEntries });
}

export { MemoryCache } from './memory.js';
export { RedisCache } from './redis.js';
