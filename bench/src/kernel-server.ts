import { createKernel, resolveConfig, type AnyPluginManifest, type Kernel } from '@petamigos/core';
import type { BenchServer } from './bench-server.js';
import { LISTEN, originOf } from './bench-server.js';
import type { DatabaseTarget } from './database-target.js';
import { startPglite, type EmbeddedPostgres } from './pglite-cluster.js';
import { workDir } from './work-dir.js';

export interface KernelOptions {
  /** Redis for the kernel's services (events on Redis Streams, jobs on BullMQ); unset, in-process drivers. */
  redis?: { url: string; keyPrefix: string };
}

export interface StartedKernel {
  kernel: Kernel;
  /** Closes the kernel and the PGlite server started for it, if any. */
  close(): Promise<void>;
}

/**
 * Starts the real kernel as an operator would run it, with every plugin enabled. The rate limit
 * stays installed but high enough never to answer 429: its per-request cost is part of the kernel.
 */
export async function startKernel(plugins: AnyPluginManifest[], target: DatabaseTarget, options: KernelOptions = {}): Promise<StartedKernel> {
  let embedded: EmbeddedPostgres | undefined;
  try {
    const env: NodeJS.ProcessEnv = {};
    // URLs go through the environment: one carrying a password is refused in the config object.
    if (target.kind === 'postgres') env.DATABASE_URL = target.url;
    if (options.redis) env.REDIS_URL = options.redis.url;
    const config = resolveConfig(
      {
        logLevel: 'silent',
        plugins: Object.fromEntries(plugins.map((p) => [p.name, true])),
        security: { rateLimit: { max: 1_000_000_000 } },
        ...(options.redis ? { redis: { keyPrefix: options.redis.keyPrefix } } : {}),
      },
      // The database is never on disk here (a server URL, or a PGlite handed in), so the kernels can
      // share a root.
      { rootDir: workDir(), env },
    );
    // Left to itself the kernel would run initdb into a data folder on disk at every boot; handing
    // it the same in-memory server the baseline starts keeps the two sides doing the same work.
    // Starting it happens here, inside the timed boot, exactly as on the baseline side.
    if (target.kind === 'pglite') embedded = await startPglite(target.cluster);
    const kernel = await createKernel({ config, plugins, migrate: 'apply', ...(embedded ? { embeddedServer: embedded } : {}) });
    return {
      kernel,
      async close() {
        try {
          await kernel.close();
        } finally {
          // The kernel leaves a server it was handed running.
          await embedded?.close();
        }
      },
    };
  } catch (error) {
    await embedded?.close();
    throw error;
  }
}

/** The kernel as one side of the HTTP figures. */
export async function bootKernel(plugins: AnyPluginManifest[], target: DatabaseTarget): Promise<BenchServer> {
  const { kernel, close } = await startKernel(plugins, target);
  return {
    async sql(text) {
      await kernel.db.orm.em.getConnection().execute(text, [], 'run');
    },
    async listen() {
      await kernel.listen(LISTEN);
      return originOf(kernel.app.server);
    },
    close,
  };
}
