import { LRUCache } from 'lru-cache';
import type { Cache, CacheIncrementOptions, CacheSetOptions, KernelCache } from './index.js';
import { NamespacedCache } from './namespaced.js';
import { checkIncrementOptions, checkKey, checkSetOptions, decodeValue, encodeValue, namespacePrefix } from './values.js';

interface Entry {
  json: string;
  tags: readonly string[];
}

/**
 * The embedded cache: a bounded LRU in this process. Good for one process; with several web nodes
 * each would hold its own copy and invalidations would not travel, which is what the Redis driver
 * is for. Everything here is synchronous under the promises, so `increment` is atomic for free.
 */
export class MemoryCache implements KernelCache {
  readonly driver = 'memory' as const;
  private readonly entries: LRUCache<string, Entry>;
  /** tag → keys. Kept exact on overwrite, delete and eviction through `dispose`. */
  private readonly tagIndex = new Map<string, Set<string>>();
  private closed = false;

  constructor(options: { maxEntries?: number } = {}) {
    const max = options.maxEntries ?? 10_000;
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`cache: maxEntries must be a positive integer, got ${max}`);
    this.entries = new LRUCache<string, Entry>({
      max,
      // lru-cache calls this synchronously inside set/delete/evict, before the new entry's tags
      // are indexed, so an overwrite that keeps a tag does not lose it.
      dispose: (entry, key) => this.unindex(key, entry.tags),
    });
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    this.assertOpen();
    checkKey(key);
    return decodeValue<T>(this.entries.get(key)?.json);
  }

  async set(key: string, value: unknown, options?: CacheSetOptions): Promise<void> {
    this.assertOpen();
    const { ttlMs, tags } = checkSetOptions(key, options);
    this.entries.set(key, { json: encodeValue(key, value), tags }, { ttl: ttlMs });
    this.index(key, tags);
  }

  async delete(key: string): Promise<void> {
    this.assertOpen();
    checkKey(key);
    this.entries.delete(key);
  }

  async deleteByPrefix(prefix: string): Promise<number> {
    this.assertOpen();
    // keys() skips expired entries, so the count is of live entries, as on Redis.
    const doomed = [...this.entries.keys()].filter((key) => key.startsWith(prefix));
    for (const key of doomed) this.entries.delete(key);
    return doomed.length;
  }

  async deleteByTag(tag: string): Promise<number> {
    this.assertOpen();
    checkKey(tag, 'tag');
    let deleted = 0;
    for (const key of [...(this.tagIndex.get(tag) ?? [])]) {
      // has() is false for an expired entry that lru-cache has not purged yet: it is not counted.
      if (this.entries.has(key)) deleted++;
      this.entries.delete(key);
    }
    this.tagIndex.delete(tag);
    return deleted;
  }

  async increment(key: string, options?: CacheIncrementOptions): Promise<number> {
    this.assertOpen();
    const { by, ttlMs } = checkIncrementOptions(key, options);
    const existing = this.entries.get(key);
    if (!existing) {
      this.entries.set(key, { json: String(by), tags: [] }, { ttl: ttlMs });
      return by;
    }
    const current: unknown = JSON.parse(existing.json);
    if (!Number.isSafeInteger(current)) throw new TypeError(`cache: value at "${key}" is not an integer`);
    const next = (current as number) + by;
    if (!Number.isSafeInteger(next)) throw new RangeError(`cache: increment of "${key}" overflows`);
    // noUpdateTTL: a counter keeps the window it was created with, as INCRBY does on Redis.
    this.entries.set(key, { json: String(next), tags: existing.tags }, { noUpdateTTL: true });
    this.index(key, existing.tags);
    return next;
  }

  namespace(prefix: string): Cache {
    return new NamespacedCache(this, namespacePrefix(prefix));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.entries.clear();
    this.tagIndex.clear();
  }

  private index(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      let keys = this.tagIndex.get(tag);
      if (!keys) this.tagIndex.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  private unindex(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      const keys = this.tagIndex.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.tagIndex.delete(tag);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('cache is closed');
  }
}
