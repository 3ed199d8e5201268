import t from 'tap';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addBuildReference } from '../src/commands/create-plugin.js';
import { cleanEnv, makeProject, REPO, runCli, startServer, type CliResult } from './run-cli.js';

/** Runs the scaffolded plugin's own `npm test` (tap with its .taprc), outside this test's tap. */
function runPluginTests(dir: string): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  for (const name of ['PETAMIGOS_TEST_DATABASES', 'PETAMIGOS_TEST_POSTGRES_URL']) if (process.env[name]) env[name] = process.env[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'node_modules/tap/dist/esm/run.mjs')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

t.test('create-plugin scaffolds a plugin that passes its own test, then enable and start serve it', async (t) => {
  const project = await makeProject({}, { embedded: true });
  t.teardown(project.remove);

  const invalid = await runCli(['create-plugin', 'Pet_Walks'], { cwd: project.dir });
  t.equal(invalid.code, 2);
  t.match(invalid.stderr, /✖ "Pet_Walks" is not a valid plugin name: use lower-case letters, digits and dashes, starting with a letter \(e\.g\. "pet-walks"\)/);
  t.match((await runCli(['create-plugin', 'admin'], { cwd: project.dir })).stderr, /"admin" is reserved by the kernel/);

  const created = await runCli(['create-plugin', 'pet-walks'], { cwd: project.dir, timeoutMs: 120_000 });
  t.equal(created.code, 0, created.stdout + created.stderr);
  t.match(created.stdout, /✔ created plugins\/pet-walks\//);
  t.match(created.stdout, /✔ built dist\//);
  const dir = join(project.dir, 'plugins/pet-walks');
  for (const file of ['package.json', 'tsconfig.json', 'README.md', 'src/index.ts', 'src/settings.ts', 'src/entities/greeting.ts', 'src/routes/greetings.ts', 'src/events.ts', 'locales/en.json', 'locales/es-MX.json', 'test/pet-walks.test.ts', 'dist/index.js']) {
    t.ok(existsSync(join(dir, file)), file);
  }
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  t.match(pkg, { name: 'petamigos-plugin-pet-walks', exports: { '.': { 'petamigos-source': './src/index.ts', default: './dist/index.js' } }, peerDependencies: { '@petamigos/core': /^\^/ } });
  t.match(JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')), { extends: '../../../../tsconfig.base.json', references: [{ path: '../../../../core' }] }, 'inside the repository it builds against core');
  t.match(readFileSync(join(dir, 'src/index.ts'), 'utf8'), /definePlugin\(\{\n  name: 'pet-walks',/);
  t.match(readFileSync(join(dir, 'src/entities/greeting.ts'), 'utf8'), /tableName: 'pet_walks_greeting'/, 'tables carry the plugin prefix');
  t.equal((await runCli(['create-plugin', 'pet-walks', '--no-build'], { cwd: project.dir })).code, 1, 'never overwrites');

  const tests = await runPluginTests(dir);
  if (tests.code !== 0) t.comment(tests.stdout + tests.stderr);
  t.equal(tests.code, 0, 'the scaffolded plugin passes its own test');
  t.match(tests.stdout, /# \{ total: \d+, pass: \d+ \}/);
  t.notMatch(tests.stdout, /fail: \d+/);
  t.match(tests.stdout, /greetings \[PGlite\]/, 'the scaffolded test runs on the embedded database');

  const enabled = await runCli(['plugins', 'enable', 'pet-walks'], { cwd: project.dir });
  t.equal(enabled.code, 0, enabled.stderr);
  const server = await startServer(['--port', '0'], { cwd: project.dir, env: cleanEnv() });
  t.teardown(() => server.stop());
  t.match(server.output(), /plugins:\s+pet-walks/);
  const list = await fetch(new URL('/api/pet-walks/greetings', server.url));
  t.equal(list.status, 200);
  t.same(await list.json(), { items: [], nextCursor: null });
  t.equal((await fetch(new URL('/api/pet-walks/greetings', server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Canela"}' })).status, 401, 'posting needs a signed-in user');
  t.ok((await (await fetch(new URL('/docs/json', server.url))).json()).paths['/api/pet-walks/greetings'], 'documented in OpenAPI');
  t.equal(await server.stop(), 0);
});

t.test('inside the repository a new plugin joins the solution build, in the file\'s own layout', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'petamigos-tsconfig-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'tsconfig.json');
  writeFileSync(file, '{\n  "files": [],\n  "references": [\n    { "path": "./core" },\n    { "path": "./cli" }\n  ]\n}\n');
  t.equal(addBuildReference(dir, './plugins/kennel'), true);
  t.equal(readFileSync(file, 'utf8'), '{\n  "files": [],\n  "references": [\n    { "path": "./core" },\n    { "path": "./cli" },\n    { "path": "./plugins/kennel" }\n  ]\n}\n');
  t.equal(addBuildReference(dir, './plugins/kennel'), false, 'once');
});
