import type { FastifyBaseLogger } from 'fastify';
import type { JobQueue } from '../services/jobs/index.js';
import type { PluginRegistry } from './registry.js';

/**
 * Turns the jobs and schedules plugins declare into queue definitions. Job names are namespaced
 * `<plugin>.<job>`, so two plugins cannot collide; a disabled plugin's jobs do not run and its
 * schedules are removed, and come back when it is enabled again.
 */
export class PluginJobRunner {
  constructor(private readonly queue: JobQueue, private readonly registry: PluginRegistry, private readonly log: FastifyBaseLogger) {}

  /** Every mountable plugin's jobs are defined, so enabling one later needs no restart. */
  defineAll(): void {
    for (const state of this.registry.all()) {
      for (const [job, declaration] of Object.entries(state.manifest.jobs ?? {})) {
        this.queue.define(`${state.manifest.name}.${job}`, {
          concurrency: declaration.concurrency,
          retries: declaration.retries,
          backoffMs: declaration.backoffMs,
          handler: async (payload, meta) => {
            if (!state.enabled) throw new Error(`plugin ${state.manifest.name} is disabled; retry the job after enabling it`);
            return declaration.handler(payload, state.ctx, meta);
          },
        });
      }
    }
  }

  /** Makes the cluster's schedules match the enabled plugins' declarations (idempotent, any process). */
  async syncSchedules(): Promise<void> {
    const wanted = new Map<string, { cron: string; name: string; tz?: string; payload?: unknown }>();
    for (const state of this.registry.all()) {
      if (!state.enabled) continue;
      for (const [id, schedule] of Object.entries(state.manifest.schedules ?? {})) {
        wanted.set(`${state.manifest.name}.${id}`, { cron: schedule.cron, name: `${state.manifest.name}.${schedule.job}`, tz: schedule.tz, payload: schedule.payload });
      }
    }
    const installed = new Set(this.registry.all().map((s) => s.manifest.name));
    for (const existing of await this.queue.schedules()) {
      // Only schedules of installed plugins are ours to remove; others may belong to a newer deploy.
      const owner = existing.id.split('.')[0]!;
      if (!wanted.has(existing.id) && installed.has(owner)) await this.queue.unschedule(existing.id);
    }
    for (const [id, schedule] of wanted) {
      await this.queue.schedule(id, schedule.cron, { name: schedule.name, tz: schedule.tz, payload: schedule.payload });
    }
  }

  /** The database is the source of truth: work a crash left unfinished is enqueued again. */
  async recover(): Promise<void> {
    for (const state of this.registry.all()) {
      if (!state.enabled) continue;
      for (const [job, declaration] of Object.entries(state.manifest.jobs ?? {})) {
        if (!declaration.recover) continue;
        const rows = await declaration.recover(state.ctx);
        for (const row of rows) await this.queue.enqueue(`${state.manifest.name}.${job}`, row.payload, { jobId: row.id });
        if (rows.length > 0) this.log.info({ plugin: state.manifest.name, job, count: rows.length }, 'recovered unfinished jobs');
      }
    }
  }
}
