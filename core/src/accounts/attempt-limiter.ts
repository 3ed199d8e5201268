import { HttpError } from '../http/errors.js';

/**
 * Per-account attempt limits (the per-IP limits come from the rate limiter on each route), so a
 * botnet spreading guesses for one account over many addresses still hits a wall. In memory per
 * process for now; the kernel cache service makes it cluster-wide when Redis is configured.
 */
export class AttemptLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly max: number, private readonly windowMs: number) {}

  /** Counts one attempt for `key`; throws 429 with `retryAfter` once over the limit. */
  hit(key: string): void {
    const now = Date.now();
    if (this.windows.size > 10_000) for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    window.count++;
    if (window.count > this.max) {
      const retryAfter = Math.ceil((window.resetAt - now) / 1000);
      throw new HttpError(429, 'RATE_LIMITED', `Too many attempts for this account; try again in ${retryAfter} s.`, { retryAfter });
    }
  }
}
