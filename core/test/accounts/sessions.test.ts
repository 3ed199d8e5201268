import { createSigner } from 'fast-jwt';
import t from 'tap';
import { eachDatabase, startTestKernel } from '@petamigos/core/testing';
import { deriveKey } from '../../src/accounts/crypto.js';

t.test('access tokens', async (t) => {
  await eachDatabase(t, 'tampered, expired and alg:none tokens are refused', async (t, database) => {
    const k = await startTestKernel({ database });
    t.teardown(() => k.close());
    const amigo = await k.createUser();
    const me = (authorization: string) => k.app.inject({ url: '/api/users/me', headers: { authorization } });
    t.equal((await me(amigo.headers.authorization)).statusCode, 200);

    const [header, payload, signature] = amigo.tokens.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: '00000000-0000-7000-8000-000000000000' })).toString('base64url');
    const tampered = await me(`Bearer ${header}.${forged}.${signature}`);
    t.equal(tampered.statusCode, 401);
    t.equal(tampered.json().error.code, 'INVALID_TOKEN');

    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    t.equal((await me(`Bearer ${none}.${payload}.`)).json().error.code, 'INVALID_TOKEN', 'alg:none is refused');

    const [secret] = await k.sql<{ value: string }>("select value from kernel_setting where key = 'app_secret'");
    const sign = createSigner({ key: deriveKey(secret!.value, 'access-token'), algorithm: 'HS256', iss: 'petamigos' });
    const expired = sign({ sub: claims.sub, sid: claims.sid, iat: Math.floor(Date.now() / 1000) - 3600, exp: Math.floor(Date.now() / 1000) - 60 });
    const res = await me(`Bearer ${expired}`);
    t.equal(res.statusCode, 401);
    t.equal(res.json().error.code, 'TOKEN_EXPIRED');
    const wrongKey = createSigner({ key: 'not the key', algorithm: 'HS256', iss: 'petamigos' })({ sub: claims.sub, sid: claims.sid });
    t.equal((await me(`Bearer ${wrongKey}`)).json().error.code, 'INVALID_TOKEN');
    t.equal((await me('Basic abc')).statusCode, 401, 'other schemes are refused');
    t.equal((await k.app.inject('/api/users/me')).json().error.code, 'AUTH_REQUIRED');
  });
});

t.test('refresh tokens rotate; reuse kills the family', async (t) => {
  await eachDatabase(t, 'rotation and theft detection', async (t, database) => {
    const k = await startTestKernel({ database, config: { security: { authRateLimit: { max: 100, timeWindow: 60_000 } } } });
    t.teardown(() => k.close());
    const amigo = await k.createUser();
    const refresh = (refreshToken: string) => k.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } });

    const first = await refresh(amigo.tokens.refreshToken);
    t.equal(first.statusCode, 200);
    const rotated = first.json();
    t.not(rotated.refreshToken, amigo.tokens.refreshToken, 'a new refresh token every time');
    t.equal(rotated.sessionId, amigo.tokens.sessionId, 'same session');

    const second = await refresh(rotated.refreshToken);
    t.equal(second.statusCode, 200);

    const stolen = await refresh(amigo.tokens.refreshToken);
    t.equal(stolen.statusCode, 401);
    t.equal(stolen.json().error.code, 'REFRESH_TOKEN_REUSED');
    const legit = await refresh(second.json().refreshToken);
    t.equal(legit.statusCode, 401, 'the whole family is dead, even the newest token');
    t.equal(legit.json().error.code, 'SESSION_REVOKED');
    const me = await k.app.inject({ url: '/api/users/me', headers: { authorization: `Bearer ${second.json().accessToken}` } });
    t.equal(me.statusCode, 401, 'access tokens of the revoked session stop working at once');
    const [event] = await k.sql<{ action: string }>("select action from kernel_audit_log where action = 'auth.session.reuse_detected'");
    t.ok(event, 'theft is audited');
    t.equal((await refresh('garbage-token-value')).json().error.code, 'INVALID_REFRESH_TOKEN');
  });
});

t.test('sessions: list, revoke, logout, password change', async (t) => {
  await eachDatabase(t, 'session management', async (t, database) => {
    const k = await startTestKernel({ database });
    t.teardown(() => k.close());
    const amigo = await k.createUser({ username: 'pelusa' });
    const phone = await k.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'pelusa', password: amigo.password }, headers: { 'user-agent': 'PetAmigos iOS' } });
    const phoneAuth = { authorization: `Bearer ${phone.json().tokens.accessToken}` };
    const other = await k.createUser({ username: 'intruso' });

    const list = await k.app.inject({ url: '/api/auth/sessions', headers: amigo.headers });
    t.equal(list.statusCode, 200);
    const items = list.json().items as Array<{ id: string; device: string; current: boolean }>;
    t.equal(items.length, 2);
    t.same(items.filter((s) => s.current).map((s) => s.id), [amigo.tokens.sessionId]);
    t.ok(items.some((s) => s.device === 'PetAmigos iOS'));

    const theirs = await k.app.inject({ url: '/api/auth/sessions', headers: other.headers });
    t.equal(theirs.json().items.length, 1, 'a user sees only their own sessions');
    const steal = await k.app.inject({ method: 'DELETE', url: `/api/auth/sessions/${amigo.tokens.sessionId}`, headers: other.headers });
    t.equal(steal.statusCode, 404, "someone else's session cannot be revoked (or even confirmed)");
    t.equal((await k.app.inject({ url: '/api/users/me', headers: amigo.headers })).statusCode, 200);

    const revoke = await k.app.inject({ method: 'DELETE', url: `/api/auth/sessions/${phone.json().tokens.sessionId}`, headers: amigo.headers });
    t.equal(revoke.statusCode, 204);
    t.equal((await k.app.inject({ url: '/api/users/me', headers: phoneAuth })).statusCode, 401, 'the revoked device is out');

    const again = await k.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'pelusa', password: amigo.password } });
    const tablet = { authorization: `Bearer ${again.json().tokens.accessToken}` };
    const weak = await k.app.inject({ method: 'POST', url: '/api/auth/password', headers: amigo.headers, payload: { currentPassword: amigo.password, newPassword: 'password1' } });
    t.equal(weak.json().error.code, 'WEAK_PASSWORD');
    const wrong = await k.app.inject({ method: 'POST', url: '/api/auth/password', headers: amigo.headers, payload: { currentPassword: 'nope', newPassword: 'galletas para perro 99' } });
    t.equal(wrong.json().error.code, 'WRONG_PASSWORD');
    const changed = await k.app.inject({ method: 'POST', url: '/api/auth/password', headers: amigo.headers, payload: { currentPassword: amigo.password, newPassword: 'galletas para perro 99' } });
    t.same(changed.json(), { revokedSessions: 1 });
    t.equal((await k.app.inject({ url: '/api/users/me', headers: tablet })).statusCode, 401, 'other sessions are signed out');
    t.equal((await k.app.inject({ url: '/api/users/me', headers: amigo.headers })).statusCode, 200, 'this one stays');

    const logout = await k.app.inject({ method: 'POST', url: '/api/auth/logout', headers: amigo.headers });
    t.equal(logout.statusCode, 204);
    t.equal((await k.app.inject({ url: '/api/users/me', headers: amigo.headers })).statusCode, 401);
    const login = await k.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'pelusa', password: 'galletas para perro 99' } });
    t.equal(login.statusCode, 200, 'the new password works');
  });
});
