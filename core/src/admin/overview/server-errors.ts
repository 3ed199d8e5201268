import type { FastifyBaseLogger } from 'fastify';
import type { Sql } from '../../accounts/sql.js';

const FLUSH_AFTER_MS = 5_000;

/**
 * Counts 5xx answers per hour, route pattern and status in `kernel_http_error`. Counts are
 * gathered in memory and written a few seconds later in one statement per key, so a burst of
 * failures (often the database itself being down) costs a handful of writes, not one per request.
 */
export class ServerErrorCounter {
  private pending = new Map<string, { hour: string; route: string; status: number; count: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly sql: Sql, private readonly log: FastifyBaseLogger) {}

  add(route: string, status: number, at = new Date()): void {
    const hour = new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000).toISOString();
    const key = `${hour}|${route}|${status}`;
    const entry = this.pending.get(key) ?? { hour, route, status, count: 0 };
    entry.count++;
    this.pending.set(key, entry);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
      this.timer.unref();
    }
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    for (const e of batch) {
      try {
        await this.sql(
          `insert into kernel_http_error (hour, route, status, count) values (?, ?, ?, ?)
           on conflict (hour, route, status) do update set count = kernel_http_error.count + excluded.count`,
          [e.hour, e.route, e.status, e.count],
        );
      } catch (error) {
        this.log.warn({ err: error }, 'recording server errors failed');
      }
    }
  }
}
