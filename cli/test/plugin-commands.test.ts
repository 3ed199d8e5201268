import t from 'tap';
import { makeProject, runCli } from './run-cli.js';

// A plugin that adds a command through its manifest, as plugin authors do.
const chores = {
  'plugins/chores/package.json': JSON.stringify({ name: 'petamigos-plugin-chores', version: '1.0.0', type: 'module', exports: './index.js' }),
  'plugins/chores/index.js': `import { definePlugin } from '@petamigos/core';
export default definePlugin({
  name: 'chores',
  version: '1.0.0',
  kernel: '^0.1.0',
  description: 'House chores',
  cli: {
    tidy: {
      description: 'Tidy a room',
      examples: ['petamigos chores tidy cocina --times 2'],
      args: { room: { description: 'Which room', required: true } },
      flags: { times: { description: 'How many times', type: 'integer', default: 1 }, loud: { description: 'Shout', type: 'boolean' } },
      run: async ({ args, flags }, ctx) => {
        const [row] = await ctx.db.query('select count(*)::int as n from kernel_user');
        console.log(\`tidied \${args.room} x\${flags.times}\${flags.loud ? '!' : ''} by \${ctx.plugin.name} for \${ctx.site.name}; \${row.n} users\`);
      },
    },
  },
});
`,
};

t.test('plugins add commands through their manifest: petamigos <plugin> <command>', async (t) => {
  const config = (enabled: boolean) => `import { defineConfig } from '@petamigos/core';\nexport default defineConfig({ site: { name: 'Casa Firulais' }, plugins: { chores: ${enabled} } });\n`;
  const project = await makeProject({ ...chores, 'petamigos.config.ts': config(false) }, { embedded: true });
  t.teardown(project.remove);

  const disabled = await runCli(['chores', 'tidy', 'cocina'], { cwd: project.dir });
  t.equal(disabled.code, 1);
  t.match(disabled.stderr, /✖ the chores plugin is not enabled; run `petamigos plugins enable chores` first/);

  t.equal((await runCli(['plugins', 'enable', 'chores'], { cwd: project.dir })).code, 0);
  const ran = await runCli(['chores', 'tidy', 'cocina', '--times', '2', '--loud'], { cwd: project.dir });
  t.equal(ran.code, 0, ran.stderr);
  t.equal(ran.stdout, 'tidied cocina x2! by chores for Casa Firulais; 0 users\n', 'runs with its own context on a booted kernel');

  const listing = await runCli(['chores'], { cwd: project.dir });
  t.match(listing.stdout, /Commands of the chores plugin \(1\.0\.0\): House chores\n\nCOMMANDS\n\s+chores tidy\s+Tidy a room/);
  const help = await runCli(['chores', 'tidy', '--help'], { cwd: project.dir });
  t.match(help.stdout, /USAGE\n\s+\$ petamigos chores tidy ROOM \[FLAGS\][\s\S]*--times=<integer>\s+How many times \[default: 1\][\s\S]*EXAMPLES\n\s+\$ petamigos chores tidy cocina --times 2/);

  const missing = await runCli(['chores', 'tidy', '--times', 'many'], { cwd: project.dir });
  t.equal(missing.code, 2);
  t.match(missing.stderr, /✖ petamigos chores tidy: --times expects an integer, found "many"/);

  const typo = await runCli(['doctr'], { cwd: project.dir });
  t.equal(typo.code, 2);
  t.match(typo.stderr, /✖ command "doctr" not found \(did you mean "doctor"\?\); `petamigos --help` lists every command/);
});
