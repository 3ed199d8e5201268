import type { AnyPluginManifest } from '@petamigos/core';
import { bootBaseline } from './baseline-server.js';
import { timeBoots } from './boot-timing.js';
import { targetLabel, type DatabaseTarget } from './database-target.js';
import { figure, type Figure } from './figures.js';
import { bootKernel } from './kernel-server.js';

/**
 * Boot time with no plugins and with all fixture plugins, each against a bare server with the same
 * number of routes. On PostgreSQL the database is already migrated after the untimed first boot,
 * so the figures are restarts; every PGlite boot is a fresh cluster that runs all migrations, and
 * its baseline creates the same tables.
 */
export async function bootFigures(target: DatabaseTarget, plugins: AnyPluginManifest[], runs: number): Promise<Figure[]> {
  const createTables = target.kind === 'pglite';
  const timings = await timeBoots(runs, {
    kernelBare: () => bootKernel([], target),
    baselineBare: () => bootBaseline(target, { routes: 0, createTables }),
    kernelPlugins: () => bootKernel(plugins, target),
    baselinePlugins: () => bootBaseline(target, { routes: plugins.length, createTables }),
  });
  const where = targetLabel(target);
  const id = target.kind;
  return [
    figure(`boot.${id}.0`, `[${where}] boot, 0 plugins`, 'ms', timings.kernelBare.medianMs, timings.baselineBare.medianMs, {
      runs,
      kernelSamplesMs: timings.kernelBare.samplesMs,
      baselineSamplesMs: timings.baselineBare.samplesMs,
    }),
    figure(`boot.${id}.${plugins.length}`, `[${where}] boot, ${plugins.length} plugins`, 'ms', timings.kernelPlugins.medianMs, timings.baselinePlugins.medianMs, {
      runs,
      kernelSamplesMs: timings.kernelPlugins.samplesMs,
      baselineSamplesMs: timings.baselinePlugins.samplesMs,
    }),
  ];
}
