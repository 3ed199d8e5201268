import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../config/load-config.js';
import type { PetAmigosConfig } from '../config/schema.js';
import { createKernel, type Kernel, type KernelOptions } from '../kernel.js';
import { createLogger } from '../logger.js';
import type { AnyPluginManifest } from '../plugins/manifest.js';
import { provisionDatabase, testDatabases, type ProvisionedDatabase, type TestDatabaseKind } from './test-databases.js';

export { testDatabases, testPostgresUrl, type TestDatabaseKind } from './test-databases.js';

export interface TestKernelOptions {
  /** Plugins to load (manifests). All are enabled unless listed in `disabled`. */
  plugins?: AnyPluginManifest[];
  disabled?: string[];
  database?: TestDatabaseKind;
  /** Extra configuration, as in `petamigos.config.ts`; `plugins.<name>.settings` included. */
  config?: PetAmigosConfig;
  migrate?: KernelOptions['migrate'];
}

export interface TestKernel {
  kernel: Kernel;
  /** The Fastify instance: `app.inject({ method, url, payload })`. */
  app: Kernel['app'];
  database: TestDatabaseKind;
  /** Raw SQL for assertions (`?` placeholders). */
  sql<Row = Record<string, unknown>>(query: string, params?: unknown[]): Promise<Row[]>;
  /** Waits until every event emitted so far has been handled. */
  settle(): Promise<void>;
  /** Closes the kernel and drops its database. Safe to call twice. */
  close(): Promise<void>;
  /** Closes this kernel and boots another on the same database, as after a deploy or crash. */
  restart(options?: TestKernelOptions): Promise<TestKernel>;
}

/**
 * Boots a real kernel with the given plugins on a fresh database of its own (PGlite, or a new
 * database on the PostgreSQL server), for plugin authors' and our own tests.
 */
export async function startTestKernel(options: TestKernelOptions = {}): Promise<TestKernel> {
  const kind = options.database ?? testDatabases()[0]!;
  const provisioned = await provisionDatabase(kind);
  const rootDir = mkdtempSync(join(tmpdir(), 'petamigos-test-'));
  const cleanup = async () => {
    await provisioned.drop();
    rmSync(rootDir, { recursive: true, force: true });
  };
  try {
    return await boot(provisioned, rootDir, options, cleanup, provisioned.snapshot);
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function boot(
  provisioned: ProvisionedDatabase,
  rootDir: string,
  options: TestKernelOptions,
  cleanup: () => Promise<void>,
  snapshot: Blob | undefined,
): Promise<TestKernel> {
  const disabled = new Set(options.disabled ?? []);
  const pluginEntries: Record<string, unknown> = {};
  for (const manifest of options.plugins ?? []) pluginEntries[manifest.name] = { enabled: !disabled.has(manifest.name) };
  for (const [name, entry] of Object.entries(options.config?.plugins ?? {})) {
    pluginEntries[name] = typeof entry === 'object' && entry !== null ? { ...(pluginEntries[name] as object), ...entry } : entry;
  }
  const config = resolveConfig(
    {
      logLevel: (process.env.PETAMIGOS_TEST_LOG as PetAmigosConfig['logLevel']) ?? 'silent',
      ...options.config,
      plugins: pluginEntries,
      database: { ...options.config?.database, ...(provisioned.url ? { url: provisioned.url } : {}) },
    },
    { rootDir, env: {} },
  );
  const kernel = await createKernel({
    config,
    plugins: options.plugins ?? [],
    logger: createLogger(config),
    migrate: options.migrate ?? 'apply',
    pglite: { snapshot, inMemory: true },
  });
  let closed = false;
  const close = async (keepDatabase: boolean) => {
    if (closed) return;
    closed = true;
    await kernel.close();
    if (!keepDatabase) await cleanup();
  };
  return {
    kernel,
    app: kernel.app,
    database: provisioned.kind,
    sql: (query, params = []) => kernel.db.orm.em.getConnection().execute(query, params as never[], 'all'),
    settle: () => kernel.events.drain(),
    close: () => close(false),
    async restart(next = {}) {
      // PGlite runs in memory for speed, so its state is carried over as a dump.
      const carried = await kernel.db.dumpEmbedded?.();
      await close(true);
      return boot(provisioned, rootDir, { ...options, ...next }, cleanup, carried);
    },
  };
}

/** Runs `fn` once per test database as a named subtest: `eachDatabase(t, 'creates a post', async (t, db) => ...)`. */
export async function eachDatabase<T extends { test: (name: string, fn: (t: T) => Promise<void>) => unknown }>(
  t: T,
  name: string,
  fn: (t: T, database: TestDatabaseKind) => Promise<void>,
): Promise<void> {
  for (const database of testDatabases()) {
    await t.test(`${name} [${database === 'pglite' ? 'PGlite' : 'PostgreSQL'}]`, (sub) => fn(sub, database));
  }
}
