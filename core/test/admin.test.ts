import t from 'tap';
import { definePlugin, HttpError, Type } from '@petamigos/core';
import { createTestDatabase, eachDatabase, startTestKernel, type TestDatabaseKind, type TestKernel, type TestUser } from '@petamigos/core/testing';
import { TwoFactor } from '../src/accounts/two-factor.js';

/** A plugin with everything the admin area works with: settings (one secret), reports, figures, a failing route. */
const notes = definePlugin({
  name: 'notes',
  version: '1.2.0',
  kernel: '^0.1.0',
  description: 'Short notes',
  settings: Type.Object({
    greeting: Type.String({ minLength: 2, default: 'hola', errorMessage: 'A greeting needs at least two letters.' }),
    maxNotes: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
    apiKey: Type.String({ writeOnly: true, default: '' }),
    fromFile: Type.Integer({ default: 1 }),
  }, { additionalProperties: false }),
  migrations: new URL('./fixtures/admin-notes/', import.meta.url),
  ready: async (ctx) => ctx.settings.greeting !== 'broken',
  moderation: {
    items: {
      note: {
        async describe(ctx, id) {
          const [note] = await ctx.db.query<{ author_id: string; body: string; removed: boolean }>('select author_id, body, removed from notes_note where id = ?', [id]);
          return note ? { title: 'A note', text: note.body, url: `/notes/${id}`, authorId: note.author_id, removed: note.removed } : null;
        },
        async remove(ctx, id) {
          await ctx.db.query('update notes_note set removed = true where id = ?', [id]);
        },
      },
    },
  },
  admin: { stats: async (ctx) => [{ id: 'notes.total', label: 'Notes', value: (await ctx.db.query('select 1 from notes_note')).length }] },
  routes(app, ctx) {
    app.get('/greeting', async () => ({ greeting: ctx.settings.greeting, maxNotes: ctx.settings.maxNotes, hasKey: ctx.settings.apiKey !== '' }));
    app.post('/notes', { preHandler: ctx.auth.requireUser, schema: { body: Type.Object({ body: Type.String() }) } }, async (request, reply) => {
      const [note] = await ctx.db.query<{ id: string }>('insert into notes_note (id, author_id, body) values (gen_random_uuid(), ?, ?) returning id', [request.user!.id, request.body.body]);
      return reply.status(201).send(note);
    });
    app.post('/notes/:id/reports', { preHandler: ctx.auth.requireUser, schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }) }), body: Type.Object({ reason: Type.String() }) } }, async (request, reply) => {
      const report = await ctx.moderation.report({ itemType: 'note', itemId: request.params.id, reporterId: request.user!.id, reason: request.body.reason });
      return reply.status(report.created ? 201 : 200).send(report);
    });
    app.get('/boom', async () => {
      throw new Error('the notes database is on fire');
    });
    app.get('/teapot', async () => {
      throw new HttpError(503, 'UNAVAILABLE', 'Not now.');
    });
  },
});

/** Needs notes: notes cannot be switched off while it is on. */
const pinboard = definePlugin({ name: 'pinboard', version: '0.1.0', kernel: '^0.1.0', requires: { notes: '^1.0.0' } });

async function boot(t: { teardown(fn: () => unknown): void }, database: TestDatabaseKind, disabled: string[] = []): Promise<TestKernel> {
  const k = await startTestKernel({
    database,
    plugins: [notes, pinboard],
    disabled,
    config: { plugins: { notes: { settings: { fromFile: 7 } } }, security: { rateLimit: { max: 100_000, timeWindow: 60_000 } } },
  });
  t.teardown(() => k.close());
  return k;
}

function caller(k: TestKernel) {
  return async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, as: TestUser | null, payload?: unknown) =>
    k.app.inject({ method, url, headers: as ? as.headers : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
}

const NIL = '00000000-0000-4000-8000-000000000000';

t.test('every admin route: 401 for anonymous, 403 for a plain user, and documented', async (t) => {
  await eachDatabase(t, 'admin guards', async (t, database) => {
    const k = await boot(t, database);
    const call = caller(k);
    const user = await k.createUser();
    const doc = (await k.app.inject('/docs/json')).json() as { paths: Record<string, Record<string, { tags?: string[]; responses: Record<string, unknown> }>> };
    // Bodies that pass validation, so what is tested is the guard and nothing else.
    const bodies: Record<string, unknown> = {
      'PUT /api/admin/users/{id}/role': { role: 'moderator' },
      'POST /api/admin/users/{id}/suspend': { reason: 'spam spam' },
      'POST /api/admin/reports/{id}/resolve': { action: 'dismiss', reason: 'fine' },
      'PUT /api/admin/plugins/{name}/settings': { maxNotes: 3 },
      'PUT /api/admin/plugins/{name}/enabled': { enabled: false },
    };
    const routes = Object.entries(doc.paths).filter(([path]) => path.startsWith('/api/admin')).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));
    for (const expected of ['GET /api/admin/users', 'GET /api/admin/users/{id}', 'POST /api/admin/users/{id}/sign-out', 'POST /api/admin/users/{id}/two-factor/reset', 'GET /api/admin/users/{id}/audit',
      'GET /api/admin/reports', 'GET /api/admin/reports/{id}', 'POST /api/admin/reports/{id}/resolve', 'GET /api/admin/plugins', 'GET /api/admin/plugins/{name}',
      'PUT /api/admin/plugins/{name}/settings', 'PUT /api/admin/plugins/{name}/enabled', 'GET /api/admin/overview', 'GET /api/admin/audit']) {
      t.ok(routes.some((r) => `${r.method} ${r.path}` === expected), `${expected} is in the OpenAPI document`);
    }
    for (const { method, path } of routes) {
      const op = doc.paths[path]![method.toLowerCase()]!;
      t.same(op.tags, ['admin'], `${method} ${path} is tagged admin`);
      const url = path.replace('{id}', NIL).replace('{name}', 'notes').replace('{role}', 'moderator').replace('{permission}', 'notes.x.y').replace('{id}', NIL);
      const body = bodies[`${method} ${path}`];
      const anonymous = await call(method as 'GET', url, null, body);
      t.equal(anonymous.statusCode, 401, `${method} ${path}: anonymous`);
      const plain = await call(method as 'GET', url, user, body);
      t.equal(plain.statusCode, 403, `${method} ${path}: a plain user`);
      t.equal(plain.json().error.code, 'FORBIDDEN');
    }
    t.ok(routes.length >= 20, `${routes.length} admin routes checked`);
  });
});

t.test('users: search, detail, sign-out everywhere, 2FA reset, audit trail', async (t) => {
  await eachDatabase(t, 'admin users', async (t, database) => {
    const k = await boot(t, database);
    const call = caller(k);
    const admin = await k.createUser({ username: 'admin_ana', role: 'admin' });
    const moderator = await k.createUser({ username: 'moderador', role: 'moderator' });
    const lola = await k.createUser({ username: 'lola', email: 'lola@perritos.mx', displayName: 'Lola Bonita' });
    const tito = await k.createUser({ username: 'tito', displayName: 'Tito Gato' });

    const names = async (query: string, as: TestUser = admin) => (await call('GET', `/api/admin/users${query}`, as)).json().items.map((u: { username: string }) => u.username);
    t.same(await names(''), ['tito', 'lola', 'moderador', 'admin_ana'], 'newest first');
    t.same(await names('?q=LOLA'), ['lola'], 'username, any case');
    t.same(await names('?q=perritos'), ['lola'], 'email');
    t.same(await names('?q=gato'), ['tito'], 'display name');
    t.same(await names('?q=%25'), [], 'a % is a character, not a wildcard');
    t.same(await names('?role=moderator'), ['moderador']);
    t.same(await names('?q=o&status=active', moderator), ['tito', 'lola', 'moderador'], 'moderators may look accounts up');
    const page1 = (await call('GET', '/api/admin/users?limit=3', admin)).json();
    t.equal(page1.items.length, 3);
    const page2 = (await call('GET', `/api/admin/users?limit=3&cursor=${page1.nextCursor}`, admin)).json();
    t.same(page2.items.map((u: { username: string }) => u.username), ['admin_ana']);
    t.equal(page2.nextCursor, null);
    t.equal((await call('GET', '/api/admin/users?cursor=nope', admin)).json().error.code, 'INVALID_CURSOR');
    t.equal((await call('GET', '/api/admin/users?status=gone', admin)).statusCode, 400, 'status is validated');
    t.equal((await call('GET', '/api/admin/users?sort=name', admin)).statusCode, 400, 'unknown parameters are refused');

    // Lola turns 2FA on and has two sessions.
    const setup = await call('POST', '/api/auth/2fa/setup', lola, {});
    await call('POST', '/api/auth/2fa/confirm', lola, { code: TwoFactor.codeFor(setup.json().secret) });
    const secondLogin = await call('POST', '/api/auth/login', null, { login: 'lola', password: lola.password, code: TwoFactor.codeFor(setup.json().secret, Date.now() + 30_000) });
    t.equal(secondLogin.statusCode, 200);
    const detail = (await call('GET', `/api/admin/users/${lola.user.id}`, admin)).json();
    t.match(detail, { username: 'lola', email: 'lola@perritos.mx', role: 'user', status: 'active', suspension: null, twoFactorEnabled: true, emailVerified: false, activeSessions: 2, lockedUntil: null });
    t.ok(Date.parse(detail.createdAt) && Date.parse(detail.lastActiveAt));
    t.equal((await call('GET', `/api/admin/users/${NIL}`, admin)).json().error.code, 'USER_NOT_FOUND');
    t.equal((await call('GET', '/api/admin/users/not-a-uuid', admin)).statusCode, 400);

    // Suspension shows with its reason.
    await call('POST', `/api/admin/users/${tito.user.id}/suspend`, admin, { reason: 'spam de croquetas' });
    t.match((await call('GET', `/api/admin/users/${tito.user.id}`, admin)).json(), { status: 'suspended', suspension: { reason: 'spam de croquetas' } });
    t.same(await names('?status=suspended'), ['tito']);

    // Sign-out everywhere: every access token and refresh token of hers stops working.
    t.equal((await call('POST', `/api/admin/users/${lola.user.id}/sign-out`, moderator)).statusCode, 403, 'moderators cannot sign people out');
    const signOut = await call('POST', `/api/admin/users/${lola.user.id}/sign-out`, admin);
    t.same(signOut.json(), { revokedSessions: 2 });
    t.equal((await call('GET', '/api/users/me', lola)).json().error.code, 'SESSION_REVOKED');
    t.equal((await call('POST', '/api/auth/refresh', null, { refreshToken: lola.tokens.refreshToken })).statusCode, 401, 'the refresh token is dead too');
    t.equal((await call('GET', `/api/admin/users/${lola.user.id}`, admin)).json().activeSessions, 0);

    // 2FA reset: she logs in with the password alone.
    t.equal((await call('POST', '/api/auth/login', null, { login: 'lola', password: lola.password })).json().error.code, 'TWO_FACTOR_REQUIRED');
    t.equal((await call('POST', `/api/admin/users/${lola.user.id}/two-factor/reset`, admin)).statusCode, 204);
    t.equal((await call('POST', '/api/auth/login', null, { login: 'lola', password: lola.password })).statusCode, 200);
    t.equal((await call('POST', `/api/admin/users/${lola.user.id}/two-factor/reset`, admin)).json().error.code, 'TWO_FACTOR_NOT_ENABLED');
    t.equal((await call('POST', `/api/admin/users/${NIL}/sign-out`, admin)).json().error.code, 'USER_NOT_FOUND');

    // Her trail: what she did and what was done to her, newest first, with who and when.
    const trail = (await call('GET', `/api/admin/users/${lola.user.id}/audit`, admin)).json();
    const actions = trail.items.map((e: { action: string }) => e.action);
    t.same(actions.slice(0, 3), ['auth.login', 'admin.user.two_factor_reset', 'admin.user.signed_out']);
    t.ok(actions.includes('auth.2fa.enabled') && actions.includes('auth.register'));
    t.match(trail.items[1], { actorId: admin.user.id, targetId: lola.user.id, targetType: 'user' });
    t.match(trail.items[2], { actorId: admin.user.id, details: { revokedSessions: 2 } });
    const admins = (await call('GET', `/api/admin/users/${lola.user.id}/audit?action=admin.&limit=1`, admin)).json();
    t.same(admins.items.map((e: { action: string }) => e.action), ['admin.user.two_factor_reset']);
    t.same((await call('GET', `/api/admin/users/${lola.user.id}/audit?action=admin.&cursor=${admins.nextCursor}`, admin)).json().items.map((e: { action: string }) => e.action), ['admin.user.signed_out']);
    t.equal((await call('GET', `/api/admin/users/${lola.user.id}/audit`, moderator)).statusCode, 403, 'only admins read audit trails');
  });
});

t.test('the audit log filters by actor, target, action and time', async (t) => {
  await eachDatabase(t, 'audit filters', async (t, database) => {
    const k = await boot(t, database);
    const call = caller(k);
    const admin = await k.createUser({ role: 'admin' });
    const other = await k.createUser({ role: 'admin' });
    const pepa = await k.createUser({ username: 'pepa' });
    await call('PUT', `/api/admin/users/${pepa.user.id}/role`, admin, { role: 'moderator' });
    const between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await call('POST', `/api/admin/users/${pepa.user.id}/suspend`, other, { reason: 'spam spam' });
    const actions = async (query: string) => (await call('GET', `/api/admin/audit?${query}`, admin)).json().items.map((e: { action: string }) => e.action);
    t.same(await actions(`actorId=${other.user.id}`), ['admin.user.suspended', 'auth.register'], 'by actor');
    t.same(await actions(`targetId=${pepa.user.id}&action=admin.`), ['admin.user.suspended', 'admin.user.role_changed'], 'by target user');
    t.same(await actions(`userId=${pepa.user.id}&action=auth.`), ['auth.register'], 'by user, actor or target');
    t.same(await actions(`action=admin.&to=${encodeURIComponent(between)}`), ['admin.user.role_changed'], 'before a time');
    t.same(await actions(`action=admin.&from=${encodeURIComponent(between)}`), ['admin.user.suspended'], 'after a time');
    t.same(await actions('targetType=user&action=admin.user.suspended'), ['admin.user.suspended']);
    t.equal((await call('GET', '/api/admin/audit?from=yesterday', admin)).statusCode, 400, 'times are validated');
  });
});

async function postNote(call: ReturnType<typeof caller>, as: TestUser, body: string): Promise<string> {
  const res = await call('POST', '/api/notes/notes', as, { body });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json().id;
}

t.test('moderation: one queue, one case per item, resolutions audited and told to reporters', async (t) => {
  await eachDatabase(t, 'moderation', async (t, database) => {
    const k = await boot(t, database);
    const call = caller(k);
    const admin = await k.createUser({ role: 'admin', username: 'jefa' });
    const moderator = await k.createUser({ role: 'moderator', username: 'mod' });
    const author = await k.createUser({ username: 'autor', language: 'en' });
    const ana = await k.createUser({ username: 'ana', language: 'es' });
    const beto = await k.createUser({ username: 'beto', language: 'en' });

    const spam = await postNote(call, author, 'compra croquetas baratas');
    const first = await call('POST', `/api/notes/notes/${spam}/reports`, ana, { reason: 'spam' });
    t.equal(first.statusCode, 201);
    const again = await call('POST', `/api/notes/notes/${spam}/reports`, ana, { reason: 'spam otra vez' });
    t.same(again.json(), { id: first.json().id, created: false }, 'one report per reporter and item');
    await call('POST', `/api/notes/notes/${spam}/reports`, beto, { reason: 'scam' });
    const other = await postNote(call, author, 'hola');
    await call('POST', `/api/notes/notes/${other}/reports`, beto, { reason: 'rude' });

    const queue = (await call('GET', '/api/admin/reports', moderator)).json();
    t.equal(queue.items.length, 2, 'one case per item');
    const [spamCase] = queue.items;
    t.match(spamCase, {
      plugin: 'notes', itemType: 'note', itemId: spam, status: 'open', reporterCount: 2,
      item: { title: 'A note', text: 'compra croquetas baratas', url: `/notes/${spam}`, authorId: author.user.id, removed: false },
      author: { username: 'autor', status: 'active' },
      reports: [{ reporter: { username: 'ana' }, reason: 'spam' }, { reporter: { username: 'beto' }, reason: 'scam' }],
      resolution: null,
    });
    t.same((await call('GET', '/api/admin/reports?plugin=elsewhere', moderator)).json().items, []);
    const firstPage = (await call('GET', '/api/admin/reports?limit=1', moderator)).json();
    t.equal(firstPage.items[0].id, spamCase.id, 'oldest first');
    t.equal((await call('GET', `/api/admin/reports?limit=1&cursor=${firstPage.nextCursor}`, moderator)).json().items[0].itemId, other);
    t.equal((await call('GET', `/api/admin/reports/${first.json().id}`, moderator)).json().id, spamCase.id, 'a report id finds its case');

    t.equal((await call('POST', `/api/admin/reports/${spamCase.id}/resolve`, moderator, { action: 'ban', reason: 'nope' })).statusCode, 400, 'unknown action');
    t.equal((await call('POST', `/api/admin/reports/${spamCase.id}/resolve`, moderator, { action: 'remove' })).statusCode, 400, 'a reason is required');
    t.equal((await call('POST', `/api/admin/reports/${NIL}/resolve`, moderator, { action: 'dismiss', reason: 'nothing' })).json().error.code, 'REPORT_NOT_FOUND');

    const removed = await call('POST', `/api/admin/reports/${spamCase.id}/resolve`, moderator, { action: 'remove', reason: 'Spam comercial' });
    t.equal(removed.statusCode, 200);
    t.match(removed.json(), { status: 'resolved', item: { removed: true }, resolution: { action: 'remove', reason: 'Spam comercial', moderator: { username: 'mod' } } });
    t.same(await k.sql('select removed from notes_note where id = ?', [spam]), [{ removed: true }], "the plugin's remove ran");
    t.equal((await call('POST', `/api/admin/reports/${spamCase.id}/resolve`, admin, { action: 'dismiss', reason: 'again' })).json().error.code, 'REPORT_ALREADY_RESOLVED');
    t.same((await call('GET', '/api/admin/reports', moderator)).json().items.map((c: { itemId: string }) => c.itemId), [other]);
    t.same((await call('GET', '/api/admin/reports?status=resolved', moderator)).json().items.map((c: { id: string }) => c.id), [spamCase.id]);

    await k.settle();
    const anaNotes = (await call('GET', '/api/notifications', ana)).json().items;
    t.match(anaNotes, [{ type: 'kernel.moderation.report_resolved', target: { type: 'report', id: spamCase.id }, data: { action: 'remove' }, text: /eliminamos el contenido/ }], 'the reporter hears the outcome, in her language');
    t.match((await call('GET', '/api/notifications', beto)).json().items, [{ type: 'kernel.moderation.report_resolved', text: 'Thank you for your report: we removed the content you reported.' }]);
    t.same((await call('GET', '/api/notifications', author)).json().items, [], 'removal alone sends the author nothing');

    const audit = (await call('GET', '/api/admin/audit?action=admin.report.resolved', admin)).json().items;
    t.match(audit, [{ actorId: moderator.user.id, targetType: 'report', targetId: spamCase.id, details: { plugin: 'notes', itemId: spam, action: 'remove', reason: 'Spam comercial', authorId: author.user.id, reporters: 2 } }]);
    t.ok(audit[0].at);

    // Warn: the author is told, with the moderator's reason; the reporter is told the outcome.
    const otherCase = (await call('GET', '/api/admin/reports', moderator)).json().items[0];
    t.equal((await call('POST', `/api/admin/reports/${otherCase.id}/resolve`, moderator, { action: 'warn', reason: 'Sé amable' })).statusCode, 200);
    await k.settle();
    t.match((await call('GET', '/api/notifications', author)).json().items, [{ type: 'kernel.moderation.warning', text: 'A moderator warned you about something you posted: Sé amable' }]);
    t.match((await call('GET', '/api/notifications', beto)).json().items[0], { data: { action: 'warn' }, text: /we warned the person/ });

    // Suspend: moderators may suspend plain users through a report, not staff.
    const staffNote = await postNote(call, admin, 'nota de la jefa');
    await call('POST', `/api/notes/notes/${staffNote}/reports`, beto, { reason: 'abuse' });
    const staffCase = (await call('GET', '/api/admin/reports', moderator)).json().items[0];
    t.equal((await call('POST', `/api/admin/reports/${staffCase.id}/resolve`, moderator, { action: 'suspend', reason: 'abuso' })).statusCode, 403);
    t.equal((await call('GET', `/api/admin/reports/${staffCase.id}`, moderator)).json().status, 'open', 'a refused action leaves the case open');
    await call('POST', `/api/admin/reports/${staffCase.id}/resolve`, moderator, { action: 'dismiss', reason: 'no pasa nada' });
    await k.settle();
    t.match((await call('GET', '/api/notifications', beto)).json().items[0], { data: { action: 'dismiss' }, text: /does not break the rules/ });

    const third = await postNote(call, author, 'otra vez spam');
    await call('POST', `/api/notes/notes/${third}/reports`, ana, { reason: 'spam' });
    const thirdCase = (await call('GET', '/api/admin/reports', moderator)).json().items[0];
    const suspended = await call('POST', `/api/admin/reports/${thirdCase.id}/resolve`, moderator, { action: 'suspend', reason: 'Spam repetido' });
    t.match(suspended.json(), { author: { status: 'suspended' }, item: { removed: true }, resolution: { action: 'suspend' } });
    t.equal((await call('POST', '/api/auth/login', null, { login: 'autor', password: author.password })).json().error.code, 'ACCOUNT_SUSPENDED', 'the author cannot log in');
    t.same((await call('GET', `/api/admin/audit?targetId=${author.user.id}&action=admin.user.suspended`, admin)).json().items.map((e: { actorId: string }) => e.actorId), [moderator.user.id]);

    // An item that is gone can only be dismissed.
    const gone = await postNote(call, beto, 'me borro');
    await call('POST', `/api/notes/notes/${gone}/reports`, ana, { reason: 'meh' });
    await k.sql('delete from notes_note where id = ?', [gone]);
    const goneCase = (await call('GET', '/api/admin/reports', moderator)).json().items[0];
    t.equal(goneCase.item, null);
    t.equal((await call('POST', `/api/admin/reports/${goneCase.id}/resolve`, moderator, { action: 'warn', reason: 'tarde' })).json().error.code, 'REPORT_ITEM_UNAVAILABLE');
    t.equal((await call('POST', `/api/admin/reports/${goneCase.id}/resolve`, moderator, { action: 'dismiss', reason: 'ya no existe' })).statusCode, 200);
  });
});

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

t.test('overview: users, activity, jobs, storage, server errors and plugin figures', async (t) => {
  await eachDatabase(t, 'admin overview', async (t, database) => {
    const k = await boot(t, database);
    const call = caller(k);
    const admin = await k.createUser({ role: 'admin' });
    const active = await k.createUser();
    await k.createUser();
    const gone = await k.createUser();
    await call('POST', `/api/admin/users/${gone.user.id}/suspend`, admin, { reason: 'spam spam' });
    await postNote(call, active, 'uno');
    await postNote(call, active, 'dos');
    await k.kernel.storage.put('notes/hello.txt', Buffer.from('hola mundo'));
    t.equal((await call('GET', '/api/notes/boom', null)).statusCode, 500);
    t.equal((await call('GET', '/api/notes/boom', null)).statusCode, 500);
    t.equal((await call('GET', '/api/notes/teapot', null)).statusCode, 503);
    await k.sql("insert into kernel_daily_active (day, user_id) values (current_date - 3, ?)", [active.user.id]);

    const res = await call('GET', '/api/admin/overview', admin);
    t.equal(res.statusCode, 200);
    const o = res.json();
    t.match(o.users, { total: 4, newLast30Days: 4, suspended: 1, activeToday: 2 }, 'the admin and the note writer used the API today');
    t.equal(o.activeUsers.length, 30);
    t.equal(o.activeUsers[29].day, new Date().toISOString().slice(0, 10), 'today last');
    t.equal(o.activeUsers[29].count, 2);
    t.equal(o.activeUsers[26].count, 1, 'three days ago');
    t.equal(o.signups[29].count, 4);
    t.match(o.jobs, { driver: 'in-process', counts: { waiting: Number, failed: Number } });
    t.match(o.storage, { driver: 'local', objects: 1, bytes: 10, partial: false });
    t.equal(o.errors.last24Hours, 3);
    t.equal(o.errors.hourly.length, 24);
    t.same(o.errors.topRoutes, [{ route: '/api/notes/boom', status: 500, count: 2 }, { route: '/api/notes/teapot', status: 503, count: 1 }]);
    t.same(o.plugins, [{ plugin: 'notes', id: 'notes.total', label: 'Notes', value: 2 }]);
    t.equal((await call('GET', '/api/admin/overview', active)).statusCode, 403);
  });
});
