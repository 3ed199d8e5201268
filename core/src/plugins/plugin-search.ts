import type { FastifyBaseLogger } from 'fastify';
import type { JobQueue } from '../services/jobs/index.js';
import type { SearchEngine } from '../services/search/index.js';
import type { PluginRegistry } from './registry.js';

const REINDEX_JOB = 'kernel.search-reindex';

/**
 * Declares the search indexes of enabled plugins (`<plugin>.<index>`) and rebuilds an index from
 * the plugin's own tables on demand, as a unique job so only one rebuild per index runs at a time.
 */
export class PluginSearchIndexes {
  constructor(readonly engine: SearchEngine, private readonly jobs: JobQueue, private readonly registry: PluginRegistry, private readonly log: FastifyBaseLogger) {}

  /** Indexes a search may fan out to right now: those of enabled plugins. */
  enabledIndexes(): string[] {
    return this.registry.all().filter((s) => s.enabled).flatMap((s) => Object.keys(s.manifest.search ?? {}).map((index) => `${s.manifest.name}.${index}`));
  }

  async defineIndexes(): Promise<void> {
    for (const state of this.registry.all()) {
      if (!state.enabled) continue;
      for (const [index, declaration] of Object.entries(state.manifest.search ?? {})) {
        await this.engine.defineIndex({ name: `${state.manifest.name}.${index}`, fields: declaration.fields, filters: declaration.filters, sort: declaration.sort, language: declaration.language });
      }
    }
  }

  defineReindexJob(): void {
    this.jobs.define(REINDEX_JOB, {
      retries: 1,
      handler: async (payload) => {
        const name = (payload as { index: string }).index;
        const [plugin, index] = [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)];
        const state = this.registry.get(plugin);
        const declaration = state?.manifest.search?.[index];
        if (!state?.enabled || !declaration?.source) throw new Error(`search index ${name} cannot be rebuilt: no enabled plugin declares it with a source`);
        const count = await this.engine.reindex(name, declaration.source(state.ctx));
        this.log.info({ index: name, count }, 'search index rebuilt');
      },
    });
  }

  async requestReindex(index: string): Promise<{ id: string; created: boolean }> {
    return this.jobs.enqueue(REINDEX_JOB, { index }, { jobId: `reindex-${index}` });
  }
}
