import t from 'tap';
import { createTestDatabase, dropRedisPrefix, startTestKernel, testDatabases, testServiceDrivers, uniqueRedisPrefix } from '@petamigos/core/testing';
import { caller, notes } from './fixtures/admin-notes/plugin.js';

// Waits for something another process does; fails with `what` rather than hanging.
const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

// Two processes of one cluster need one database both can open (PostgreSQL) and Redis between them.
const cluster = testDatabases().includes('postgres') && testServiceDrivers().includes('redis');

t.test('a settings change made on one process reaches the others', { skip: cluster ? false : 'needs PostgreSQL and Redis' }, async (t) => {
  const database = await createTestDatabase('postgres');
  t.teardown(() => database.drop());
  const redisPrefix = uniqueRedisPrefix();
  t.teardown(() => dropRedisPrefix(redisPrefix));
  const start = () => startTestKernel({ database, plugins: [notes], services: 'redis', redisPrefix });
  const web1 = await start();
  t.teardown(() => web1.close());
  const web2 = await start();
  t.teardown(() => web2.close());
  const admin = await web1.createUser({ role: 'admin' });
  t.equal((await caller(web1)('PUT', '/api/admin/plugins/notes/settings', admin, { greeting: 'qué tal' })).statusCode, 200);
  await until('the other process sees the new greeting', async () => (await caller(web2)('GET', '/api/notes/greeting', null)).json().greeting === 'qué tal');
  t.pass('the other process reloaded the settings');
});
