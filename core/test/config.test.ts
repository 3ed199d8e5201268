import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { ConfigError, loadConfig, resolveConfig } from '@petamigos/core';

const root = mkdtempSync(join(tmpdir(), 'petamigos-config-'));
const resolve = (raw: unknown, env: NodeJS.ProcessEnv = {}) => resolveConfig(raw, { rootDir: root, env });

t.test('nothing set at all gives embedded defaults', async (t) => {
  const config = resolve({});
  t.equal(config.database.url, undefined, 'no database URL: PGlite');
  t.equal(config.database.pglite.dataDir, join(root, 'data/pglite'), 'data lives under ./data');
  t.equal(config.server.port, 3000);
  t.equal(config.site.defaultLocale, 'es-MX');
  t.same(config.plugins, {});
});

t.test('a missing config file means embedded defaults too', async (t) => {
  const config = await loadConfig({ cwd: mkdtempSync(join(tmpdir(), 'petamigos-empty-')), env: {} });
  t.equal(config.configFile, null);
  t.equal(config.server.port, 3000);
});

t.test('config errors are one line naming the key, the expectation and what was found', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    [{ database: { url: 5 } }, /^Invalid configuration \(config\): database\.url: expected a string, found number 5$/],
    [{ databse: {} }, /: databse: unknown key \(did you mean "database"\?\)/],
    [{ server: { port: 'eighty' } }, /server\.port: expected an integer, found the string "eighty"/],
    [{ server: { port: 70000 } }, /server\.port: expected a number <= 65535, found number 70000/],
    [{ security: { rateLimit: { max: 10, windw: 5 } } }, /security\.rateLimit\.windw: unknown key \(did you mean "max"\?\)|security\.rateLimit\.windw: unknown key/],
    [{ logLevel: 'loud' }, /logLevel: expected "fatal" or "error" or "warn" or "info" or "debug" or "trace" or "silent", found the string "loud"/],
    [{ storage: { driver: 'ftp' } }, /storage\.driver: expected "local" or "s3"/],
    [[], /must export an object/],
  ];
  for (const [raw, pattern] of cases) {
    const error = t.throws(() => resolve(raw)) as Error;
    t.type(error, ConfigError);
    t.match(error.message, pattern, JSON.stringify(raw));
    t.notMatch(error.message, /\n/, 'one line');
  }
});

t.test('secrets are refused in the file and read from the environment', async (t) => {
  t.throws(() => resolve({ storage: { s3: { secretKey: 'x' } } }), { message: /storage\.s3\.secretKey: secrets come only from the environment; remove it here and set S3_SECRET_KEY/ });
  t.throws(() => resolve({ database: { url: 'postgres://u:hunter2@db/x' } }), { message: /database\.url: contains a password.*DATABASE_URL/ });
  const config = resolve({}, { S3_SECRET_KEY: 's3cr3t', PETAMIGOS_SECRET: 'app' });
  t.equal(config.secrets.s3SecretKey, 's3cr3t');
  t.equal(config.secrets.appSecret, 'app');
});

t.test('environment variables override the file and are validated against the variable', async (t) => {
  const config = resolve({ server: { port: 4000 }, database: { url: 'postgres://db/file' } }, {
    PORT: '5000',
    DATABASE_URL: 'postgres://user:pw@db/env',
    REDIS_URL: 'redis://127.0.0.1:6379',
    PETAMIGOS_AUTO_MIGRATE: 'true',
  });
  t.equal(config.server.port, 5000);
  t.equal(config.database.url, 'postgres://user:pw@db/env', 'a password in DATABASE_URL is fine');
  t.equal(config.database.autoMigrate, true);
  t.equal(config.redis.url, 'redis://127.0.0.1:6379');
  t.throws(() => resolve({}, { PORT: 'abc' }), { message: /\(environment\): server\.port: expected an integer, found the string "abc" \(from PORT\)/ });
  t.throws(() => resolve({}, { DATABASE_URL: 'mysql://x' }), { message: /database\.url: .*\(from DATABASE_URL\)/ });
});

t.test('petamigos.config.ts is loaded with defineConfig and its errors name the file', async (t) => {
  // Inside the repository, so `@petamigos/core` resolves from the config file as in a real install.
  mkdirSync(new URL('../.tmp/', import.meta.url), { recursive: true });
  const dir = mkdtempSync(fileURLToPath(new URL('../.tmp/config-', import.meta.url)));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'petamigos.config.ts'), `import { defineConfig } from '@petamigos/core';\nexport default defineConfig({ site: { name: 'Patitas' }, server: { port: 4100 } });\n`);
  const config = await loadConfig({ cwd: dir, env: {} });
  t.equal(config.site.name, 'Patitas');
  t.equal(config.server.port, 4100);
  t.equal(config.configFile, join(dir, 'petamigos.config.ts'));

  writeFileSync(join(dir, 'petamigos.config.ts'), `export default { database: { url: 5 } };\n`);
  await t.rejects(loadConfig({ cwd: dir, env: {} }), { message: `Invalid configuration (${join(dir, 'petamigos.config.ts')}): database.url: expected a string, found number 5` });

  writeFileSync(join(dir, 'petamigos.config.ts'), `export default {{ broken`);
  await t.rejects(loadConfig({ cwd: dir, env: {} }), { message: /could not load .*petamigos\.config\.ts/ });
});
