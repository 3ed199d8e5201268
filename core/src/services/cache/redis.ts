import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { Cache, CacheIncrementOptions, CacheSetOptions, KernelCache } from './index.js';
import { NamespacedCache } from './namespaced.js';
import { checkIncrementOptions, checkKey, checkSetOptions, decodeValue, encodeValue, namespacePrefix } from './values.js';

/*
 * Key layout under `keyPrefix` (P):
 *   P v:<key>   the value, JSON (counters are plain integers, which are JSON too)
 *   P k:<key>   a set of the tags <key> was last set with; expires with the value
 *   P t:<tag>   a set of keys that were set with <tag>
 * Tag sets are never cleaned on overwrite, delete or expiry (that would need every old tag at
 * write time); instead `deleteByTag` checks each member's `k:` record and only deletes keys that
 * still carry the tag. Stale members are harmless and go away with the tag set's own TTL.
 * Scripts build key names at run time, so this needs a single Redis (or Sentinel), not Cluster.
 */

const SET_SCRIPT = `
local ttl = tonumber(ARGV[2])
if ttl > 0 then redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl) else redis.call('SET', KEYS[1], ARGV[1]) end
redis.call('DEL', KEYS[2])
for i = 5, #ARGV do
  local tagKey = ARGV[3] .. ARGV[i]
  local existed = redis.call('EXISTS', tagKey)
  redis.call('SADD', tagKey, ARGV[4])
  redis.call('SADD', KEYS[2], ARGV[i])
  if ttl > 0 then
    -- The tag set must outlive its longest-lived member; a persistent member keeps it persistent.
    local left = redis.call('PTTL', tagKey)
    if existed == 0 or (left >= 0 and left < ttl) then redis.call('PEXPIRE', tagKey, ttl) end
  else
    redis.call('PERSIST', tagKey)
  end
end
if ttl > 0 and #ARGV >= 5 then redis.call('PEXPIRE', KEYS[2], ttl) end
`;

const DELETE_BY_TAG_SCRIPT = `
local deleted = 0
for _, member in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local record = ARGV[3] .. member
  if redis.call('SISMEMBER', record, ARGV[1]) == 1 then
    deleted = deleted + redis.call('DEL', ARGV[2] .. member)
    redis.call('DEL', record)
  end
end
redis.call('DEL', KEYS[1])
return deleted
`;

// EXISTS before INCRBY inside one script: the TTL is set exactly when this call created the key,
// with no window in which a crash leaves a counter that never expires.
const INCREMENT_SCRIPT = `
local existed = redis.call('EXISTS', KEYS[1])
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if existed == 0 and tonumber(ARGV[2]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return value
`;

interface CacheScripts {
  petamigosCacheSet(valueKey: string, recordKey: string, json: string, ttlMs: number, tagPrefix: string, member: string, ...tags: string[]): Promise<unknown>;
  petamigosCacheDeleteByTag(tagKey: string, tag: string, valuePrefix: string, recordPrefix: string): Promise<number>;
  petamigosCacheIncrement(valueKey: string, by: number, ttlMs: number): Promise<number>;
}

/** SCAN MATCH treats `* ? [ ] \` as glob syntax; keys may contain them. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/**
 * The production cache: one Redis shared by every process, so an invalidation on one web node is
 * seen by all of them.
 */
export class RedisCache implements KernelCache {
  readonly driver = 'redis' as const;
  readonly redis: Redis;
  private readonly scripts: CacheScripts;
  private readonly valuePrefix: string;
  private readonly recordPrefix: string;
  private readonly tagPrefix: string;

  constructor(options: { url: string; keyPrefix: string; log: FastifyBaseLogger }) {
    this.valuePrefix = `${options.keyPrefix}v:`;
    this.recordPrefix = `${options.keyPrefix}k:`;
    this.tagPrefix = `${options.keyPrefix}t:`;
    this.redis = new Redis(options.url, {
      // A cache that waits through twenty reconnects turns a Redis outage into hung requests; fail
      // fast and let the caller fall back to the database. (Also what @fastify/rate-limit wants.)
      maxRetriesPerRequest: 1,
      connectionName: 'petamigos-cache',
    });
    let lastError = '';
    this.redis.on('error', (error: Error) => {
      // ioredis emits the same error on every reconnect attempt; one line per distinct failure.
      if (error.message === lastError) return;
      lastError = error.message;
      options.log.error({ err: error }, `cache: Redis error: ${error.message}`);
    });
    this.redis.on('ready', () => {
      if (lastError) options.log.info('cache: Redis connection restored');
      lastError = '';
    });
    this.redis.defineCommand('petamigosCacheSet', { numberOfKeys: 2, lua: SET_SCRIPT });
    this.redis.defineCommand('petamigosCacheDeleteByTag', { numberOfKeys: 1, lua: DELETE_BY_TAG_SCRIPT });
    this.redis.defineCommand('petamigosCacheIncrement', { numberOfKeys: 1, lua: INCREMENT_SCRIPT });
    this.scripts = this.redis as unknown as CacheScripts;
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    checkKey(key);
    return decodeValue<T>(await this.redis.get(this.valuePrefix + key));
  }

  async set(key: string, value: unknown, options?: CacheSetOptions): Promise<void> {
    const { ttlMs, tags } = checkSetOptions(key, options);
    const json = encodeValue(key, value);
    await this.scripts.petamigosCacheSet(this.valuePrefix + key, this.recordPrefix + key, json, ttlMs, this.tagPrefix, key, ...tags);
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.redis.del(this.valuePrefix + key, this.recordPrefix + key);
  }

  async deleteByPrefix(prefix: string): Promise<number> {
    // SCAN, never KEYS: KEYS blocks Redis for every other client while it walks the whole keyspace.
    const match = `${escapeGlob(this.valuePrefix + prefix)}*`;
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      cursor = next;
      if (keys.length === 0) continue;
      const records = keys.map((k) => this.recordPrefix + k.slice(this.valuePrefix.length));
      // DEL counts only keys that still existed, so entries expiring mid-scan are not counted.
      const results = await this.redis.multi().del(...keys).del(...records).exec();
      const [error, count] = results?.[0] ?? [null, 0];
      if (error) throw error;
      deleted += Number(count);
    } while (cursor !== '0');
    return deleted;
  }

  async deleteByTag(tag: string): Promise<number> {
    checkKey(tag, 'tag');
    return Number(await this.scripts.petamigosCacheDeleteByTag(this.tagPrefix + tag, tag, this.valuePrefix, this.recordPrefix));
  }

  async increment(key: string, options?: CacheIncrementOptions): Promise<number> {
    const { by, ttlMs } = checkIncrementOptions(key, options);
    return Number(await this.scripts.petamigosCacheIncrement(this.valuePrefix + key, by, ttlMs));
  }

  namespace(prefix: string): Cache {
    return new NamespacedCache(this, namespacePrefix(prefix));
  }

  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    try {
      await this.redis.quit();
    } catch {
      // quit() fails when the connection is already down; there is nothing left to flush.
      this.redis.disconnect();
    }
  }
}
