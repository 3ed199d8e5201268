import t from 'tap';
import { eachDatabase, startTestKernel } from '@petamigos/core/testing';

const register = (k: Awaited<ReturnType<typeof startTestKernel>>, body: Record<string, unknown>) =>
  k.app.inject({ method: 'POST', url: '/api/auth/register', payload: body });

t.test('sign-up', async (t) => {
  await eachDatabase(t, 'register, policy and uniqueness', async (t, database) => {
    const k = await startTestKernel({ database });
    t.teardown(() => k.close());
    const ok = await register(k, { username: 'Firulais', email: 'Firulais@Example.mx', password: 'croquetas de pollo 2026', language: 'es-MX', timezone: 'America/Mexico_City' });
    t.equal(ok.statusCode, 201, ok.body);
    const body = ok.json();
    t.match(body.user, { username: 'Firulais', email: 'Firulais@Example.mx', displayName: 'Firulais', role: 'user', language: 'es-MX', emailVerified: false, twoFactorEnabled: false });
    t.notOk('passwordHash' in body.user || 'password_hash' in body.user, 'no hash leaves the server');
    t.match(body.tokens, { tokenType: 'Bearer', expiresIn: 900 });
    const [row] = await k.sql<{ password_hash: string }>('select password_hash from kernel_user');
    t.match(row!.password_hash, /^\$argon2id\$/, 'passwords are hashed with argon2id');

    const sameName = await register(k, { username: 'FIRULAIS', email: 'other@example.mx', password: 'croquetas de pollo 2026' });
    t.equal(sameName.statusCode, 409);
    t.equal(sameName.json().error.code, 'USERNAME_TAKEN', 'usernames are unique regardless of case');
    const sameEmail = await register(k, { username: 'otro', email: 'firulais@EXAMPLE.mx', password: 'croquetas de pollo 2026' });
    t.equal(sameEmail.json().error.code, 'EMAIL_TAKEN');

    const rules: Array<[string, string]> = [
      ['short', 'min_length'],
      ['canela-es-la-mejor', 'contains_username'],
      ['password123', 'common'],
      ['Contraseña123!', 'common'],
    ];
    for (const [password, rule] of rules) {
      const res = await register(k, { username: 'canela', email: 'perrita@example.mx', password });
      t.equal(res.statusCode, 400, password);
      t.match(res.json().error.details, { rule }, `${password} breaks ${rule}`);
      t.equal(res.json().error.code, 'WEAK_PASSWORD');
    }
    const mailPart = await register(k, { username: 'kira', email: 'perrita.luna@example.mx', password: 'x-perrita.luna-x' });
    t.same(mailPart.json().error.details, { rule: 'contains_email' });

    const invalid = await register(k, { username: 'no spaces', email: 'not-an-email', password: 'x' });
    t.equal(invalid.statusCode, 400);
    t.equal(invalid.json().error.code, 'VALIDATION_FAILED');
  });
});

t.test('first sign-up becomes admin only when the config says so; closed registration', async (t) => {
  await eachDatabase(t, 'registration rules', async (t, database) => {
    const off = await startTestKernel({ database });
    t.teardown(() => off.close());
    t.equal((await register(off, { username: 'primero', email: 'p@example.mx', password: 'un perro muy bonito' })).json().user.role, 'user');

    const on = await startTestKernel({ database, config: { accounts: { firstUserIsAdmin: true } } });
    t.teardown(() => on.close());
    t.equal((await register(on, { username: 'primero', email: 'p@example.mx', password: 'un perro muy bonito' })).json().user.role, 'admin');
    t.equal((await register(on, { username: 'segundo', email: 's@example.mx', password: 'un perro muy bonito' })).json().user.role, 'user');

    const closed = await startTestKernel({ database, config: { accounts: { registration: 'closed' } } });
    t.teardown(() => closed.close());
    const refused = await register(closed, { username: 'nadie', email: 'n@example.mx', password: 'un perro muy bonito' });
    t.equal(refused.statusCode, 403);
    t.equal(refused.json().error.code, 'REGISTRATION_CLOSED');
  });
});

t.test('log-in', async (t) => {
  await eachDatabase(t, 'by username or email, failures and lockout', async (t, database) => {
    const k = await startTestKernel({ database, config: { security: { authRateLimit: { max: 100, timeWindow: 60_000 } } } });
    t.teardown(() => k.close());
    const { user, password } = await k.createUser({ username: 'Bombon', email: 'bombon@example.mx' });
    const login = (body: Record<string, unknown>) => k.app.inject({ method: 'POST', url: '/api/auth/login', payload: body, headers: { 'user-agent': 'Firefox on Android' } });

    const byName = await login({ login: 'bombon', password });
    t.equal(byName.statusCode, 200);
    t.equal(byName.json().user.id, user.id);
    t.equal((await login({ login: 'BOMBON@example.MX', password })).statusCode, 200, 'email works, in any case');

    const unknown = await login({ login: 'nobody', password });
    const wrong = await login({ login: 'bombon', password: 'not the password' });
    t.equal(unknown.statusCode, 401);
    t.same(unknown.json().error, wrong.json().error, 'unknown user and wrong password look the same');

    for (let i = 0; i < 3; i++) await login({ login: 'bombon', password: 'nope' });
    const locked = await login({ login: 'bombon', password: 'nope' });
    t.equal(locked.statusCode, 401, 'the fifth failure is still a plain failure');
    const delayed = await login({ login: 'bombon', password });
    t.equal(delayed.statusCode, 429, 'after five failures even the right password waits');
    t.equal(delayed.json().error.code, 'TOO_MANY_FAILED_LOGINS');
    t.ok(Number(delayed.headers['retry-after']) > 0 && Number(delayed.headers['retry-after']) <= 30, `Retry-After ${delayed.headers['retry-after']}`);

    await k.sql('update kernel_user set locked_until = null');
    t.equal((await login({ login: 'bombon', password })).statusCode, 200);
    const [row] = await k.sql<{ failed_logins: number }>('select failed_logins from kernel_user where id = ?', [user.id]);
    t.equal(row!.failed_logins, 0, 'a success resets the count');
    const events = await k.sql<{ action: string }>("select action from kernel_audit_log where action like 'auth.login%' order by id");
    t.equal(events.filter((e) => e.action === 'auth.login.failed').length, 5);
    t.ok(events.some((e) => e.action === 'auth.login'));
  });
});

t.test('abuse limits answer 429 with Retry-After, per IP and per account', async (t) => {
  const k = await startTestKernel({ config: { security: { authRateLimit: { max: 3, timeWindow: 60_000 } } } });
  t.teardown(() => k.close());
  const { password } = await k.createUser({ username: 'mango' });
  const attempt = (ip: string) => k.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'mango', password: password + 'x' }, remoteAddress: ip });
  for (let i = 0; i < 3; i++) t.equal((await attempt('10.0.0.1')).statusCode, 401);
  const perIp = await attempt('10.0.0.1');
  t.equal(perIp.statusCode, 429);
  t.ok(perIp.headers['retry-after'], 'per-IP limit sets Retry-After');
  const otherIp = await attempt('10.0.0.2');
  t.equal(otherIp.statusCode, 429, 'a fresh IP still hits the per-account limit');
  t.equal(otherIp.json().error.code, 'RATE_LIMITED');
  t.ok(Number(otherIp.headers['retry-after']) > 0);
  const reset = (ip: string) => k.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', payload: { email: 'x@example.mx' }, remoteAddress: ip });
  for (let i = 0; i < 3; i++) t.equal((await reset('10.0.0.3')).statusCode, 202);
  t.equal((await reset('10.0.0.3')).statusCode, 429, 'password reset requests are limited too');
});
