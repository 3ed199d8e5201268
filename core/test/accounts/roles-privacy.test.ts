import t from 'tap';
import { definePlugin, Type } from '@petamigos/core';
import { eachDatabase, startTestKernel } from '@petamigos/core/testing';

/** A plugin that uses the guards, declares permissions and takes part in export and deletion. */
const diary = definePlugin({
  name: 'diary',
  version: '1.0.0',
  kernel: '^0.1.0',
  migrations: new URL('./fixtures/diary/', import.meta.url),
  permissions: {
    'diary.entries.moderate': { description: 'Hide anyone\'s diary entries', roles: ['moderator'] },
    'diary.stats.read': { description: 'See diary statistics', roles: [] },
  },
  account: {
    exportUserData: async (ctx, userId) => ctx.db.query('select body from diary_entry where author_id = ?', [userId]),
    deleteUserData: async (ctx, userId) => void (await ctx.db.query('delete from diary_entry where author_id = ?', [userId])),
  },
  routes(app, ctx) {
    app.post('/entries', { preHandler: ctx.auth.requireUser, schema: { body: Type.Object({ body: Type.String() }) } }, async (request, reply) => {
      const [row] = await ctx.db.query<{ id: number }>('insert into diary_entry (author_id, body) values (?, ?) returning id', [request.user!.id, request.body.body]);
      return reply.status(201).send(row);
    });
    app.delete('/entries/:id', { schema: { params: Type.Object({ id: Type.Integer() }) } }, async (request, reply) => {
      const [entry] = await ctx.db.query<{ author_id: string }>('select author_id from diary_entry where id = ?', [request.params.id]);
      if (!entry) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'No such entry', details: null } });
      ctx.auth.assertOwner(request, entry.author_id, 'diary.entries.moderate');
      await ctx.db.query('delete from diary_entry where id = ?', [request.params.id]);
      return reply.status(204).send();
    });
    app.get('/stats', { preHandler: ctx.auth.requirePermission('diary.stats.read') }, async () => ({ entries: (await ctx.db.query('select 1 from diary_entry')).length }));
    app.get('/hidden-for/:userId', async (request) => ({ hidden: await ctx.accounts.hiddenUserIds((request.params as { userId: string }).userId) }));
  },
});

t.test('roles and permissions', async (t) => {
  await eachDatabase(t, 'guards, ownership, grants and audit', async (t, database) => {
    const k = await startTestKernel({ database, plugins: [diary] });
    t.teardown(() => k.close());
    const author = await k.createUser();
    const stranger = await k.createUser();
    const moderator = await k.createUser({ role: 'moderator' });
    const admin = await k.createUser({ role: 'admin' });
    const entry = async () => (await k.app.inject({ method: 'POST', url: '/api/diary/entries', headers: author.headers, payload: { body: 'Hoy fuimos al parque' } })).json().id;

    t.equal((await k.app.inject({ method: 'POST', url: '/api/diary/entries', payload: { body: 'x' } })).json().error.code, 'AUTH_REQUIRED');
    const id = await entry();
    const strangerDelete = await k.app.inject({ method: 'DELETE', url: `/api/diary/entries/${id}`, headers: stranger.headers });
    t.equal(strangerDelete.statusCode, 403, 'not the owner');
    t.equal((await k.app.inject({ method: 'DELETE', url: `/api/diary/entries/${id}`, headers: moderator.headers })).statusCode, 204, 'moderators hold the override permission');
    t.equal((await k.app.inject({ method: 'DELETE', url: `/api/diary/entries/${await entry()}`, headers: author.headers })).statusCode, 204, 'owners may');

    t.equal((await k.app.inject({ url: '/api/diary/stats', headers: moderator.headers })).statusCode, 403);
    t.equal((await k.app.inject({ url: '/api/diary/stats', headers: admin.headers })).statusCode, 200, 'admins hold every permission');
    const grant = await k.app.inject({ method: 'PUT', url: '/api/admin/roles/moderator/permissions/diary.stats.read', headers: admin.headers });
    t.equal(grant.statusCode, 204);
    t.equal((await k.app.inject({ url: '/api/diary/stats', headers: moderator.headers })).statusCode, 200, 'an admin granted it to moderators');
    t.equal((await k.app.inject({ method: 'PUT', url: '/api/admin/roles/moderator/permissions/diary.nope', headers: admin.headers })).statusCode, 404);
    t.equal((await k.app.inject({ method: 'PUT', url: '/api/admin/roles/moderator/permissions/diary.stats.read', headers: moderator.headers })).statusCode, 403, 'moderators cannot grant');
    const perms = (await k.app.inject({ url: '/api/admin/permissions', headers: admin.headers })).json().items;
    t.match(perms.find((p: { permission: string }) => p.permission === 'diary.stats.read'), { owner: 'diary', roles: ['moderator', 'admin'], granted: ['moderator'] });

    const promote = await k.app.inject({ method: 'PUT', url: `/api/admin/users/${stranger.user.id}/role`, headers: admin.headers, payload: { role: 'moderator' } });
    t.equal(promote.json().role, 'moderator');
    t.equal((await k.app.inject({ method: 'PUT', url: `/api/admin/users/${admin.user.id}/role`, headers: admin.headers, payload: { role: 'user' } })).json().error.code, 'LAST_ADMIN');
    t.equal((await k.app.inject({ method: 'PUT', url: `/api/admin/users/${admin.user.id}/role`, headers: moderator.headers, payload: { role: 'user' } })).statusCode, 403);

    const suspend = await k.app.inject({ method: 'POST', url: `/api/admin/users/${author.user.id}/suspend`, headers: admin.headers, payload: { reason: 'spam' } });
    t.equal(suspend.statusCode, 204);
    t.equal((await k.app.inject({ url: '/api/users/me', headers: author.headers })).statusCode, 401, 'a suspended user is signed out at once');
    const login = await k.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: author.user.username, password: author.password } });
    t.equal(login.json().error.code, 'ACCOUNT_SUSPENDED');

    const audit = await k.app.inject({ url: '/api/admin/audit?action=admin.&limit=2', headers: admin.headers });
    t.equal(audit.statusCode, 200);
    const page = audit.json();
    t.same(page.items.map((i: { action: string }) => i.action), ['admin.user.suspended', 'admin.user.role_changed'], 'newest first');
    t.equal(page.items[0].actorId, admin.user.id, 'who');
    t.equal(page.items[0].targetId, author.user.id, 'to whom');
    t.ok(page.items[0].at, 'when');
    const next = (await k.app.inject({ url: `/api/admin/audit?action=admin.&limit=2&cursor=${page.nextCursor}`, headers: admin.headers })).json();
    t.same(next.items.map((i: { action: string }) => i.action), ['admin.permission.granted']);
    t.equal(next.nextCursor, null);
    t.equal((await k.app.inject({ url: '/api/admin/audit?cursor=bogus', headers: admin.headers })).statusCode, 400);
    t.equal((await k.app.inject({ url: '/api/admin/audit', headers: moderator.headers })).statusCode, 403, 'only admins read the audit log');
  });
});

t.test('blocks, data export and account deletion', async (t) => {
  await eachDatabase(t, 'privacy', async (t, database) => {
    const k = await startTestKernel({ database, plugins: [diary] });
    t.teardown(() => k.close());
    const ana = await k.createUser({ username: 'ana' });
    const beto = await k.createUser({ username: 'beto' });

    t.equal((await k.app.inject({ url: '/api/users/ana', headers: beto.headers })).statusCode, 200);
    t.equal((await k.app.inject({ method: 'POST', url: '/api/users/beto/block', headers: ana.headers })).statusCode, 204);
    t.equal((await k.app.inject({ url: '/api/users/ana', headers: beto.headers })).statusCode, 404, 'a blocked user cannot find the blocker');
    t.same((await k.app.inject({ url: `/api/diary/hidden-for/${beto.user.id}` })).json().hidden, [ana.user.id], 'plugins see the block, both ways');
    t.same((await k.app.inject({ url: `/api/diary/hidden-for/${ana.user.id}` })).json().hidden, [beto.user.id]);
    t.same((await k.app.inject({ url: '/api/users/me/blocks', headers: ana.headers })).json().items.map((u: { username: string }) => u.username), ['beto']);
    t.equal((await k.app.inject({ method: 'DELETE', url: '/api/users/beto/block', headers: ana.headers })).statusCode, 204);
    t.equal((await k.app.inject({ url: '/api/users/ana', headers: beto.headers })).statusCode, 200);

    await k.app.inject({ method: 'POST', url: '/api/diary/entries', headers: ana.headers, payload: { body: 'Mi perrita aprendió a sentarse' } });
    const exported = await k.app.inject({ url: '/api/users/me/export', headers: ana.headers });
    t.equal(exported.statusCode, 200);
    t.match(exported.headers['content-disposition'], /attachment; filename="petamigos-ana\.json"/);
    const archive = exported.json();
    t.equal(archive.format, 'petamigos-export/1');
    t.equal(archive.account.username, 'ana');
    t.same(archive.plugins.diary, [{ body: 'Mi perrita aprendió a sentarse' }], 'each plugin contributes through its hook');
    t.notMatch(exported.body, /argon2|password_hash/, 'no secrets in the export');

    t.equal((await k.app.inject({ method: 'DELETE', url: '/api/users/me', headers: ana.headers, payload: { password: 'wrong' } })).json().error.code, 'WRONG_PASSWORD');
    t.equal((await k.app.inject({ method: 'DELETE', url: '/api/users/me', headers: ana.headers, payload: { password: ana.password } })).statusCode, 204);
    t.same(await k.sql('select * from diary_entry'), [], 'the plugin deleted its rows');
    t.same(await k.sql('select * from kernel_user where id = ?', [ana.user.id]), []);
    t.equal((await k.app.inject({ url: '/api/users/me', headers: ana.headers })).statusCode, 401);
    t.same(await k.sql('select * from kernel_audit_log where actor_id = ?', [ana.user.id]), [], 'the audit trail no longer names her');
  });
});

t.test('the OpenAPI document lists every auth route with schemas and error responses', async (t) => {
  const k = await startTestKernel();
  t.teardown(() => k.close());
  const doc = (await k.app.inject('/docs/json')).json();
  const routes = ['register', 'login', 'refresh', 'logout', 'sessions', 'sessions/{id}', 'password', 'verify-email', 'verify-email/request', 'password-reset', 'password-reset/request', '2fa/setup', '2fa/confirm', '2fa/disable'];
  for (const route of routes) {
    const path = doc.paths[`/api/auth/${route}`];
    t.ok(path, `/api/auth/${route} is documented`);
    for (const operation of Object.values(path ?? {}) as Array<{ responses: Record<string, unknown>; tags: string[] }>) {
      t.same(operation.tags, ['auth']);
      t.ok(Object.keys(operation.responses).some((s) => Number(s) >= 400), `${route} documents its errors`);
    }
  }
  t.ok(doc.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.properties.login);
  t.ok(doc.paths['/api/auth/login'].post.responses['429']);
  t.ok(doc.paths['/api/admin/audit'].get);
});
