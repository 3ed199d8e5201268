import t from 'tap';
import { createTestDatabase, eachDatabase, startTestKernel } from '@petamigos/core/testing';
import { tmpdir } from 'node:os';
import { createKernel, definePlugin, resolveConfig, Type, type AnyPluginManifest, type PetAmigosConfig } from '@petamigos/core';
import kennel, { kennelManifest } from './fixtures/kennel/index.js';
import vet, { vetManifest } from './fixtures/vet/index.js';

/** Starts a kernel the way `petamigos start` does; these checks fail before any database is opened. */
function startWith(options: { plugins: AnyPluginManifest[]; disabled?: string[]; config?: PetAmigosConfig }) {
  const plugins: Record<string, unknown> = {};
  for (const p of options.plugins) plugins[p.name] = { enabled: !options.disabled?.includes(p.name) };
  Object.assign(plugins, options.config?.plugins);
  const config = resolveConfig({ logLevel: 'silent', ...options.config, plugins }, { rootDir: tmpdir(), env: {} });
  return createKernel({ config, plugins: options.plugins });
}

t.test('two plugins, one requiring the other', async (t) => {
  await eachDatabase(t, 'tables, routes and events', async (t, database) => {
    const k = await startTestKernel({ plugins: [kennel, vet], database });
    t.teardown(() => k.close());
    const owners = await k.sql<{ owner: string; n: number }>("select owner, count(*)::int as n from kernel_migration where owner <> 'kernel' group by owner order by owner");
    t.same(owners, [{ owner: 'kennel', n: 2 }, { owner: 'vet', n: 1 }], 'each plugin has its own migration history');

    const created = await k.app.inject({ method: 'POST', url: '/api/kennel/dogs', payload: { name: 'Firulais', breed: 'xolo' } });
    t.equal(created.statusCode, 201);
    await k.settle();
    const checkups = await k.app.inject({ method: 'GET', url: '/api/vet/checkups' });
    t.equal(checkups.statusCode, 200);
    t.same(checkups.json(), { items: [{ dogId: created.json().id, dogName: 'Firulais' }], dogsInKennel: 1 }, 'vet handled the kennel event and used its service');
  });
});

t.test('requirements are checked before anything starts, naming plugins and ranges', async (t) => {
  await t.rejects(startWith({ plugins: [kennel, vetManifest({ kennel: '^2.0.0' })] }), {
    name: 'PluginError',
    message: 'plugin vet@1.2.0 requires kennel@^2.0.0, but kennel@1.0.0 is installed',
  });
  await t.rejects(startWith({ plugins: [vet] }), { message: 'plugin vet@1.2.0 requires kennel@^1.0.0, which is not installed' });
  await t.rejects(startWith({ plugins: [kennel, vet], disabled: ['kennel'] }), {
    message: /plugin vet requires kennel@\^1\.0\.0, which is installed but not enabled/,
  });
  const kennelNeedsVet = { ...kennelManifest(), requires: { vet: '^1.0.0' } };
  await t.rejects(startWith({ plugins: [kennelNeedsVet, vet] }), {
    message: 'plugin requirement cycle: kennel → vet → kennel (kennel requires vet@^1.0.0, vet requires kennel@^1.0.0)',
  });
  await t.rejects(startWith({ plugins: [{ ...kennel, kernel: '^9.0.0' }] }), {
    message: /plugin kennel@1\.0\.0 supports kernel \^9\.0\.0, but this kernel is 0\.1\.0/,
  });
});

t.test('manifests are validated', async (t) => {
  await t.rejects(startWith({ plugins: [{ ...kennel, name: 'Kennel!' }] }), { message: /plugin "Kennel!": name must be lower-case/ });
  await t.rejects(startWith({ plugins: [{ ...kennel, version: 'one' }] }), { message: /version must be a semver version/ });
  await t.rejects(startWith({ plugins: [{ ...kennel, events: { emits: { 'dog.created': Type.Object({}) } } }] }), {
    message: /emitted event "dog.created" must be namespaced "kennel\.<thing>\.<happened>"/,
  });
  await t.rejects(startWith({ plugins: [kennel, kennelManifest('2.0.0')] }), { message: /two plugins are named "kennel"/ });
});

t.test('plugin entries in the config are checked against installed plugins and their settings schema', async (t) => {
  await t.rejects(startWith({ plugins: [kennel], config: { plugins: { kenel: {} } } }), {
    name: 'ConfigError',
    message: 'Invalid configuration: plugins.kenel: unknown plugin (did you mean "kennel"?); installed plugins: kennel',
  });
  await t.rejects(startWith({ plugins: [kennel], config: { plugins: { kennel: { settings: { maxDogs: 'many' } } } } }), {
    message: 'Invalid configuration: plugins.kennel.settings.maxDogs: expected an integer, found the string "many"',
  });
  await t.rejects(startWith({ plugins: [kennel], config: { plugins: { kennel: { setings: {} } } } }), {
    message: /plugins\.kennel\.setings: unknown key; expected one of: enabled, package, settings/,
  });
});

t.test('plugins get validated settings with defaults', async (t) => {
  await eachDatabase(t, 'settings reach the plugin', async (t, database) => {
    const k = await startTestKernel({ plugins: [kennel], database, config: { plugins: { kennel: { settings: { maxDogs: 1 } } } } });
    t.teardown(() => k.close());
    t.equal((await k.app.inject({ method: 'POST', url: '/api/kennel/dogs', payload: { name: 'Uno' } })).statusCode, 201);
    const full = await k.app.inject({ method: 'POST', url: '/api/kennel/dogs', payload: { name: 'Dos' } });
    t.equal(full.statusCode, 409);
    t.same(full.json(), { error: { code: 'KENNEL_FULL', message: 'The kennel is full', details: null } });
  });
});

t.test('disabling a plugin removes its routes and keeps its rows; enabling brings both back', async (t) => {
  await eachDatabase(t, 'live disable and enable', async (t, database) => {
    const k = await startTestKernel({ plugins: [kennel, vet], database });
    t.teardown(() => k.close());
    await k.app.inject({ method: 'POST', url: '/api/kennel/dogs', payload: { name: 'Solovino' } });
    await k.settle();

    await t.rejects(k.kernel.plugins.disable('kennel'), { message: 'cannot disable kennel: vet requires it; disable it first' });
    await k.kernel.plugins.disable('vet');
    const gone = await k.app.inject({ method: 'GET', url: '/api/vet/checkups' });
    t.equal(gone.statusCode, 404);
    t.equal(gone.json().error.code, 'NOT_FOUND');
    const docs = (await k.app.inject({ method: 'GET', url: '/docs/json' })).json();
    t.notOk(docs.paths['/api/vet/checkups'], 'disabled plugin leaves the OpenAPI document');
    t.ok(docs.paths['/api/kennel/dogs'], 'enabled plugin stays in it');
    t.same(await k.sql('select dog_name from vet_checkup'), [{ dog_name: 'Solovino' }], 'its rows are kept');

    await k.app.inject({ method: 'POST', url: '/api/kennel/dogs', payload: { name: 'Canelo' } });
    await k.settle();
    t.equal((await k.sql('select * from vet_checkup')).length, 1, 'a disabled plugin does not handle events');

    await k.kernel.plugins.enable('vet');
    const back = await k.app.inject({ method: 'GET', url: '/api/vet/checkups' });
    t.equal(back.statusCode, 200);
    t.same(back.json().items.map((i: { dogName: string }) => i.dogName), ['Solovino']);
    const [row] = await k.sql<{ enabled: boolean }>("select enabled from kernel_plugin where name = 'vet'");
    t.equal(row!.enabled, true, 'the kernel remembers the state');
  });
});

t.test('a plugin disabled at start has no routes, and enabling it later runs its migrations', async (t) => {
  await eachDatabase(t, 'enable later', async (t, database) => {
    const k = await startTestKernel({ plugins: [kennel, vet], disabled: ['vet'], database });
    t.teardown(() => k.close());
    t.equal((await k.app.inject({ method: 'GET', url: '/api/vet/checkups' })).statusCode, 404);
    t.same(await k.sql("select count(*)::int as n from kernel_migration where owner = 'vet'"), [{ n: 0 }], 'no tables for a plugin that never ran');
    await k.kernel.plugins.enable('vet');
    t.same(await k.sql("select count(*)::int as n from kernel_migration where owner = 'vet'"), [{ n: 1 }]);
    t.equal((await k.app.inject({ method: 'GET', url: '/api/vet/checkups' })).statusCode, 200);
    await t.rejects(k.kernel.plugins.enable('nope'), { message: 'no plugin named nope is installed' });
  });
});

t.test('lifecycle hooks run once per transition', async (t) => {
  await eachDatabase(t, 'install, enable, upgrade, disable', async (t, database) => {
    const calls: string[] = [];
    const withHooks = (version: string) => ({
      ...kennelManifest(version),
      lifecycle: {
        install: () => void calls.push(`install ${version}`),
        enable: () => void calls.push('enable'),
        disable: () => void calls.push('disable'),
        upgrade: (_ctx: unknown, v: { from: string; to: string }) => void calls.push(`upgrade ${v.from}->${v.to}`),
      },
    });
    const db = await createTestDatabase(database);
    t.teardown(() => db.drop());
    const boot = async (version: string, disabled: string[] = []) => {
      const k = await startTestKernel({ plugins: [withHooks(version)], disabled, database: db });
      return k;
    };
    const k = await boot('1.0.0');
    t.same(calls, ['install 1.0.0', 'enable']);
    await k.kernel.plugins.disable('kennel');
    await k.kernel.plugins.enable('kennel');
    t.same(calls, ['install 1.0.0', 'enable', 'disable', 'enable'], 'no second install');
    await k.close();
    calls.length = 0;
    await (await boot('1.0.0')).close();
    t.same(calls, [], 'a plain restart runs no hooks');
    await (await boot('1.1.0')).close();
    t.same(calls, ['upgrade 1.0.0->1.1.0'], 'a new version runs upgrade');
    await (await boot('1.1.0', ['kennel'])).close();
    t.same(calls, ['upgrade 1.0.0->1.1.0', 'disable'], 'switched off in the config between starts');
  });
});

t.test('plugins reach each other only through declared requirements and declared events', async (t) => {
  const k = await startTestKernel({ plugins: [kennel, vet] });
  t.teardown(() => k.close());
  const kennelCtx = k.kernel.plugins.get('kennel')!.ctx;
  await t.rejects(kennelCtx.plugins.service('vet'), { message: /kennel asked for the service of vet, but only plugins it requires are reachable/ });
  await t.rejects(kennelCtx.events.emit('kennel.dog.adopted', {}), { message: /emitted "kennel.dog.adopted", which it does not declare/ });
  await t.rejects(kennelCtx.events.emit('kennel.dog.created', { id: 1 }), { message: /invalid payload/ });
  t.equal(kennelCtx.namespace.tablePrefix, 'kennel_');
  t.equal(kennelCtx.namespace.cachePrefix, 'petamigos:kennel:');
  t.equal(kennelCtx.namespace.queuePrefix, 'kennel.');
  t.equal(kennelCtx.namespace.storagePrefix, 'kennel/');
});

t.test('a failing event handler is retried, logged and never breaks the emitter', async (t) => {
  let attempts = 0;
  const flaky = definePlugin({
    name: 'flaky',
    version: '1.0.0',
    kernel: '^0.1.0',
    requires: { kennel: '^1.0.0' },
    events: {
      handles: {
        'kennel.dog.created': {
          retries: 2,
          backoffMs: 1,
          handler: () => {
            attempts++;
            throw new Error('vet is out');
          },
        },
      },
    },
  });
  const k = await startTestKernel({ plugins: [kennel, flaky] });
  t.teardown(() => k.close());
  const res = await k.app.inject({ method: 'POST', url: '/api/kennel/dogs', payload: { name: 'Lobo' } });
  t.equal(res.statusCode, 201, 'the request succeeded');
  await k.settle();
  t.equal(attempts, 3, 'first attempt plus two retries');
});
