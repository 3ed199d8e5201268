import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { v7 as uuidv7 } from 'uuid';
import { createTestDatabase, eachDatabase, eachDriver, startTestKernel, testDatabases, testRedisUrl, testServiceDrivers, uniqueRedisPrefix, dropRedisPrefix, type TestKernel } from '@petamigos/core/testing';
import chores, { choresManifest } from './fixtures/chores/index.js';
import kennel from './fixtures/kennel/index.js';
import vet from './fixtures/vet/index.js';

const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
const logOf = async (k: TestKernel, source: string) => (await k.sql<{ task: string }>('select task from chores_log where source = ? order by id', [source])).map((r) => r.task);

t.test('events go through the transactional outbox', async (t) => {
  await eachDriver(t, 'outbox', async (t, services) => {
    await eachDatabase(t, 'commit and rollback', async (t, database) => {
      const k = await startTestKernel({ plugins: [chores], database, services, config: { plugins: { chores: true } } });
      t.teardown(() => k.close());
      await k.kernel.plugins.disable('chores').catch(() => undefined);
      await k.kernel.plugins.enable('chores');
      const committed = await k.app.inject({ method: 'POST', url: '/api/chores/done', payload: { task: 'bath', rollback: false } });
      t.equal(committed.statusCode, 200);
      const rolledBack = await k.app.inject({ method: 'POST', url: '/api/chores/done', payload: { task: 'walk', rollback: true } });
      t.equal(rolledBack.statusCode, 409);
      await k.settle();
      t.same(await logOf(k, 'event'), ['bath'], 'the committed event was handled; the rolled-back one never existed');
      t.same(await k.sql('select name from chores_task'), [{ name: 'bath' }]);
    });
  });
});

t.test('an event committed but never published (crash) is delivered at the next start', async (t) => {
  await eachDatabase(t, 'outbox recovery', async (t, database) => {
    const db = await createTestDatabase(database);
    t.teardown(() => db.drop());
    const first = await startTestKernel({ plugins: [chores], database: db });
    // What a crash between commit and publish leaves behind: a committed outbox row.
    await first.sql("insert into kernel_event_outbox (id, name, payload, emitted_by) values (?, 'chores.task.done', ?, 'chores')", [uuidv7(), JSON.stringify({ task: 'feed' })]);
    await first.kernel.close();
    const second = await startTestKernel({ plugins: [chores], database: db });
    t.teardown(() => second.close());
    await second.settle();
    t.same(await logOf(second, 'event'), ['feed']);
    t.same(await second.sql('select count(*)::int as n from kernel_event_outbox'), [{ n: 0 }]);
  });
});

t.test('plugin jobs: enqueue, retries to failed, admin retry, schedules, recovery', async (t) => {
  await eachDriver(t, 'jobs', async (t, services) => {
    const db = await createTestDatabase('pglite');
    t.teardown(() => db.drop());
    const redisPrefix = uniqueRedisPrefix();
    t.teardown(() => dropRedisPrefix(redisPrefix));
    const k = await startTestKernel({ plugins: [chores], database: db, services, redisPrefix });
    const admin = await k.createUser({ role: 'admin' });
    const user = await k.createUser();

    const queued = await k.app.inject({ method: 'POST', url: '/api/chores/sweep', payload: { task: 'kitchen', jobId: 'sweep-kitchen' } });
    t.match(queued.json(), { id: 'sweep-kitchen', created: true });
    t.match((await k.app.inject({ method: 'POST', url: '/api/chores/sweep', payload: { task: 'kitchen', jobId: 'sweep-kitchen' } })).json(), { created: false }, 'a unique job is enqueued once');
    await until('the job ran', async () => (await logOf(k, 'job')).includes('kitchen'));

    await k.app.inject({ method: 'POST', url: '/api/chores/sweep', payload: { task: 'roof', fail: true, jobId: 'sweep-roof' } });
    let failed: Array<{ id: string; name: string; error: string; attempts: number }> = [];
    await until('the job failed', async () => {
      failed = (await k.app.inject({ url: '/api/admin/jobs/failed', headers: admin.headers })).json().items;
      return failed.length > 0;
    });
    t.match(failed[0], { id: 'sweep-roof', name: 'chores.sweep', error: 'cannot sweep roof', attempts: 2 }, 'retried once, then failed with its error');
    t.equal((await k.app.inject({ url: '/api/admin/jobs/failed', headers: user.headers })).statusCode, 403, 'only admins see jobs');
    const overview = (await k.app.inject({ url: '/api/admin/jobs', headers: admin.headers })).json();
    t.equal(overview.driver, services === 'redis' ? 'bullmq' : 'in-process');
    t.ok(overview.counts['chores.sweep'].failed >= 1);
    t.match(overview.schedules, [{ id: 'chores.ticker', name: 'chores.tick' }]);
    t.equal((await k.app.inject({ method: 'POST', url: '/api/admin/jobs/chores.sweep/nope/retry', headers: admin.headers })).statusCode, 404);
    t.equal((await k.app.inject({ method: 'POST', url: '/api/admin/jobs/chores.sweep/sweep-roof/retry', headers: admin.headers })).statusCode, 202);
    t.match((await k.app.inject({ url: '/api/admin/audit?action=admin.job.retried', headers: admin.headers })).json().items, [{ actorId: admin.user.id, action: 'admin.job.retried', targetType: 'job', targetId: 'chores.sweep/sweep-roof' }], 'the retry is in the audit log');

    await until('the schedule fired', async () => (await logOf(k, 'schedule')).length > 0, 5000);
    await k.kernel.plugins.disable('chores');
    t.same(await k.kernel.jobs.schedules(), [], "a disabled plugin's schedules are removed");
    await k.kernel.plugins.enable('chores');
    t.same((await k.kernel.jobs.schedules()).map((s) => s.id), ['chores.ticker'], 'and come back when it is enabled');
    await k.close();

    // Work the database says is unfinished runs again at the next start.
    const seed = await startTestKernel({ plugins: [chores], database: db, services, redisPrefix, role: 'web' });
    await seed.sql("insert into chores_task (name, done) values ('garden', false)");
    await seed.close();
    const restarted = await startTestKernel({ plugins: [chores], database: db, services, redisPrefix });
    t.teardown(() => restarted.close());
    await until('the recovered job ran', async () => (await logOf(restarted, 'job')).includes('garden'));
    t.same(await restarted.sql("select done from chores_task where name = 'garden'"), [{ done: true }]);
  });
});

t.test('cache and storage reach plugins, namespaced', async (t) => {
  await eachDriver(t, 'cache and storage', async (t, services) => {
    const k = await startTestKernel({ plugins: [chores], services });
    t.teardown(() => k.close());
    t.same((await k.app.inject({ method: 'POST', url: '/api/chores/visits' })).json(), { visits: 1 });
    t.same((await k.app.inject({ method: 'POST', url: '/api/chores/visits' })).json(), { visits: 2 });
    t.equal(await k.kernel.cache.get('chores:visits'), 2, "the plugin's keys live under its name");
    const file = (await k.app.inject({ method: 'POST', url: '/api/chores/files' })).json();
    t.match(file, { key: 'notes/hello.txt', contentType: 'text/plain' });
    const served = await k.app.inject({ url: new URL(file.url).pathname + new URL(file.url).search });
    t.equal(served.statusCode, 200);
    t.equal(served.body, '¡Hola, mundo!');
    t.ok(await k.kernel.storage.stat('chores/notes/hello.txt'), 'stored under the plugin prefix');
  });
});

const redisAndPostgres = testServiceDrivers().includes('redis') && testDatabases().includes('postgres');

t.test('with Redis, an event emitted by a web process is handled by a separate worker process', { skip: !redisAndPostgres && 'needs Redis and PostgreSQL' }, async (t) => {
  const db = await createTestDatabase('postgres');
  t.teardown(() => db.drop());
  const redisPrefix = uniqueRedisPrefix();
  t.teardown(() => dropRedisPrefix(redisPrefix));
  const web = await startTestKernel({ plugins: [kennel, vet], database: db, services: 'redis', redisPrefix, role: 'web' });
  t.teardown(() => web.close());

  const worker = spawn(process.execPath, ['--import', 'tsx', '--conditions=petamigos-source', fileURLToPath(new URL('./fixtures/worker-process.ts', import.meta.url))], {
    env: { ...process.env, DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), REDIS_PREFIX: redisPrefix },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => worker.once('exit', resolve));
  t.teardown(async () => {
    worker.kill('SIGTERM');
    await exited;
  });
  await new Promise<void>((resolve, reject) => {
    worker.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    worker.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
  });

  for (const name of ['Tlaloc', 'Xolo', 'Canica']) {
    t.equal((await web.app.inject({ method: 'POST', url: '/api/kennel/dogs', payload: { name } })).statusCode, 201);
  }
  await until('the worker handled all three events', async () => (await web.sql('select 1 from vet_checkup')).length === 3);
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.same((await web.sql<{ dog_name: string }>('select dog_name from vet_checkup order by dog_name')).map((r) => r.dog_name), ['Canica', 'Tlaloc', 'Xolo'], 'each event handled exactly once');
});

t.test('with Redis, two workers share the work and each event is handled once', { skip: !redisAndPostgres && 'needs Redis and PostgreSQL' }, async (t) => {
  const db = await createTestDatabase('postgres');
  t.teardown(() => db.drop());
  const redisPrefix = uniqueRedisPrefix();
  t.teardown(() => dropRedisPrefix(redisPrefix));
  const web = await startTestKernel({ plugins: [kennel, vet], database: db, services: 'redis', redisPrefix, role: 'web' });
  const workerA = await startTestKernel({ plugins: [kennel, vet], database: db, services: 'redis', redisPrefix, role: 'worker' });
  const workerB = await startTestKernel({ plugins: [kennel, vet], database: db, services: 'redis', redisPrefix, role: 'worker' });
  t.teardown(async () => {
    await web.close();
    await workerA.close();
    await workerB.close();
  });
  await Promise.all(Array.from({ length: 20 }, (_, i) => web.app.inject({ method: 'POST', url: '/api/kennel/dogs', payload: { name: `perro-${i}` } })));
  await web.settle();
  await workerA.settle();
  const [row] = await web.sql<{ n: number; distinct_dogs: number }>('select count(*)::int as n, count(distinct dog_id)::int as distinct_dogs from vet_checkup');
  t.same(row, { n: 20, distinct_dogs: 20 });
});

t.test('with Redis, rate limits hold across processes', { skip: !testServiceDrivers().includes('redis') && 'needs Redis' }, async (t) => {
  const db = await createTestDatabase('postgres').catch(() => undefined) ?? (await createTestDatabase('pglite'));
  t.teardown(() => db.drop());
  const redisPrefix = uniqueRedisPrefix();
  t.teardown(() => dropRedisPrefix(redisPrefix));
  const config = { security: { rateLimit: { max: 3, timeWindow: 60_000 } } };
  const a = await startTestKernel({ plugins: [kennel], database: db, services: 'redis', redisPrefix, config });
  t.teardown(() => a.close());
  const b = db.kind === 'postgres' ? await startTestKernel({ plugins: [kennel], database: db, services: 'redis', redisPrefix, config }) : a;
  t.teardown(() => b.close());
  const statuses: number[] = [];
  for (const k of [a, b, a, b]) statuses.push((await k.app.inject({ url: '/api/kennel/dogs', remoteAddress: '10.9.8.7' })).statusCode);
  t.same(statuses, [200, 200, 200, 429], 'the fourth request is limited, whichever process answers');
});

t.test('choresManifest with a custom cron still validates', async (t) => {
  t.equal(choresManifest({ cron: '0 0 * * *' }).schedules!.ticker!.cron, '0 0 * * *');
});
