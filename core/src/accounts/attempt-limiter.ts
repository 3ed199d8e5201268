import { HttpError } from '../http/errors.js';
import type { Cache } from '../services/cache/index.js';

/**
 * Per-account attempt limits (the per-IP limits come from the rate limiter on each route), so a
 * botnet spreading guesses for one account over many addresses still hits a wall. Counted in the
 * kernel cache, so the limit holds across every process when Redis is configured.
 */
export class AttemptLimiter {
  constructor(private readonly cache: Cache, private readonly max: number, private readonly windowMs: number) {}

  /** Counts one attempt for `key`; throws 429 with `retryAfter` once over the limit. */
  async hit(key: string): Promise<void> {
    const count = await this.cache.increment(key, { ttlMs: this.windowMs });
    if (count > this.max) {
      const retryAfter = Math.ceil(this.windowMs / 1000);
      throw new HttpError(429, 'RATE_LIMITED', `Too many attempts for this account; try again in up to ${retryAfter} s.`, { retryAfter });
    }
  }
}
