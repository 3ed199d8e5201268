import type { FastifyBaseLogger } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { Sql } from '../../accounts/sql.js';

/**
 * Records that a user used the platform today: one row per user per UTC day in
 * `kernel_daily_active`, written at most once per user and day by each process, so the cost is
 * one insert per active user per day instead of one per request.
 */
export class ActivityRecorder {
  private readonly seen = new LRUCache<string, true>({ max: 100_000 });

  constructor(private readonly sql: Sql, private readonly log: FastifyBaseLogger) {}

  async record(userId: string, at = new Date()): Promise<void> {
    const day = at.toISOString().slice(0, 10);
    const key = `${day}:${userId}`;
    if (this.seen.has(key)) return;
    this.seen.set(key, true);
    try {
      await this.sql('insert into kernel_daily_active (day, user_id) values (?, ?) on conflict do nothing', [day, userId]);
    } catch (error) {
      // Statistics must never break a request; the next process or day records it again.
      this.seen.delete(key);
      this.log.warn({ err: error }, 'recording daily activity failed');
    }
  }
}
