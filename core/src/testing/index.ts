import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../config/load-config.js';
import type { PetAmigosConfig } from '../config/schema.js';
import { createKernel, type Kernel, type KernelOptions } from '../kernel.js';
import { createLogger } from '../logger.js';
import type { AnyPluginManifest, Role } from '../plugins/manifest.js';
import type { IssuedTokens } from '../accounts/session-tokens.js';
import type { PrivateUser } from '../accounts/users.js';
import { sqlFor } from '../accounts/sql.js';
import { dropRedisPrefix, testRedisUrl, testServiceDrivers, uniqueRedisPrefix, type TestServiceDriver } from './test-redis.js';
import { provisionDatabase, testDatabases, type TestDatabase, type TestDatabaseKind } from './test-databases.js';

export { testDatabases, testPostgresUrl, pgliteSnapshotFile, type TestDatabase, type TestDatabaseKind } from './test-databases.js';
export { testServiceDrivers, testRedisUrl, uniqueRedisPrefix, dropRedisPrefix, type TestServiceDriver } from './test-redis.js';

export interface TestKernelOptions {
  /** Plugins to load (manifests). All are enabled unless listed in `disabled`. */
  plugins?: AnyPluginManifest[];
  disabled?: string[];
  /**
   * A database kind (a fresh database is made and dropped on close), or a database from
   * `createTestDatabase()` that the test owns: boot several kernels on it one after another to
   * test restarts, upgrades and what a failed start leaves behind.
   */
  database?: TestDatabaseKind | TestDatabase;
  /** Extra configuration, as in `petamigos.config.ts`; `plugins.<name>.settings` included. */
  config?: PetAmigosConfig;
  migrate?: KernelOptions['migrate'];
  /** Jobs, events and cache on the in-process drivers (default) or on Redis/BullMQ. */
  services?: TestServiceDriver;
  /** With Redis: share a key prefix between kernels (several "processes" of one cluster). */
  redisPrefix?: string;
  role?: KernelOptions['role'];
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
  /** Creates an account (any role, bypassing sign-up rules) and signs it in. */
  createUser(options?: TestUserOptions): Promise<TestUser>;
  /** The newest mail sent to `to` from the outbox, with the token of the link in it, if any. */
  lastMail(to: string): Promise<{ subject: string; text: string; token: string | null } | undefined>;
  /** Closes the kernel, and drops its database if the kernel made it. Safe to call twice. */
  close(): Promise<void>;
}

export interface TestUserOptions {
  username?: string;
  email?: string;
  password?: string;
  role?: Role;
  displayName?: string;
  language?: string;
}

export interface TestUser {
  user: PrivateUser;
  password: string;
  tokens: IssuedTokens;
  /** `{ authorization: 'Bearer …' }`, ready for `app.inject({ headers })`. */
  headers: { authorization: string };
}

let userCounter = 0;

/** A database of the test's own (PGlite in memory, or a new database on the PostgreSQL server). */
export async function createTestDatabase(kind: TestDatabaseKind = testDatabases()[0]!): Promise<TestDatabase> {
  return provisionDatabase(kind);
}

/**
 * Boots a real kernel with the given plugins on a fresh database of its own (PGlite, or a new
 * database on the PostgreSQL server), for plugin authors' and our own tests.
 */
export async function startTestKernel(options: TestKernelOptions = {}): Promise<TestKernel> {
  const owned = typeof options.database !== 'object';
  const ownsRedisPrefix = options.services === 'redis' && !options.redisPrefix;
  const redisPrefix = options.redisPrefix ?? uniqueRedisPrefix();
  const database = typeof options.database === 'object' ? options.database : await provisionDatabase(options.database ?? testDatabases()[0]!);
  const rootDir = mkdtempSync(join(tmpdir(), 'petamigos-test-'));
  const cleanup = async () => {
    if (owned) await database.drop();
    if (ownsRedisPrefix) await dropRedisPrefix(redisPrefix);
    rmSync(rootDir, { recursive: true, force: true });
  };
  let kernel: Kernel;
  try {
    const config = testConfig(options, database, rootDir, options.services === 'redis' ? redisPrefix : undefined);
    kernel = await createKernel({
      config,
      plugins: options.plugins ?? [],
      logger: createLogger(config),
      migrate: options.migrate ?? 'apply',
      embeddedServer: database.embedded,
      role: options.role,
    });
  } catch (error) {
    await cleanup();
    throw error;
  }
  let closed = false;
  return {
    kernel,
    app: kernel.app,
    database: database.kind,
    sql: (query, params = []) => kernel.db.orm.em.getConnection().execute(query, params as never[], 'all'),
    settle: () => kernel.events.drain(),
    async createUser(userOptions = {}) {
      const n = ++userCounter;
      const username = userOptions.username ?? `amigo_${process.pid}_${n}`;
      const password = userOptions.password ?? 'correct horse battery staple';
      const origin = { ip: '127.0.0.1', device: 'test harness' };
      const { user, tokens } = await kernel.accounts.register(
        { username, email: userOptions.email ?? `${username}@example.test`, password, displayName: userOptions.displayName, language: userOptions.language },
        origin,
        { role: userOptions.role ?? 'user', bypassRegistrationRule: true },
      );
      const issued = tokens ?? (await kernel.accounts.tokens.startSession(sqlFor(kernel.db.orm), user.id, origin));
      return { user, password, tokens: issued, headers: { authorization: `Bearer ${issued.accessToken}` } };
    },
    async lastMail(to) {
      const [row] = await kernel.db.orm.em.getConnection().execute<Array<{ subject: string; text_body: string }>>(
        'select subject, text_body from kernel_mail_outbox where to_address = ? order by id desc limit 1', [to], 'all',
      );
      if (!row) return undefined;
      return { subject: row.subject, text: row.text_body, token: /[?&]token=([A-Za-z0-9_-]+)/.exec(row.text_body)?.[1] ?? null };
    },
    async close() {
      if (closed) return;
      closed = true;
      await kernel.close();
      await cleanup();
    },
  };
}

function testConfig(options: TestKernelOptions, database: TestDatabase, rootDir: string, redisPrefix: string | undefined) {
  const disabled = new Set(options.disabled ?? []);
  const pluginEntries: Record<string, unknown> = {};
  for (const manifest of options.plugins ?? []) pluginEntries[manifest.name] = { enabled: !disabled.has(manifest.name) };
  for (const [name, entry] of Object.entries(options.config?.plugins ?? {})) {
    pluginEntries[name] = typeof entry === 'object' && entry !== null ? { ...(pluginEntries[name] as object), ...entry } : entry;
  }
  return resolveConfig(
    {
      logLevel: (process.env.PETAMIGOS_TEST_LOG as PetAmigosConfig['logLevel']) ?? 'silent',
      ...options.config,
      plugins: pluginEntries,
      database: { ...options.config?.database, ...(database.url ? { url: database.url } : {}) },
      ...(redisPrefix ? { redis: { url: testRedisUrl(), keyPrefix: redisPrefix } } : {}),
      // Short stalled-job checks so a test can watch a dead worker's job move on.
      jobs: { stalledIntervalMs: 1000, lockDurationMs: 2000, ...options.config?.jobs },
      // Tests create many accounts; production-strength hashing would dominate their run time.
      accounts: { ...options.config?.accounts, passwordHashing: { memoryKiB: 1024, iterations: 1, ...options.config?.accounts?.passwordHashing } },
    },
    { rootDir, env: {} },
  );
}

/** Runs `fn` once per service driver (in-process, Redis/BullMQ) as a named subtest. */
export async function eachDriver<T extends { test: (name: string, fn: (t: T) => Promise<void>) => unknown }>(
  t: T,
  name: string,
  fn: (t: T, services: TestServiceDriver) => Promise<void>,
): Promise<void> {
  for (const services of testServiceDrivers()) {
    await t.test(`${name} [${services === 'redis' ? 'Redis' : 'in-process'}]`, (sub) => fn(sub, services));
  }
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
