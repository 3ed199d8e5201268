import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export interface BenchRedis {
  url: string;
  /**
   * `petamigos-bench-<random>`: every key the bench makes, the kernel's and the baselines', starts
   * with it followed by `:`, so cleaning up is one SCAN on that pattern and never touches other data.
   */
  prefix: string;
  /** Deletes every key under the prefix (SCAN + DEL, never FLUSHALL); resolves to how many it deleted. */
  cleanup(): Promise<number>;
}

/** Checks Redis answers, and picks this run's key prefix. */
export async function openBenchRedis(url: string): Promise<BenchRedis> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000, retryStrategy: () => null });
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new Error(`Redis at ${safeRedisUrl(url)} is not reachable: ${(error as Error).message}`);
  } finally {
    probe.disconnect();
  }
  const prefix = `petamigos-bench-${randomBytes(6).toString('hex')}`;
  return { url, prefix, cleanup: () => deleteUnder(url, `${prefix}:*`) };
}

async function deleteUnder(url: string, pattern: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    const scanAndDelete = async (): Promise<number> => {
      let cursor = '0';
      let seen = 0;
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        seen += keys.length;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
      return seen;
    };
    // A second pass catches what a lagging writer added during the first.
    return (await scanAndDelete()) + (await scanAndDelete());
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

export function safeRedisUrl(url: string): string {
  return url.replace(/\/\/([^/@]*)@/, (_, auth: string) => `//${auth.includes(':') ? `${auth.split(':')[0]}:***` : auth}@`);
}
