import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commentedConfig, installed, plugin } from './plugin-fixtures.js';
import { makeProject, runCli } from './run-cli.js';

t.test('enable refuses missing requirements, then edits the file in place keeping every comment', async (t) => {
  const project = await makeProject({ ...installed, 'petamigos.config.ts': commentedConfig });
  t.teardown(project.remove);
  const file = join(project.dir, 'petamigos.config.ts');

  const refused = await runCli(['plugins', 'enable', 'feed'], { cwd: project.dir });
  t.equal(refused.code, 1);
  t.match(refused.stderr, /✖ feed requires social \(\^0\.1\.0\), which is not enabled\. Enable it too: petamigos plugins enable social feed/);
  t.equal(readFileSync(file, 'utf8'), commentedConfig, 'nothing written');

  const typo = await runCli(['plugins', 'enable', 'fed'], { cwd: project.dir });
  t.equal(typo.code, 1);
  t.match(typo.stderr, /no plugin named "fed" is installed \(did you mean "feed"\?\); installed: feed, lab, social/);

  const unavailable = await runCli(['plugins', 'enable', 'lab'], { cwd: project.dir });
  t.equal(unavailable.code, 1);
  t.match(unavailable.stderr, /cannot enable lab: plugin lab@1\.0\.0 supports kernel \^9\.0\.0, but this kernel is 0\.1\.0/);

  const enabled = await runCli(['plugins', 'enable', 'social', 'feed'], { cwd: project.dir });
  t.equal(enabled.code, 0, enabled.stderr);
  t.match(enabled.stdout, /✔ enabled social in petamigos\.config\.ts\n✔ enabled feed in petamigos\.config\.ts/);
  t.equal(
    readFileSync(file, 'utf8'),
    commentedConfig.replace('    lab: { enabled: false },\n', '    lab: { enabled: false },\n    social: true,\n    feed: true,\n'),
    'only the two entries were added',
  );

  const blocked = await runCli(['plugins', 'disable', 'social'], { cwd: project.dir });
  t.equal(blocked.code, 1);
  t.match(blocked.stderr, /cannot disable social: feed requires social\. Disable it too: petamigos plugins disable feed social/);

  const disabled = await runCli(['plugins', 'disable', 'feed', 'social', '--json'], { cwd: project.dir });
  t.equal(disabled.code, 0, disabled.stderr);
  t.same(JSON.parse(disabled.stdout), { file, plugins: [{ name: 'feed', changed: true }, { name: 'social', changed: true }] });
  t.equal(readFileSync(file, 'utf8'), commentedConfig.replace('    lab: { enabled: false },\n', '    lab: { enabled: false },\n    social: false,\n    feed: false,\n'));
});

t.test('enable writes a config file when there is none', async (t) => {
  const project = await makeProject(plugin('social'));
  t.teardown(project.remove);
  const result = await runCli(['plugins', 'enable', 'social'], { cwd: project.dir });
  t.equal(result.code, 0, result.stderr);
  t.match(result.stdout, /created petamigos\.config\.ts/);
  t.equal(readFileSync(join(project.dir, 'petamigos.config.ts'), 'utf8'), "import { defineConfig } from '@petamigos/core';\n\nexport default defineConfig({\n  plugins: {\n    social: true,\n  },\n});\n");
});
