import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, testDatabases } from '@petamigos/core/testing';
import { commentedConfig, installed } from './plugin-fixtures.js';
import { cleanEnv, makeProject, runCli } from './run-cli.js';

for (const database of testDatabases()) {
  t.test(`list shows versions, enabled, pending migrations and why a plugin is unavailable [${database}]`, async (t) => {
    const project = await makeProject({ ...installed, 'petamigos.config.ts': commentedConfig.replace('    lab: { enabled: false },\n', '    lab: { enabled: false },\n    social: true,\n') }, { embedded: database === 'pglite' });
    t.teardown(project.remove);
    let env = cleanEnv();
    if (database === 'postgres') {
      const db = await createTestDatabase('postgres');
      t.teardown(() => db.drop());
      env = cleanEnv({ DATABASE_URL: db.url! });
    }
    const list = await runCli(['plugins', 'list', '--json'], { cwd: project.dir, env });
    t.equal(list.code, 0, list.stderr);
    const { plugins, kernel } = JSON.parse(list.stdout);
    t.ok(kernel.pendingMigrations > 0, 'the kernel\'s own are counted apart');
    t.same(plugins.map((p: { name: string; enabled: boolean; pendingMigrations: number | null; status: string }) => [p.name, p.enabled, p.pendingMigrations, p.status]), [
      ['feed', false, 1, 'ok'],
      ['lab', false, null, 'unavailable'],
      ['social', true, 1, 'ok'],
    ]);
    t.match(plugins[1].reason, /supports kernel \^9\.0\.0, but this kernel is 0\.1\.0/);
    t.same(plugins[0].requires, { social: '^0.1.0' });

    // The human table is the same on both databases; PostgreSQL boots faster, so it is read there.
    if (database === 'pglite') return;
    t.equal((await runCli(['migrate'], { cwd: project.dir, env })).code, 0);
    const human = await runCli(['plugins', 'list'], { cwd: project.dir, env });
    t.equal(human.code, 0, human.stderr);
    t.match(human.stdout, /NAME\s+VERSION\s+ENABLED\s+PENDING MIGRATIONS\s+STATUS\s+FROM/);
    t.match(human.stdout, /social\s+0\.1\.3\s+yes\s+0\s+ok\s+plugins\/social/, 'enabled plugin migrated');
    t.match(human.stdout, /feed\s+1\.0\.0\s+no\s+1\s+ok/, 'a disabled plugin keeps its migrations pending');
    t.match(human.stdout, /lab\s+1\.0\.0\s+no\s+\?\s+unavailable: plugin lab@1\.0\.0 supports kernel/);
  });
}

t.test('add installs a package with npm, then enables it under its plugin name', async (t) => {
  const project = await makeProject({
    'package.json': JSON.stringify({ name: 'oaxaca', private: true, type: 'module' }),
    'petamigos.config.ts': commentedConfig.replace("    // lab stays off until the vet signs it off\n    lab: { enabled: false },\n", ''),
    'vendor/vet/package.json': JSON.stringify({ name: '@acme/petamigos-vet', version: '2.1.0', type: 'module', exports: './index.js' }),
    'vendor/vet/index.js': "import { definePlugin } from '@petamigos/core';\nexport default definePlugin({ name: 'vet', version: '2.1.0', kernel: '^0.1.0' });\n",
  });
  t.teardown(project.remove);
  const added = await runCli(['plugins', 'add', './vendor/vet'], { cwd: project.dir, timeoutMs: 120_000 });
  t.equal(added.code, 0, added.stderr);
  t.match(added.stderr, /\$ npm install \.\/vendor\/vet/, 'says what it runs');
  t.match(added.stdout, /added 1 package/, "shows npm's output");
  t.match(added.stdout, /✔ enabled vet@2\.1\.0 \(@acme\/petamigos-vet\) in petamigos\.config\.ts/);
  t.equal(
    readFileSync(join(project.dir, 'petamigos.config.ts'), 'utf8'),
    commentedConfig.replace("    // lab stays off until the vet signs it off\n    lab: { enabled: false },\n", "    vet: { package: '@acme/petamigos-vet' },\n"),
  );
  t.match(JSON.parse(readFileSync(join(project.dir, 'package.json'), 'utf8')).dependencies, { '@acme/petamigos-vet': /vendor\/vet/ });

  const list = await runCli(['plugins', 'list', '--json'], { cwd: project.dir });
  t.match(JSON.parse(list.stdout).plugins, [{ name: 'vet', enabled: true, origin: { kind: 'package', location: '@acme/petamigos-vet' } }], 'the kernel loads it from node_modules');
});
