import { Redis } from 'ioredis';
import { v7 as uuidv7 } from 'uuid';

export type TestServiceDriver = 'in-process' | 'redis';

/**
 * Which service drivers the tests run: both by default (in-process is the embedded default, Redis
 * with BullMQ is production). `PETAMIGOS_TEST_DRIVERS=in-process` narrows it on a machine without
 * Redis; CI never sets it.
 */
export function testServiceDrivers(): TestServiceDriver[] {
  const kinds = (process.env.PETAMIGOS_TEST_DRIVERS ?? 'in-process,redis').split(',').map((s) => s.trim()).filter(Boolean);
  for (const k of kinds) if (k !== 'in-process' && k !== 'redis') throw new Error(`PETAMIGOS_TEST_DRIVERS: unknown driver "${k}" (use in-process, redis)`);
  return kinds as TestServiceDriver[];
}

export function testRedisUrl(): string {
  return process.env.PETAMIGOS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** A key prefix no other test uses, so tests share one Redis without seeing each other. */
export function uniqueRedisPrefix(): string {
  return `petamigos-test-${uuidv7()}:`;
}

/** Deletes every key under `prefix` (SCAN, never FLUSHALL: the Redis may be shared). */
export async function dropRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 2 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]]/g, '\\$&')}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
