import type { AnyPluginManifest } from '@petamigos/core';
import { bootBaseline } from './baseline-server.js';
import type { BenchServer } from './bench-server.js';
import { targetLabel, type DatabaseTarget } from './database-target.js';
import { figure, type Figure } from './figures.js';
import { PAGE_SIZE, itemsPath, seedItems } from './items-sql.js';
import { bootKernel } from './kernel-server.js';
import { measureLoad } from './load.js';
import { assertSameAnswer } from './same-answer.js';
import type { BenchSettings } from './settings.js';

export interface LoadFigureOptions {
  /** Also measure `GET /health`; it touches no database, so once per bench is enough. */
  health: boolean;
}

/**
 * Throughput and latency of the kernel with every fixture plugin mounted, against a bare server
 * with the same routes on the same kind of database, one side at a time so they never share the CPU.
 */
export async function loadFigures(target: DatabaseTarget, plugins: AnyPluginManifest[], settings: BenchSettings, options: LoadFigureOptions): Promise<Figure[]> {
  const servers: BenchServer[] = [];
  try {
    const kernel = await bootKernel(plugins, target);
    servers.push(kernel);
    const baseline = await bootBaseline(target, { routes: plugins.length, createTables: target.kind === 'pglite' });
    servers.push(baseline);
    // PostgreSQL: both read the one bench database. PGlite: each server has its own in-memory data.
    await kernel.sql(seedItems(0));
    if (target.kind === 'pglite') await baseline.sql(seedItems(0));
    const [kernelOrigin, baselineOrigin] = [await kernel.listen(), await baseline.listen()];

    const figures: Figure[] = [];
    const compare = async (id: string, label: string, path: string) => {
      const k = await measureLoad(kernelOrigin + path, settings);
      const b = await measureLoad(baselineOrigin + path, settings);
      figures.push(
        figure(`${id}.rps`, `${label} req/s`, 'req/s', k.requestsPerSecond, b.requestsPerSecond, { kernelRequests: k.requests, baselineRequests: b.requests }),
        figure(`${id}.p50`, `${label} p50`, 'ms', k.p50Ms, b.p50Ms),
        figure(`${id}.p99`, `${label} p99`, 'ms', k.p99Ms, b.p99Ms),
      );
    };

    if (options.health) {
      await assertSameAnswer(kernelOrigin, baselineOrigin, '/health', (body) => ({ ...(body as object), uptimeSeconds: 0 }));
      await compare('health', 'GET /health', '/health');
    }
    const items = (await assertSameAnswer(kernelOrigin, baselineOrigin, itemsPath(0))) as { items: unknown[] };
    if (items.items.length !== PAGE_SIZE) throw new Error(`${itemsPath(0)} returned ${items.items.length} rows, expected ${PAGE_SIZE}: seeding failed`);
    await compare(`items.${target.kind}`, `[${targetLabel(target)}] DB route`, itemsPath(0));
    return figures;
  } finally {
    for (const server of servers.reverse()) await server.close();
  }
}
