import type { FastifyBaseLogger } from 'fastify';
import type { Sql } from '../../accounts/sql.js';
import type { AdminStat } from '../../plugins/manifest.js';
import type { PluginRegistry } from '../../plugins/registry.js';
import type { JobCounts, JobQueue } from '../../services/jobs/index.js';
import type { ServerErrorCounter } from './server-errors.js';
import type { StorageUsage, StorageUsageSnapshot } from './storage-usage.js';

export interface Overview {
  generatedAt: string;
  users: { total: number; newLast30Days: number; suspended: number; activeToday: number };
  /** The last 30 UTC days, oldest first, today included; days without anyone are 0. */
  activeUsers: Array<{ day: string; count: number }>;
  signups: Array<{ day: string; count: number }>;
  jobs: { driver: string; counts: JobCounts; byName: Record<string, JobCounts> };
  storage: StorageUsageSnapshot | null;
  errors: { last24Hours: number; hourly: Array<{ hour: string; count: number }>; topRoutes: Array<{ route: string; status: number; count: number }> };
  /** Figures each enabled plugin adds through `admin.stats`. */
  plugins: Array<{ plugin: string; id: string; label: string; value: number }>;
}

const DAYS = 30;
const STATS_TIMEOUT_MS = 2_000;

/** The admin overview: one call with everything the dashboard charts. */
export class AdminOverview {
  constructor(
    private readonly sql: Sql,
    private readonly jobs: JobQueue,
    private readonly storage: StorageUsage,
    private readonly errors: ServerErrorCounter,
    private readonly registry: PluginRegistry,
    private readonly log: FastifyBaseLogger,
  ) {}

  async build(locale: string): Promise<Overview> {
    await this.errors.flush();
    const now = new Date();
    const days = lastDays(now, DAYS);
    const since = days[0]!;
    const [users, active, signups, errorsHourly, topRoutes, byName, storage, plugins] = await Promise.all([
      this.sql<{ total: number; recent: number; suspended: number }>(
        `select count(*)::int as total,
                count(*) filter (where created_at >= now() - interval '30 days')::int as recent,
                count(*) filter (where suspended_at is not null)::int as suspended
           from kernel_user`,
      ),
      this.sql<{ day: string; n: number }>("select to_char(day, 'YYYY-MM-DD') as day, count(*)::int as n from kernel_daily_active where day >= ?::date group by day", [since]),
      this.sql<{ day: string; n: number }>(
        "select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as n from kernel_user where created_at >= ?::date group by 1",
        [since],
      ),
      this.sql<{ hour: Date; n: number }>("select hour, sum(count)::int as n from kernel_http_error where hour > now() - interval '24 hours' group by hour"),
      this.sql<{ route: string; status: number; n: number }>(
        "select route, status, sum(count)::int as n from kernel_http_error where hour > now() - interval '24 hours' group by route, status order by n desc, route limit 5",
      ),
      this.jobs.counts(),
      this.storage.get(),
      this.pluginStats(locale),
    ]);
    const perDay = (rows: Array<{ day: string; n: number }>) => days.map((day) => ({ day, count: rows.find((r) => r.day === day)?.n ?? 0 }));
    const counts: JobCounts = { waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 };
    for (const c of Object.values(byName)) for (const state of Object.keys(counts) as Array<keyof JobCounts>) counts[state] += c[state];
    const hours = lastHours(now, 24);
    const hourly = hours.map((hour) => ({ hour, count: errorsHourly.find((r) => new Date(r.hour).toISOString() === hour)?.n ?? 0 }));
    const activeUsers = perDay(active);
    return {
      generatedAt: now.toISOString(),
      users: { total: users[0]!.total, newLast30Days: users[0]!.recent, suspended: users[0]!.suspended, activeToday: activeUsers[activeUsers.length - 1]!.count },
      activeUsers,
      signups: perDay(signups),
      jobs: { driver: this.jobs.driver, counts, byName },
      storage,
      errors: { last24Hours: hourly.reduce((sum, h) => sum + h.count, 0), hourly, topRoutes: topRoutes.map((r) => ({ route: r.route, status: r.status, count: r.n })) },
      plugins,
    };
  }

  /** A plugin whose figures fail or take too long is left out (and logged), never the whole overview. */
  private async pluginStats(locale: string): Promise<Overview['plugins']> {
    const enabled = this.registry.all().filter((s) => s.enabled && s.manifest.admin?.stats);
    const results = await Promise.all(enabled.map(async (state) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const stats = await Promise.race([
          Promise.resolve(state.manifest.admin!.stats!(state.ctx, { locale })),
          new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`took longer than ${STATS_TIMEOUT_MS} ms`)), STATS_TIMEOUT_MS))),
        ]);
        return (stats as AdminStat[])
          .filter((s) => s && typeof s.id === 'string' && typeof s.label === 'string' && Number.isFinite(s.value))
          .map((s) => ({ plugin: state.manifest.name, id: s.id, label: s.label, value: s.value }));
      } catch (error) {
        this.log.warn({ err: error, plugin: state.manifest.name }, `admin figures of ${state.manifest.name} failed`);
        return [];
      } finally {
        clearTimeout(timer);
      }
    }));
    return results.flat();
  }
}

function lastDays(now: Date, n: number): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: n }, (_, i) => new Date(today - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

function lastHours(now: Date, n: number): string[] {
  const hour = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
  return Array.from({ length: n }, (_, i) => new Date(hour - (n - 1 - i) * 3_600_000).toISOString());
}
