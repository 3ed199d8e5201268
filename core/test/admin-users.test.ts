import t from 'tap';
import { TwoFactor } from '../src/accounts/two-factor.js';
import { eachDatabase, type TestUser } from '@petamigos/core/testing';
import { boot, caller, NIL } from './fixtures/admin-notes/plugin.js';

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
