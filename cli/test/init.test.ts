import t from 'tap';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigSchema, envOverrides, loadConfig, secretVariables } from '@petamigos/core';
import { envExampleFromKernel } from '../src/lib/init-templates.js';
import { makeProject, runCli } from './run-cli.js';

t.test('init --yes writes a config the kernel accepts, .env.example, data/, and refuses to overwrite', async (t) => {
  const project = await makeProject({});
  t.teardown(project.remove);
  const result = await runCli(['init', 'amigos', '--yes', '--name', "Amigos de O'axaca", '--url', 'https://amigos.example.mx', '--locale', 'es-MX'], { cwd: project.dir });
  t.equal(result.code, 0, result.stderr);
  t.match(result.stdout, /PetAmigos installation ready in amigos:\n\s+✔ petamigos\.config\.ts\n\s+✔ \.env\.example/);
  t.match(result.stdout, /Next:\n\s+cd amigos\n\s+npm install/);

  const site = join(project.dir, 'amigos');
  t.ok(statSync(join(site, 'data')).isDirectory(), 'data folder');
  const config = await loadConfig({ cwd: site, env: {} });
  t.match(config.site, { name: "Amigos de O'axaca", publicUrl: 'https://amigos.example.mx', defaultLocale: 'es-MX' }, 'the kernel loads what init wrote');
  const source = readFileSync(join(site, 'petamigos.config.ts'), 'utf8');
  t.match(source, /^import \{ defineConfig \} from '@petamigos\/core';/);
  t.match(source, /\/\/ redis: \{ url: 'redis:\/\/127\.0\.0\.1:6379' \},/, 'production drivers are documented, commented out');
  t.match(source, /petamigos plugins enable <name>/);

  const env = readFileSync(join(site, '.env.example'), 'utf8');
  for (const { env: name } of [...envOverrides, ...secretVariables]) t.match(env, new RegExp(`^#? ?${name}=`, 'm'), `.env.example documents ${name}`);
  t.match(JSON.parse(readFileSync(join(site, 'package.json'), 'utf8')), { type: 'module', dependencies: { '@petamigos/core': /^\^/, '@petamigos/cli': /^\^/ } });

  const again = await runCli(['init', 'amigos', '--yes'], { cwd: project.dir });
  t.equal(again.code, 1);
  t.match(again.stderr, /✖ amigos\/petamigos\.config\.ts already exists; edit it, or run `petamigos init --force` to replace it/);
  t.equal(readFileSync(join(site, 'petamigos.config.ts'), 'utf8'), source, 'untouched');

  const forced = await runCli(['init', 'amigos', '--yes', '--force', '--json'], { cwd: project.dir });
  t.equal(forced.code, 0, forced.stderr);
  t.match(JSON.parse(forced.stdout), { created: ['petamigos.config.ts', '.env.example', 'data/'], kept: ['.gitignore', 'package.json'] });
  t.equal(readFileSync(join(site, 'petamigos.config.ts.bak'), 'utf8'), source, 'the old config is kept');
  t.match(readFileSync(join(site, 'petamigos.config.ts'), 'utf8'), /name: 'PetAmigos'/);

  const bad = await runCli(['init', 'other', '--yes', '--url', 'amigos.mx'], { cwd: project.dir });
  t.equal(bad.code, 2);
  t.match(bad.stderr, /--url: expected an http\(s\) URL, found "amigos\.mx"/);
  t.notOk(existsSync(join(project.dir, 'other', 'petamigos.config.ts')));
});

t.test('outside this repository, .env.example is generated from the kernel\'s own tables', async (t) => {
  const text = envExampleFromKernel({ envOverrides, secretVariables, ConfigSchema });
  for (const { env } of [...envOverrides, ...secretVariables]) t.match(text, new RegExp(`^# ${env}=$`, 'm'));
  t.match(text, /# server\.port: Unset: 3000\.\n# PORT=/);
  t.match(text, /PETAMIGOS_SECRET.*\n|openssl rand -hex 32/);
});
