import t from 'tap';
import { createTestDatabase, testDatabases } from '@petamigos/core/testing';
import { cleanEnv, makeProject, runCli, startServer } from './run-cli.js';
import { config, helloPlugin } from './plugin-fixtures.js';


t.test('on PostgreSQL: start refuses pending migrations, migrate applies them, then start serves', { skip: !testDatabases().includes('postgres') && 'PostgreSQL only' }, async (t) => {
  const db = await createTestDatabase('postgres');
  t.teardown(() => db.drop());
  const project = await makeProject({ ...helloPlugin, 'petamigos.config.ts': config('{ plugins: { hello: true } }') });
  t.teardown(project.remove);
  const env = cleanEnv({ DATABASE_URL: db.url! });

  const refused = await runCli(['start'], { cwd: project.dir, env });
  t.equal(refused.code, 1);
  // The kernel's own migrations grow with the kernel; hello's one is what this test controls.
  const kernelCount = Number(/pending \(kernel: (\d+), hello: 1\)/.exec(refused.stderr)?.[1]);
  t.ok(kernelCount > 0, refused.stderr);
  t.match(refused.stderr, new RegExp(`${kernelCount + 1} database migration\\(s\\) pending \\(kernel: ${kernelCount}, hello: 1\\); run \`npx petamigos migrate\` first`));

  const status = await runCli(['migrate', 'status', '--json'], { cwd: project.dir, env });
  t.equal(status.code, 0);
  t.same(JSON.parse(status.stdout).migrations.map((m: { owner: string; applied: boolean }) => [m.owner, m.applied]), [...Array(kernelCount).fill(['kernel', false]), ['hello', false]]);

  const up = await runCli(['migrate'], { cwd: project.dir, env });
  t.equal(up.code, 0, up.stderr);
  t.match(up.stdout, new RegExp(`\\[1/${kernelCount + 1}\\] kernel: Migration20261123000000_kernel_plugins`));
  t.match(up.stdout, new RegExp(`applied ${kernelCount + 1} migration\\(s\\) for kernel, hello`));
  t.match((await runCli(['migrate'], { cwd: project.dir, env })).stdout, /database is up to date/);

  const server = await startServer(['--port', '0'], { cwd: project.dir, env });
  t.teardown(() => server.stop());
  t.match(server.output(), /database=postgresql/);
  t.same(await (await fetch(new URL('/api/hello/greetings', server.url))).json(), { greetings: ['Hola, Canela', 'Hola, Firulais'] });
  t.equal(await server.stop(), 0);

  const fresh = await createTestDatabase('postgres');
  t.teardown(() => fresh.drop());
  const migrating = await startServer(['--port', '0', '--migrate'], { cwd: project.dir, env: cleanEnv({ DATABASE_URL: fresh.url! }) });
  t.teardown(() => migrating.stop());
  t.equal((await fetch(new URL('/api/hello/greetings', migrating.url))).status, 200, 'start --migrate (npm start) applies them first');
  t.equal(await migrating.stop(), 0);

  const down = await runCli(['migrate', 'down', '--plugin', 'hello'], { cwd: project.dir, env });
  t.equal(down.code, 0);
  t.match(down.stdout, /reverted hello: Migration20261123000001_friends/);
  const needsPlugin = await runCli(['migrate', 'down'], { cwd: project.dir, env });
  t.equal(needsPlugin.code, 2);
  t.match(needsPlugin.stderr, /down reverts one plugin's newest migration/);
});
