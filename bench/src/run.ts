import { mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KERNEL_VERSION, safeUrl } from '@petamigos/core';
import { bootFigures } from './boot-figures.js';
import { cliFigures } from './cli-figures.js';
import type { DatabaseTarget } from './database-target.js';
import { eventFigures } from './event-figures.js';
import { feedFigures, feedPlugins } from './feed-figures.js';
import { webFigures } from './web-figures.js';
import type { Figure } from './figures.js';
import { writeFixturePlugins } from './fixture-plugins.js';
import { jobFigures } from './job-figures.js';
import { loadFigures } from './load-figures.js';
import { mediaFigures } from './media-figures.js';
import { emptyPgliteCluster } from './pglite-cluster.js';
import { createBenchDatabase, type BenchDatabase } from './postgres-server.js';
import { openBenchRedis, safeRedisUrl, type BenchRedis } from './redis-target.js';
import { formatTable, writeResults } from './report.js';
import { realtimeFigures } from './realtime-figures.js';
import { searchFigures } from './search-figures.js';
import { readSettings, type Section } from './settings.js';
import { removeWorkDir, workDir } from './work-dir.js';

const PLUGIN_COUNT = 10;
const RESULTS_FILE = fileURLToPath(new URL('../results/latest.json', import.meta.url));

const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

async function main(): Promise<void> {
  const settings = readSettings();
  const { sections } = settings;
  const started = performance.now();
  const figures: Figure[] = [];
  const notes: string[] = [];
  const note = (message: string) => {
    notes.push(message);
    progress(message);
  };
  const sectionSeconds: Partial<Record<Section, number>> = {};
  const timedSection = async (name: Section, work: () => Promise<Figure[]>) => {
    const sectionStarted = performance.now();
    figures.push(...(await work()));
    sectionSeconds[name] = Math.round((performance.now() - sectionStarted) / 100) / 10;
    progress(`${name}: done in ${sectionSeconds[name]} s`);
  };
  let pgliteTarget: DatabaseTarget | undefined;
  const pglite = async (): Promise<DatabaseTarget> => {
    if (!pgliteTarget) {
      progress('PGlite: preparing an empty cluster');
      pgliteTarget = { kind: 'pglite', cluster: await emptyPgliteCluster() };
    }
    return pgliteTarget;
  };
  let database: BenchDatabase | undefined;
  let redis: BenchRedis | undefined;
  // An interrupted run must still drop its database and delete its Redis keys: they would stay on the servers.
  const onInterrupt = () => {
    progress('interrupted; dropping the bench database and deleting the bench Redis keys');
    removeWorkDir();
    void Promise.allSettled([database?.drop(), redis?.cleanup()]).finally(() => process.exit(130));
  };
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onInterrupt);

  try {
    if (sections.has('http') || sections.has('events') || sections.has('realtime') || sections.has('search') || sections.has('feed') || sections.has('web')) {
      try {
        database = await createBenchDatabase(settings.postgresUrl);
      } catch (error) {
        const onPglite = [sections.has('events') && 'the events outbox', sections.has('realtime') && 'the realtime kernel', sections.has('search') && 'the search figures', sections.has('feed') && 'the feed figures'].filter(Boolean);
        note(`PostgreSQL figures skipped${onPglite.length > 0 ? ` (${onPglite.join(', ')} run on PGlite)` : ''}: ${(error as Error).message}`);
      }
    }
    if (sections.has('events') || sections.has('jobs') || sections.has('feed')) {
      try {
        redis = await openBenchRedis(settings.redisUrl);
      } catch (error) {
        note(`Redis and BullMQ figures skipped: ${(error as Error).message}`);
      }
    }

    if (sections.has('http')) {
      await timedSection('http', async () => {
        const out: Figure[] = [];
        const plugins = writeFixturePlugins(PLUGIN_COUNT, join(workDir(), 'plugins'));
        if (database) {
          const postgres: DatabaseTarget = { kind: 'postgres', url: database.url };
          progress(`PostgreSQL: timing boots (${settings.bootRuns.postgres} runs each) on ${database.name}`);
          out.push(...(await bootFigures(postgres, plugins, settings.bootRuns.postgres)));
          progress(`PostgreSQL: load (${settings.durationSeconds}s per run, ${settings.connections} connections)`);
          out.push(...(await loadFigures(postgres, plugins, settings, { health: true })));
        }
        const target = await pglite();
        progress(`PGlite: timing boots (${settings.bootRuns.pglite} runs each)`);
        out.push(...(await bootFigures(target, plugins, settings.bootRuns.pglite)));
        progress('PGlite: load');
        out.push(...(await loadFigures(target, plugins, settings, { health: !database })));
        return out;
      });
    }
    if (sections.has('events')) {
      await timedSection('events', async () => {
        const target: DatabaseTarget = database ? { kind: 'postgres', url: database.url } : await pglite();
        return eventFigures(target, redis, settings, progress);
      });
    }
    if (sections.has('cli')) {
      await timedSection('cli', async () => cliFigures(progress));
    }
    if (sections.has('jobs')) {
      await timedSection('jobs', () => jobFigures(redis, settings, progress));
    }
    if (sections.has('media')) {
      await timedSection('media', () => {
        const mediaDir = join(workDir(), 'media');
        mkdirSync(mediaDir, { recursive: true });
        return mediaFigures(progress, note, mediaDir);
      });
    }
    if (sections.has('realtime')) {
      await timedSection('realtime', async () => {
        const target: DatabaseTarget = database ? { kind: 'postgres', url: database.url } : await pglite();
        return realtimeFigures(target, progress);
      });
    }
    if (sections.has('search')) {
      await timedSection('search', async () => {
        const target: DatabaseTarget = database ? { kind: 'postgres', url: database.url } : await pglite();
        return searchFigures(target, settings.searchDocuments, progress, note);
      });
    }
    if (sections.has('feed')) {
      await timedSection('feed', async () => {
        const target: DatabaseTarget = database ? { kind: 'postgres', url: database.url } : await pglite();
        return feedFigures(target, redis, settings, progress, note);
      });
    }
    if (sections.has('web')) {
      await timedSection('web', async () => {
        const target: DatabaseTarget = database ? { kind: 'postgres', url: database.url } : await pglite();
        return webFigures(target, await feedPlugins(), settings.webRuns, progress, note);
      });
    }
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
    try {
      await database?.drop();
      if (redis) {
        const deleted = await redis.cleanup();
        progress(`deleted ${deleted} Redis key(s) under ${redis.prefix}:`);
      }
    } finally {
      removeWorkDir();
    }
  }

  const elapsedSeconds = Math.round((performance.now() - started) / 100) / 10;
  process.stdout.write(`\nPetAmigos kernel ${KERNEL_VERSION} vs hand-written baselines — node ${process.version}, ${cpus().length} CPU(s), ${elapsedSeconds}s\n\n`);
  process.stdout.write(`${formatTable(figures)}\n`);
  for (const line of notes) process.stdout.write(`note: ${line}\n`);
  writeResults(RESULTS_FILE, {
    generatedAt: new Date().toISOString(),
    kernelVersion: KERNEL_VERSION,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: { count: cpus().length, model: cpus()[0]?.model ?? 'unknown' },
    elapsedSeconds,
    sectionSeconds,
    settings: {
      sections: [...sections],
      durationSeconds: settings.durationSeconds,
      warmupSeconds: settings.warmupSeconds,
      connections: settings.connections,
      bootRuns: settings.bootRuns,
      plugins: PLUGIN_COUNT,
      throughputSeconds: settings.throughputSeconds,
      postgres: database ? safeUrl(settings.postgresUrl) : null,
      redis: redis ? safeRedisUrl(settings.redisUrl) : null,
      videoSeconds: Number(process.env.BENCH_VIDEO_SECONDS) || 60,
      videoRuns: Number(process.env.BENCH_VIDEO_RUNS) || 1,
      searchDocuments: settings.searchDocuments,
      feedUsers: settings.feedUsers,
      feedPosts: settings.feedPosts,
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
