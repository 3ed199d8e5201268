import { createKernel, resolveConfig, type AnyPluginManifest } from '@petamigos/core';
import type { BenchServer } from './bench-server.js';
import { LISTEN, originOf } from './bench-server.js';
import type { DatabaseTarget } from './database-target.js';
import { startPglite, type EmbeddedPostgres } from './pglite-cluster.js';
import { workDir } from './work-dir.js';

/**
 * Boots the real kernel as an operator would run it, with every plugin enabled. The rate limit
 * stays installed but high enough never to answer 429: its per-request cost is part of the kernel.
 */
export async function bootKernel(plugins: AnyPluginManifest[], target: DatabaseTarget): Promise<BenchServer> {
  let embedded: EmbeddedPostgres | undefined;
  try {
    const config = resolveConfig(
      {
        logLevel: 'silent',
        plugins: Object.fromEntries(plugins.map((p) => [p.name, true])),
        security: { rateLimit: { max: 1_000_000_000 } },
      },
      // The database is never on disk here (a server URL, or a PGlite handed in), so the kernels can
      // share a root. The URL goes through the environment: one carrying a password is refused in
      // the config object.
      { rootDir: workDir(), env: target.kind === 'postgres' ? { DATABASE_URL: target.url } : {} },
    );
    // Left to itself the kernel would run initdb into a data folder on disk at every boot; handing
    // it the same in-memory server the baseline starts keeps the two sides doing the same work.
    // Starting it happens here, inside the timed boot, exactly as on the baseline side.
    if (target.kind === 'pglite') embedded = await startPglite(target.cluster);
    const kernel = await createKernel({ config, plugins, migrate: 'apply', ...(embedded ? { embeddedServer: embedded } : {}) });
    return {
      async sql(text) {
        await kernel.db.orm.em.getConnection().execute(text, [], 'run');
      },
      async listen() {
        await kernel.listen(LISTEN);
        return originOf(kernel.app.server);
      },
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
