import t from 'tap';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, testDatabases } from '@petamigos/core/testing';
import { cleanEnv, makeProject, runCli } from './run-cli.js';

for (const database of testDatabases()) {
  t.test(`backup, then restore into a fresh installation, keeps accounts and files [${database}]`, async (t) => {
    const source = await makeProject({}, { embedded: database === 'pglite' });
    t.teardown(source.remove);
    const target = await makeProject({});
    t.teardown(target.remove);
    let sourceEnv = cleanEnv();
    let targetEnv = cleanEnv();
    if (database === 'postgres') {
      const [a, b] = await Promise.all([createTestDatabase('postgres'), createTestDatabase('postgres')]);
      t.teardown(() => Promise.all([a.drop(), b.drop()]));
      sourceEnv = cleanEnv({ DATABASE_URL: a.url!, PETAMIGOS_AUTO_MIGRATE: '1' });
      targetEnv = cleanEnv({ DATABASE_URL: b.url! });
    }
    const created = await runCli(['users', 'create', '--admin', '-u', 'ana', '-e', 'ana@example.mx'], { cwd: source.dir, env: { ...sourceEnv, PETAMIGOS_PASSWORD: 'xoloitzcuintle de Oaxaca' } });
    t.equal(created.code, 0, created.stderr);
    mkdirSync(join(source.dir, 'data/storage/avatars'), { recursive: true });
    writeFileSync(join(source.dir, 'data/storage/avatars/ana.webp'), 'not really a picture');

    const backup = await runCli(['backup', '--out', join(source.dir, 'nightly'), '--json'], { cwd: source.dir, env: sourceEnv });
    t.equal(backup.code, 0, backup.stderr);
    const { manifest } = JSON.parse(backup.stdout);
    t.match(manifest, { format: 'petamigos-backup/1', database: { driver: database === 'pglite' ? 'pglite' : 'postgresql' }, storage: { driver: 'local', path: 'storage' } });
    t.ok(existsSync(join(source.dir, 'nightly', manifest.database.path)));
    const again = await runCli(['backup', '--out', join(source.dir, 'nightly')], { cwd: source.dir, env: sourceEnv });
    t.match(again.stderr, /nightly is not empty; pick another --out/, 'never writes over a backup');

    const restored = await runCli(['restore', join(source.dir, 'nightly')], { cwd: target.dir, env: targetEnv });
    t.equal(restored.code, 0, restored.stderr);
    t.match(restored.stdout, /✔ restored PetAmigos's backup of \S+ \(kernel \d+\.\d+\.\d+\)/);
    t.equal(readFileSync(join(target.dir, 'data/storage/avatars/ana.webp'), 'utf8'), 'not really a picture');

    const refused = await runCli(['restore', join(source.dir, 'nightly')], { cwd: target.dir, env: targetEnv });
    t.equal(refused.code, 1);
    t.match(refused.stderr, database === 'pglite' ? /data\/pglite already holds a database; pass --force to replace it/ : /the database already has \d+ table\(s\); restore into an empty database, or pass --force/);

    const users = await runCli(['users', 'list', '--json'], { cwd: target.dir, env: targetEnv });
    t.equal(users.code, 0, users.stderr);
    t.match(JSON.parse(users.stdout).users, [{ username: 'ana', role: 'admin' }], 'the restored installation has the account');
  });
}
