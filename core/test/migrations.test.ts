import t from 'tap';
import { definePlugin, MigrationError, MigrationsPendingError, openFoundation } from '@petamigos/core';
import { createTestDatabase, eachDatabase, startTestKernel, testDatabases } from '@petamigos/core/testing';
import kennel from './fixtures/kennel/index.js';

const broken = definePlugin({ name: 'broken', version: '1.0.0', kernel: '^0.1.0', migrations: new URL('./fixtures/migrations/broken/', import.meta.url) });
const sloppy = definePlugin({ name: 'sloppy', version: '1.0.0', kernel: '^0.1.0', migrations: new URL('./fixtures/migrations/sloppy/', import.meta.url) });
const tables = async (k: { sql: (q: string) => Promise<Array<{ table_name: string }>> }) =>
  (await k.sql("select table_name from information_schema.tables where table_schema = current_schema() order by 1")).map((r) => r.table_name);

t.test('a failing migration stops the start naming plugin and migration, and keeps earlier ones', async (t) => {
  await eachDatabase(t, 'failing migration', async (t, database) => {
    const db = await createTestDatabase(database);
    t.teardown(() => db.drop());
    await (await startTestKernel({ plugins: [kennel], database: db })).close();
    const error = await startTestKernel({ plugins: [kennel, broken], database: db }).then(
      () => t.fail('start should fail'),
      (e: unknown) => e,
    );
    t.type(error, MigrationError);
    t.match((error as Error).message, /^migration Migration20261123000002_fails of broken failed: .*broken_missing_table/);
    const after = await startTestKernel({ plugins: [kennel], database: db });
    t.teardown(() => after.close());
    const names = await tables(after);
    t.ok(names.includes('kennel_dog'), 'other plugins are untouched');
    t.ok(names.includes('broken_first'), 'the migration before it stays applied');
    t.notOk(names.includes('broken_half_done'), 'the failing one rolled back completely');
    t.notOk(names.includes('broken_never'), 'nothing after it ran');
    t.same(await after.sql("select name from kernel_migration where owner = 'broken'"), [{ name: 'Migration20261123000001_first' }]);
  });
});

t.test('a plugin migration may only create tables with its own prefix', async (t) => {
  await eachDatabase(t, 'table prefix', async (t, database) => {
    await t.rejects(startTestKernel({ plugins: [sloppy], database }), {
      message: 'migration Migration20261123000001_unprefixed of sloppy failed: it created table dogs; sloppy\'s tables must start with "sloppy_"',
    });
  });
});

t.test('status, one step down and up again', async (t) => {
  await eachDatabase(t, 'status/down/up', async (t, database) => {
    const k = await startTestKernel({ plugins: [kennel], database });
    t.teardown(() => k.close());
    const migrator = k.kernel.migrator;
    const set = k.kernel.plugins.get('kennel')!.migrations;
    t.same((await migrator.status([set])).map((m) => [m.name, m.applied]), [
      ['Migration20261123000001_dogs', true],
      ['Migration20261123000002_breed', true],
    ]);
    t.equal(await migrator.down(set), 'Migration20261123000002_breed', 'reverts only the newest');
    const columns = await k.sql<{ column_name: string }>("select column_name from information_schema.columns where table_name = 'kennel_dog' order by 1");
    t.same(columns.map((c) => c.column_name), ['created_at', 'id', 'name'], 'its change is undone');
    t.same((await migrator.pending([set])).map((m) => m.name), ['Migration20261123000002_breed']);
    t.equal((await migrator.up([set])).length, 1);
    t.same(await migrator.pending([set]), []);
  });
});

t.test('a web process refuses to start while migrations are pending', async (t) => {
  await eachDatabase(t, 'pending migrations', async (t, database) => {
    const db = await createTestDatabase(database);
    t.teardown(() => db.drop());
    await (await startTestKernel({ plugins: [], database: db })).close();
    const error = await startTestKernel({ plugins: [kennel], migrate: 'require-current', database: db }).then(() => null, (e: unknown) => e);
    t.type(error, MigrationsPendingError);
    t.equal((error as Error).message, '2 database migration(s) pending (kennel: 2); run `npx petamigos migrate` first, or set database.autoMigrate (PETAMIGOS_AUTO_MIGRATE=1)');
  });
});

t.test('two processes migrating at once apply each migration once', { skip: !testDatabases().includes('postgres') && 'PostgreSQL only' }, async (t) => {
  const k = await startTestKernel({ plugins: [], database: 'postgres' });
  t.teardown(() => k.close());
  const config = k.kernel.config;
  const a = await openFoundation({ config, plugins: [kennel], logger: k.kernel.log, });
  const b = await openFoundation({ config, plugins: [kennel], logger: k.kernel.log });
  t.teardown(async () => {
    await a.close();
    await b.close();
  });
  const [ranA, ranB] = await Promise.all([a.migrator.up(a.migrationSets()), b.migrator.up(b.migrationSets())]);
  t.equal(ranA.length + ranB.length, 2, 'two kennel migrations, applied by one process or the other');
  t.same(await k.sql("select count(*)::int as n from kernel_migration where owner = 'kennel'"), [{ n: 2 }]);
});
