import t from 'tap';
import { createTestDatabase, eachDatabase, startTestKernel } from '@petamigos/core/testing';
import { boot, caller, notes } from './fixtures/admin-notes/plugin.js';

t.test('plugins: health, migrations, settings that take effect at once, secrets, the config file wins, live on and off', async (t) => {
  await eachDatabase(t, 'admin plugins', async (t, database) => {
    const k = await boot(t, database, ['pinboard']);
    const call = caller(k);
    const admin = await k.createUser({ role: 'admin', language: 'en' });
    const administradora = await k.createUser({ role: 'admin', language: 'es' });
    const moderator = await k.createUser({ role: 'moderator' });

    const list = (await call('GET', '/api/admin/plugins', admin)).json().items;
    t.same(list.map((p: { name: string }) => p.name), ['notes', 'pinboard']);
    const [notesView, pinboardView] = list;
    t.match(notesView, { name: 'notes', version: '1.2.0', description: 'Short notes', enabled: true, available: true, health: 'ok', pendingMigrations: 0, requiredBy: [] });
    t.match(pinboardView, { name: 'pinboard', enabled: false, health: 'disabled', requires: { notes: '^1.0.0' }, settings: null });
    t.same(notesView.settings.values, { greeting: 'hola', maxNotes: 10, fromFile: 7 }, 'current values, the secret left out');
    t.same(notesView.settings.fields.apiKey, { source: 'default', locked: false, secret: true, set: false });
    t.same(notesView.settings.fields.fromFile, { source: 'config', locked: true, secret: false, set: true });
    t.equal(notesView.settings.schema.properties.greeting.minLength, 2, 'the schema, to build a form from');
    t.equal(notesView.settings.schema.properties.apiKey.writeOnly, true);

    t.same((await call('GET', '/api/notes/greeting', null)).json(), { greeting: 'hola', maxNotes: 10, hasKey: false });
    const saved = await call('PUT', '/api/admin/plugins/notes/settings', admin, { greeting: 'buenas', apiKey: 's3cr3t-key' });
    t.equal(saved.statusCode, 200);
    t.notMatch(saved.body, /s3cr3t/, 'a secret is never sent back');
    t.same(saved.json().fields.apiKey, { source: 'admin', locked: false, secret: true, set: true });
    t.same((await call('GET', '/api/notes/greeting', null)).json(), { greeting: 'buenas', maxNotes: 10, hasKey: true }, 'the next request of the plugin sees the new settings');
    t.notMatch((await call('GET', '/api/admin/plugins', admin)).body, /s3cr3t/);

    await call('PUT', '/api/admin/plugins/notes/settings', admin, { maxNotes: 20 });
    t.same((await call('GET', '/api/notes/greeting', null)).json(), { greeting: 'buenas', maxNotes: 20, hasKey: true }, 'keys left out (the secret too) stay');

    const invalid = await call('PUT', '/api/admin/plugins/notes/settings', admin, { greeting: 'x' });
    t.equal(invalid.statusCode, 400);
    t.match(invalid.json().error, { code: 'VALIDATION_FAILED', message: 'body.greeting: A greeting needs at least two letters.', details: [{ in: 'body', field: 'greeting', message: 'A greeting needs at least two letters.' }] }, "the schema's own message, naming the field");
    const enEspanol = (await call('PUT', '/api/admin/plugins/notes/settings', administradora, { greeting: 'x' })).json().error;
    t.match(enEspanol, { code: 'VALIDATION_FAILED', message: /greeting/, details: [{ field: 'greeting', message: 'A greeting needs at least two letters.' }] }, 'in other languages the message is translated; details keep the schema\'s words');
    const tooMany = (await call('PUT', '/api/admin/plugins/notes/settings', admin, { maxNotes: 500 })).json().error;
    t.match(tooMany, { code: 'VALIDATION_FAILED', details: [{ field: 'maxNotes', keyword: 'maximum' }] });
    t.match(tooMany.message, /^body\.maxNotes: must be <= 100$/);
    t.match((await call('PUT', '/api/admin/plugins/notes/settings', admin, { colour: 'red' })).json().error, { code: 'VALIDATION_FAILED', details: [{ field: 'colour' }] });
    t.equal((await call('PUT', '/api/admin/plugins/notes/settings', admin, { maxNotes: '5' })).statusCode, 400, 'no coercion: a string is not a number');
    t.same((await call('GET', '/api/notes/greeting', null)).json().maxNotes, 20, 'refused edits change nothing');
    const locked = await call('PUT', '/api/admin/plugins/notes/settings', admin, { fromFile: 8 });
    t.match(locked.json().error, { code: 'SETTING_LOCKED', details: { field: 'fromFile' } });
    t.equal((await call('PUT', '/api/admin/plugins/notes/settings', admin, { fromFile: 7, maxNotes: 21 })).statusCode, 200, "sending the config file's own value back is fine");
    t.equal((await call('PUT', '/api/admin/plugins/nope/settings', admin, {})).json().error.code, 'PLUGIN_NOT_FOUND');

    const reset = await call('PUT', '/api/admin/plugins/notes/settings', admin, { greeting: null });
    t.same(reset.json().fields.greeting, { source: 'default', locked: false, secret: false, set: true });
    t.equal((await call('GET', '/api/notes/greeting', null)).json().greeting, 'hola', 'null goes back to the default');

    const settingsAudit = (await call('GET', '/api/admin/audit?action=admin.plugin.settings_changed&limit=100', admin)).json().items;
    t.equal(settingsAudit.length, 4);
    t.match(settingsAudit[settingsAudit.length - 1], { actorId: admin.user.id, targetType: 'plugin', targetId: 'notes', details: { changed: [{ key: 'greeting', from: null, to: 'buenas' }, { key: 'apiKey', secret: true }] } });
    t.notMatch(JSON.stringify(settingsAudit), /s3cr3t/, 'secrets stay out of the audit log');

    // Stored edits survive a restart of the same installation, under the config file.
    t.equal((await call('GET', '/api/admin/plugins/notes', moderator)).statusCode, 403);

    // Health follows the plugin's ready check.
    await call('PUT', '/api/admin/plugins/notes/settings', admin, { greeting: 'broken' });
    t.equal((await call('GET', '/api/admin/plugins/notes', admin)).json().health, 'failing');

    // On and off, live, refused when requirements forbid it.
    const on = await call('PUT', '/api/admin/plugins/pinboard/enabled', admin, { enabled: true });
    t.match(on.json(), { name: 'pinboard', enabled: true, health: 'ok' });
    const refused = await call('PUT', '/api/admin/plugins/notes/enabled', admin, { enabled: false });
    t.equal(refused.statusCode, 409);
    t.match(refused.json().error, { code: 'PLUGIN_REQUIREMENTS', message: /pinboard requires it/, details: { plugins: ['notes', 'pinboard'], reason: /pinboard requires it/ } });
    t.same((await call('GET', '/api/admin/plugins/notes', admin)).json().requiredBy, ['pinboard']);
    t.equal((await call('PUT', '/api/admin/plugins/pinboard/enabled', admin, { enabled: false })).statusCode, 200);
    t.match((await call('PUT', '/api/admin/plugins/notes/enabled', admin, { enabled: false })).json(), { enabled: false, health: 'disabled' });
    t.equal((await call('GET', '/api/notes/greeting', null)).statusCode, 404, 'its routes are gone at once');
    t.equal((await call('PUT', '/api/admin/plugins/pinboard/enabled', admin, { enabled: true })).json().error.code, 'PLUGIN_REQUIREMENTS');
    t.equal((await call('PUT', '/api/admin/plugins/notes/enabled', admin, { enabled: true })).statusCode, 200);
    t.equal((await call('GET', '/api/notes/greeting', null)).statusCode, 200);
    t.equal((await call('PUT', '/api/admin/plugins/nope/enabled', admin, { enabled: true })).json().error.code, 'PLUGIN_NOT_FOUND');
    t.equal((await call('PUT', '/api/admin/plugins/notes/enabled', admin, { enabled: 'yes' })).statusCode, 400);
    const switches = (await call('GET', '/api/admin/audit?targetType=plugin&action=admin.plugin.', admin)).json().items.filter((e: { action: string }) => e.action !== 'admin.plugin.settings_changed');
    t.same(switches.map((e: { action: string; targetId: string }) => `${e.action} ${e.targetId}`), [
      'admin.plugin.enabled notes', 'admin.plugin.disabled notes', 'admin.plugin.disabled pinboard', 'admin.plugin.enabled pinboard',
    ]);
  });
});

t.test('admin settings are kept across restarts, and the config file wins over them', async (t) => {
  const database = await createTestDatabase('pglite');
  t.teardown(() => database.drop());
  const start = async (fileSettings: Record<string, unknown>) => {
    const k = await startTestKernel({ database, plugins: [notes], config: { plugins: { notes: { settings: fileSettings } } } });
    return k;
  };
  const first = await start({});
  const admin = await first.createUser({ role: 'admin', username: 'reinicio' });
  await caller(first)('PUT', '/api/admin/plugins/notes/settings', admin, { greeting: 'saludos', maxNotes: 3 });
  await first.close();
  const second = await start({ maxNotes: 5 });
  t.teardown(() => second.close());
  t.same((await caller(second)('GET', '/api/notes/greeting', null)).json(), { greeting: 'saludos', maxNotes: 5, hasKey: false }, 'the edit survives; the config file now sets maxNotes and wins');
});
