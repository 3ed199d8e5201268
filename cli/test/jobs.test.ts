import t from 'tap';
import { Redis } from 'ioredis';
import { createTestDatabase, testDatabases } from '@petamigos/core/testing';
import { cleanEnv, makeProject, runCli, startServer } from './run-cli.js';

const redisUrl = process.env.PETAMIGOS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

// A job that always fails, so there is something to list and retry.
const chores = {
  'plugins/chores/package.json': JSON.stringify({ name: 'petamigos-plugin-chores', version: '1.0.0', type: 'module', exports: './index.js' }),
  'plugins/chores/index.js': `import { definePlugin } from '@petamigos/core';
let attempts = 0;
export default definePlugin({
  name: 'chores',
  version: '1.0.0',
  kernel: '^0.1.0',
  jobs: { sweep: { retries: 0, handler: async () => { attempts++; throw new Error('the broom broke'); } } },
  routes(app, ctx) {
    app.post('/sweep', async () => ctx.jobs.enqueue('sweep', { room: 'cocina' }));
    app.get('/attempts', async () => ({ attempts }));
  },
});
`,
};

t.test('jobs on embedded defaults says where they are instead of showing nothing', async (t) => {
  const project = await makeProject({});
  t.teardown(project.remove);
  const result = await runCli(['jobs'], { cwd: project.dir });
  t.equal(result.code, 1);
  t.match(result.stderr, /on embedded defaults jobs run inside the `petamigos start` process.*GET \/api\/admin\/jobs.*REDIS_URL/);
});

t.test('jobs lists failures from BullMQ and retries them [postgres + redis]', { skip: !testDatabases().includes('postgres') && 'PostgreSQL only' }, async (t) => {
  const db = await createTestDatabase('postgres');
  t.teardown(() => db.drop());
  // A key prefix of its own, so other tests' queues on the same Redis are not listed here.
  const prefix = `petamigos-cli-test-${process.pid}-${Date.now()}:`;
  t.teardown(async () => {
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });
  const project = await makeProject({
    ...chores,
    'petamigos.config.ts': `import { defineConfig } from '@petamigos/core';\nexport default defineConfig({ redis: { keyPrefix: '${prefix}' }, plugins: { chores: true } });\n`,
  });
  t.teardown(project.remove);
  const env = cleanEnv({ DATABASE_URL: db.url!, REDIS_URL: redisUrl });

  const server = await startServer(['--port', '0', '--migrate'], { cwd: project.dir, env });
  t.teardown(() => server.stop());
  t.equal((await fetch(new URL('/api/chores/sweep', server.url), { method: 'POST' })).status, 200);
  for (let i = 0; i < 100 && (await (await fetch(new URL('/api/chores/attempts', server.url))).json()).attempts < 1; i++) await new Promise((r) => setTimeout(r, 100));
  // The worker marks the job failed just after the handler throws.
  await new Promise((r) => setTimeout(r, 500));
  t.equal(await server.stop(), 0);

  const listed = await runCli(['jobs', '--json'], { cwd: project.dir, env });
  t.equal(listed.code, 0, listed.stderr);
  const before = JSON.parse(listed.stdout);
  t.match(before, { driver: 'bullmq', counts: { 'chores.sweep': { failed: 1, waiting: 0 } }, failed: [{ name: 'chores.sweep', error: 'the broom broke', attempts: 1, payload: { room: 'cocina' } }] });

  const unknown = await runCli(['jobs', 'retry', 'chores.sweep', 'no-such-id'], { cwd: project.dir, env });
  t.equal(unknown.code, 1);
  t.match(unknown.stderr, /no failed job no-such-id of chores\.sweep; `petamigos jobs` lists the failed ones/);

  const retried = await runCli(['jobs', 'retry', 'chores.sweep', before.failed[0].id], { cwd: project.dir, env });
  t.equal(retried.code, 0, retried.stderr);
  t.match(retried.stdout, `✔ retried chores.sweep ${before.failed[0].id}`);

  const after = await runCli(['jobs'], { cwd: project.dir, env });
  t.match(after.stdout, /JOB\s+WAITING\s+DELAYED\s+ACTIVE\s+COMPLETED\s+FAILED\n\s+chores\.sweep\s+1\s+0\s+0\s+0\s+0/, 'waiting for a worker again');
});
