import t, { type Test } from 'tap';
import { createTestDatabase, testDatabases } from '@petamigos/core/testing';
import { cleanEnv, makeProject, runCli, startServer, type CliResult } from './run-cli.js';

const redisUrl = process.env.PETAMIGOS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

for (const database of testDatabases()) {
  t.test(`users create, promote and list through the accounts service [${database}]`, async (t) => {
    const project = await makeProject({ 'petamigos.config.ts': "import { defineConfig } from '@petamigos/core';\nexport default defineConfig({ accounts: { registration: 'closed' } });\n" }, { embedded: database === 'pglite' });
    t.teardown(project.remove);
    let env = cleanEnv();
    if (database === 'postgres') {
      const db = await createTestDatabase('postgres');
      t.teardown(() => db.drop());
      // The production shape: PostgreSQL and Redis.
      env = cleanEnv({ DATABASE_URL: db.url!, REDIS_URL: redisUrl });
      const refused = await runCli(['users', 'list'], { cwd: project.dir, env });
      t.equal(refused.code, 1);
      t.match(refused.stderr, /database migration\(s\) pending .*run `npx petamigos migrate` first/, 'PostgreSQL needs `migrate` first, as `start` does');
      t.equal((await runCli(['migrate'], { cwd: project.dir, env })).code, 0);
    }
    const run = (args: string[], extra: Record<string, string> = {}) => runCli(args, { cwd: project.dir, env: { ...env, ...extra } });

    if (database === 'pglite') {
      // The embedded kernel boots in seconds, not milliseconds: here only what differs from
      // PostgreSQL (migrations applied on the fly, one process holding the database) is repeated.
      const created = await run(['users', 'create', '--admin', '-u', 'beto', '-e', 'beto@example.mx', '--json'], { PETAMIGOS_PASSWORD: 'perro salchicha feliz' });
      t.equal(created.code, 0, created.stderr);
      t.match(JSON.parse(created.stdout).user, { username: 'beto', role: 'admin' });
      const list = await run(['users', 'list', '--json']);
      t.same(JSON.parse(list.stdout).users.map((u: { username: string; role: string }) => [u.username, u.role]), [['beto', 'admin']]);
    } else {
      await fullFlow(t, run);
    }

    // The accounts are real: the admin logs in over HTTP with the password given to the CLI.
    const server = await startServer(['--port', '0'], { cwd: project.dir, env });
    t.teardown(() => server.stop());
    const login = await fetch(new URL('/api/auth/login', server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'beto', password: 'perro salchicha feliz' }) });
    t.equal(login.status, 200);
    t.match(await login.json(), { user: { username: 'beto', role: 'admin' } });
    t.equal(await server.stop(), 0);
  });
}

async function fullFlow(t: Test, run: (args: string[], extra?: Record<string, string>) => Promise<CliResult>): Promise<void> {
  const admin = await run(['users', 'create', '--admin', '--username', 'ana', '--email', 'ana@example.mx', '--display-name', 'Ana López'], { PETAMIGOS_PASSWORD: 'xoloitzcuintle de Oaxaca' });
  t.equal(admin.code, 0, admin.stderr);
  t.match(admin.stdout, /✔ created admin @ana \(ana@example\.mx\)/, 'works while public sign-up is closed');

  const moderator = await run(['users', 'create', '--moderator', '-u', 'beto', '-e', 'beto@example.mx', '--password', 'perro salchicha feliz', '--language', 'en', '--json']);
  t.equal(moderator.code, 0, moderator.stderr);
  t.match(JSON.parse(moderator.stdout).user, { username: 'beto', role: 'moderator', language: 'en', email: 'beto@example.mx' });

  // The kernel's rules (unique names, the password policy) apply, reported in one line.
  const taken = await run(['users', 'create', '-u', 'ANA', '-e', 'otra@example.mx', '--password', 'perro salchicha feliz']);
  t.equal(taken.code, 1);
  t.match(taken.stderr, /✖ That username is taken\./);
  const noPassword = await run(['users', 'create', '-u', 'carla', '-e', 'carla@example.mx']);
  t.equal(noPassword.code, 2);
  t.match(noPassword.stderr, /no password given: set PETAMIGOS_PASSWORD, pass --password, or run this in a terminal/);

  const promoted = await run(['users', 'promote', 'beto', '--role', 'admin']);
  t.equal(promoted.code, 0, promoted.stderr);
  t.match(promoted.stdout, /✔ @beto: moderator → admin/);
  t.equal((await run(['users', 'promote', 'ana', '--role', 'user'])).code, 0, 'another admin remains');
  const last = await run(['users', 'promote', 'beto', '-r', 'moderator']);
  t.equal(last.code, 1);
  t.match(last.stderr, /@beto is the last admin; promote someone else first, or pass --force/);

  const admins = await run(['users', 'list', '--role', 'admin']);
  t.match(admins.stdout, /USERNAME\s+ROLE\s+EMAIL\s+NAME\s+CREATED\s+STATE\n\s+beto\s+admin\s+beto@example\.mx\s+beto\s+\d{4}-\d\d-\d\d\s+unverified\n?$/);
}
