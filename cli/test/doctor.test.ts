import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { createTestDatabase, testDatabases } from '@petamigos/core/testing';
import { cleanEnv, makeProject, runCli } from './run-cli.js';

const redisUrl = process.env.PETAMIGOS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Check {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  message: string;
  fix?: string;
}

const byName = (stdout: string): Record<string, Check> => Object.fromEntries((JSON.parse(stdout).checks as Check[]).map((c) => [c.name, c]));

/** A closed loopback port: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

t.test('a fresh `init` passes every check on embedded defaults, without creating the database', async (t) => {
  const project = await makeProject({});
  t.teardown(project.remove);
  t.equal((await runCli(['init', '--yes'], { cwd: project.dir })).code, 0);

  const doctor = await runCli(['doctor'], { cwd: project.dir });
  t.equal(doctor.code, 0, doctor.stdout + doctor.stderr);
  for (const name of ['node', 'config', 'secret', 'plugins', 'database', 'redis', 'storage', 'search', 'mail']) {
    t.match(doctor.stdout, new RegExp(`^  ✔ ${name} `, 'm'), `${name} is ok`);
  }
  t.match(doctor.stdout, /✔ database\s+embedded PGlite in data\/pglite \(created, with every migration applied, at the first start\)/);
  t.match(doctor.stdout, /services: database=pglite, jobs=in-process/);
  t.match(doctor.stdout, /\d+ ok, \d+ warning\(s\), 0 failed/);

  // Without ffmpeg the platform runs and only videos are refused: a warning, not a failure.
  const noFfmpeg = await runCli(['doctor', '--json'], { cwd: project.dir, env: cleanEnv({ PATH: '/nonexistent' }) });
  t.equal(noFfmpeg.code, 0, noFfmpeg.stderr);
  const checks = byName(noFfmpeg.stdout);
  t.match(checks.ffmpeg, { status: 'warn', message: /not found on PATH: video uploads are disabled/, fix: /apt-get install ffmpeg/ });
  t.equal(JSON.parse(noFfmpeg.stdout).ok, true);
  // `npm test` builds the browser bundles first, so the repository's own frontend is found.
  t.match(checks['web frontend'], { status: 'ok', message: /built; theme default; themes available: .*contrast.*default/ });
});

t.test('a theme that is not installed is a warning naming the built ones', async (t) => {
  const project = await makeProject({ 'petamigos.config.ts': "import { defineConfig } from '@petamigos/core';\nexport default defineConfig({ theme: 'sunset' });\n" });
  t.teardown(project.remove);
  const result = await runCli(['doctor', '--json'], { cwd: project.dir, env: cleanEnv({}) });
  t.equal(result.code, 0, result.stderr);
  t.match(byName(result.stdout)['web frontend'], { status: 'warn', message: /theme "sunset" is not built or not installed \(built: .*default/, fix: /set theme to one of/ });
});

t.test('unreachable services fail with what to do, and the exit code says so', async (t) => {
  const project = await makeProject({ 'petamigos.config.ts': "import { defineConfig } from '@petamigos/core';\nexport default defineConfig({ search: { meilisearch: { host: 'http://127.0.0.1:1' } } });\n" });
  t.teardown(project.remove);
  const port = await closedPort();
  const env = cleanEnv({ REDIS_URL: `redis://127.0.0.1:${port}`, MEILISEARCH_HOST: `http://127.0.0.1:${port}`, S3_ENDPOINT: '127.0.0.1', S3_PORT: String(port), S3_USE_SSL: 'false', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port) });
  const result = await runCli(['doctor', '--json'], { cwd: project.dir, env });
  t.equal(result.code, 1);
  const checks = byName(result.stdout);
  t.match(checks.redis, { status: 'fail', message: new RegExp(`cannot reach redis://127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`), fix: /check REDIS_URL/ });
  t.match(checks.search, { status: 'fail', message: /cannot reach Meilisearch at .*ECONNREFUSED/, fix: /MEILISEARCH_HOST/ });
  t.match(checks.storage, { status: 'fail', message: /has no credentials/, fix: /S3_ACCESS_KEY and S3_SECRET_KEY/ });
  t.match(checks.mail, { status: 'fail', message: /cannot reach SMTP server/ });
  t.match(checks.database, { status: 'ok' }, 'what works is still reported as working');

  const human = await runCli(['doctor'], { cwd: project.dir, env: cleanEnv({ PORT: 'many' }) });
  t.equal(human.code, 1);
  t.match(human.stdout, /✖ config\s+Invalid configuration \(environment\): server\.port: expected an integer, found the string "many" \(from PORT\)\n\s+→ fix the key it names/);
  t.match(human.stdout, /1 ok, 0 warning\(s\), 1 failed/, 'checks that need a valid config are not run');
});

for (const database of testDatabases().filter((d) => d === 'postgres')) {
  t.test(`the production shape: PostgreSQL, Redis, S3 and Meilisearch [${database}]`, async (t) => {
    const db = await createTestDatabase('postgres');
    t.teardown(() => db.drop());
    const s3dir = mkdtempSync(join(tmpdir(), 'petamigos-doctor-s3-'));
    t.teardown(() => rmSync(s3dir, { recursive: true, force: true }));
    const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3dir, configureBuckets: [{ name: 'petamigos', configs: [] }] });
    const { port: s3port } = (await s3.run()) as AddressInfo;
    t.teardown(() => s3.close());
    const meili: Server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(req.url === '/health' ? '{"status":"available"}' : '{}');
    });
    await new Promise<void>((done) => meili.listen(0, '127.0.0.1', done));
    t.teardown(() => meili.close());

    const project = await makeProject({});
    t.teardown(project.remove);
    const env = cleanEnv({
      DATABASE_URL: db.url!,
      REDIS_URL: redisUrl,
      S3_ENDPOINT: '127.0.0.1',
      S3_PORT: String(s3port),
      S3_USE_SSL: 'false',
      S3_ACCESS_KEY: 'S3RVER',
      S3_SECRET_KEY: 'S3RVER',
      MEILISEARCH_HOST: `http://127.0.0.1:${(meili.address() as AddressInfo).port}`,
      PETAMIGOS_SECRET: 'a'.repeat(64),
      PUBLIC_URL: 'https://amigos.example.mx',
    });

    const pending = await runCli(['doctor', '--json'], { cwd: project.dir, env });
    t.equal(pending.code, 1, 'pending migrations stop `start` on PostgreSQL, so they fail the check');
    let checks = byName(pending.stdout);
    t.match(checks.migrations, { status: 'fail', message: /\d+ pending \(kernel: \d+\): `petamigos start` refuses to start/, fix: 'run `petamigos migrate`' });
    t.match(checks.database, { status: 'ok', message: /^PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:5432\/petamigos_test_\w+ \(PostgreSQL \d+/ });
    t.match(checks.redis, { status: 'ok', message: /answers PONG \(Redis \d/ });
    t.match(checks.storage, { status: 'ok', message: /S3 bucket "petamigos" at http:\/\/127\.0\.0\.1:\d+ is reachable/ });
    t.match(checks.search, { status: 'ok', message: /Meilisearch at .* is available/ });
    t.match(checks.secret, { status: 'ok' });

    t.equal((await runCli(['migrate'], { cwd: project.dir, env })).code, 0);
    const healthy = await runCli(['doctor', '--json'], { cwd: project.dir, env });
    t.equal(healthy.code, 0, healthy.stdout);
    checks = byName(healthy.stdout);
    t.match(checks.migrations, { status: 'ok', message: 'the schema is up to date' });

    const missingBucket = await runCli(['doctor', '--json'], { cwd: project.dir, env: { ...env, S3_BUCKET: 'fotos' } });
    t.equal(missingBucket.code, 1);
    t.match(byName(missingBucket.stdout).storage, { status: 'fail', message: /bucket "fotos" does not exist/, fix: /mc mb/ });
  });
}
