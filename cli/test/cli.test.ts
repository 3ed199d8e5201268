import t from 'tap';
import { makeProject, runCli, startServer } from './run-cli.js';
import { config, helloPlugin } from './plugin-fixtures.js';

t.test('every command explains itself with an example', async (t) => {
  const project = await makeProject({});
  t.teardown(project.remove);
  const commands = ['start', 'migrate', 'init', 'doctor', 'seed', 'create-plugin', 'jobs', 'backup', 'restore', 'plugins list', 'plugins enable', 'plugins disable', 'plugins add', 'users create', 'users promote', 'users list'];
  for (const command of commands) {
    const help = await runCli([...command.split(' '), '--help'], { cwd: project.dir });
    t.equal(help.code, 0, `${command} --help`);
    t.match(help.stdout, /EXAMPLES/);
    t.match(help.stdout, new RegExp(`\\$ petamigos ${command}`), `${command} shows an example`);
  }
  const root = await runCli(['--help'], { cwd: project.dir });
  for (const command of ['start', 'migrate', 'init', 'doctor', 'seed', 'create-plugin', 'jobs', 'backup', 'restore']) t.match(root.stdout, new RegExp(`^  ${command} `, 'm'));
  t.match(root.stdout, /^  plugins\s+List, enable, disable and install plugins\./m);
  t.match(root.stdout, /^  users\s+Create, promote and list accounts\./m);
});

t.test('a config typo stops the start with one line naming the key', async (t) => {
  for (const [body, expected] of [
    ["{ plugins: { helo: {} } }", /plugins\.helo: unknown plugin \(did you mean "hello"\?\); installed plugins: hello/],
    ['{ database: { url: 5 } }', /database\.url: expected a string, found number 5/],
  ] as const) {
    const project = await makeProject({ ...helloPlugin, 'petamigos.config.ts': config(body) });
    t.teardown(project.remove);
    const result = await runCli(['start'], { cwd: project.dir });
    t.equal(result.code, 1, body);
    t.match(result.stderr, expected);
    t.equal(result.stderr.trim().split('\n').length, 1, 'one line');
    t.notMatch(result.stderr, /\s+at /, 'no stack trace');
  }
});

t.test('start on embedded defaults serves health, readiness, metrics, docs and folder plugins', async (t) => {
  // An initialised (empty) cluster; the npm-package test below covers a first start from nothing.
  const project = await makeProject({ ...helloPlugin, 'petamigos.config.ts': config("{ plugins: { hello: { settings: { greeting: '¡Hola' } } } }") }, { embedded: true });
  t.teardown(project.remove);
  const server = await startServer(['--port', '0'], { cwd: project.dir });
  t.teardown(() => server.stop());
  t.match(server.output(), /database=pglite \(embedded\)/, 'says which driver each service uses');
  t.match(server.output(), /plugins:\s+hello/);
  const get = async (path: string) => fetch(new URL(path, server.url));
  t.equal((await get('/health')).status, 200);
  t.same(await (await get('/ready')).json(), { status: 'ready', checks: { database: 'ok', 'plugin:hello': 'ok' } });
  t.match(await (await get('/metrics')).text(), /petamigos_plugin_enabled\{plugin="hello"\} 1/);
  t.equal((await get('/docs/')).status, 200);
  t.ok((await (await get('/docs/json')).json()).paths['/api/hello/greetings']);
  t.same(await (await get('/api/hello/greetings')).json(), { greetings: ['¡Hola, Canela', '¡Hola, Firulais'] }, 'its migration ran on start');

  // A second process on the same PGlite folder would corrupt it without either noticing.
  const second = await runCli(['migrate', 'status'], { cwd: project.dir });
  t.equal(second.code, 1);
  t.match(second.stderr, new RegExp(`✖ the embedded database \\(data/pglite\\) is in use by \`petamigos start\` \\(pid ${server.child.pid}\\); stop that process first`));
  t.equal(await server.stop(), 0, 'SIGTERM shuts down cleanly');
});

t.test('plugins load from npm packages named in the config', async (t) => {
  const packaged = Object.fromEntries(
    Object.entries(helloPlugin).map(([path, content]) => [
      path.replace('plugins/hello/', 'node_modules/@acme/petamigos-hello/'),
      content.replace('petamigos-plugin-hello', '@acme/petamigos-hello'),
    ]),
  );
  const project = await makeProject({ ...packaged, 'petamigos.config.ts': config("{ plugins: { hello: { package: '@acme/petamigos-hello' } } }") });
  t.teardown(project.remove);
  const server = await startServer(['--port', '0'], { cwd: project.dir });
  t.teardown(() => server.stop());
  t.same(await (await fetch(new URL('/api/hello/greetings', server.url))).json(), { greetings: ['Hola, Canela', 'Hola, Firulais'] });
  t.equal(await server.stop(), 0);

  const missing = await makeProject({ 'petamigos.config.ts': config("{ plugins: { vet: { package: '@acme/not-installed' } } }") });
  t.teardown(missing.remove);
  const result = await runCli(['start'], { cwd: missing.dir });
  t.equal(result.code, 1);
  t.match(result.stderr, /plugins\.vet: npm package "@acme\/not-installed" is not installed; run `npm install @acme\/not-installed`/);
});
