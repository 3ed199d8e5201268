import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KERNEL_VERSION, safeUrl } from '@petamigos/core';
import { bootFigures } from './boot-figures.js';
import type { DatabaseTarget } from './database-target.js';
import type { Figure } from './figures.js';
import { writeFixturePlugins } from './fixture-plugins.js';
import { loadFigures } from './load-figures.js';
import { emptyPgliteCluster } from './pglite-cluster.js';
import { createBenchDatabase, type BenchDatabase } from './postgres-server.js';
import { formatTable, writeResults } from './report.js';
import { readSettings } from './settings.js';
import { removeWorkDir, workDir } from './work-dir.js';

const PLUGIN_COUNT = 10;
const RESULTS_FILE = fileURLToPath(new URL('../results/latest.json', import.meta.url));

const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

async function main(): Promise<void> {
  const settings = readSettings();
  const started = performance.now();
  const figures: Figure[] = [];
  const notes: string[] = [];
  let database: BenchDatabase | undefined;
  // An interrupted run must still drop its database: it would otherwise stay on the server.
  const onInterrupt = () => {
    progress('interrupted; dropping the bench database');
    removeWorkDir();
    void (database?.drop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onInterrupt);

  try {
    const plugins = writeFixturePlugins(PLUGIN_COUNT, join(workDir(), 'plugins'));
    try {
      database = await createBenchDatabase(settings.postgresUrl);
    } catch (error) {
      notes.push(`PostgreSQL figures skipped: ${(error as Error).message}`);
      progress(notes.at(-1)!);
    }
    if (database) {
      const postgres: DatabaseTarget = { kind: 'postgres', url: database.url };
      progress(`PostgreSQL: timing boots (${settings.bootRuns.postgres} runs each) on ${database.name}`);
      figures.push(...(await bootFigures(postgres, plugins, settings.bootRuns.postgres)));
      progress(`PostgreSQL: load (${settings.durationSeconds}s per run, ${settings.connections} connections)`);
      figures.push(...(await loadFigures(postgres, plugins, settings, { health: true })));
    }
    progress('PGlite: preparing an empty cluster');
    const pglite: DatabaseTarget = { kind: 'pglite', cluster: await emptyPgliteCluster() };
    progress(`PGlite: timing boots (${settings.bootRuns.pglite} runs each)`);
    figures.push(...(await bootFigures(pglite, plugins, settings.bootRuns.pglite)));
    progress('PGlite: load');
    figures.push(...(await loadFigures(pglite, plugins, settings, { health: !database })));
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
    await database?.drop();
    removeWorkDir();
  }

  const elapsedSeconds = Math.round((performance.now() - started) / 100) / 10;
  process.stdout.write(`\nPetAmigos kernel ${KERNEL_VERSION} vs bare Fastify + pg — node ${process.version}, ${cpus().length} CPU(s), ${elapsedSeconds}s\n\n`);
  process.stdout.write(`${formatTable(figures)}\n`);
  for (const note of notes) process.stdout.write(`note: ${note}\n`);
  writeResults(RESULTS_FILE, {
    generatedAt: new Date().toISOString(),
    kernelVersion: KERNEL_VERSION,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: { count: cpus().length, model: cpus()[0]?.model ?? 'unknown' },
    elapsedSeconds,
    settings: {
      durationSeconds: settings.durationSeconds,
      warmupSeconds: settings.warmupSeconds,
      connections: settings.connections,
      bootRuns: settings.bootRuns,
      plugins: PLUGIN_COUNT,
      postgres: database ? safeUrl(settings.postgresUrl) : null,
    },
    figures,
    notes,
  });
  process.stdout.write(`\nwritten to ${RESULTS_FILE}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
