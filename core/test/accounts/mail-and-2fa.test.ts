import t from 'tap';
import { eachDatabase, startTestKernel } from '@petamigos/core/testing';
import { TwoFactor } from '../../src/accounts/two-factor.js';

t.test('email verification and password reset links work once, then never again', async (t) => {
  await eachDatabase(t, 'mail flows', async (t, database) => {
    const k = await startTestKernel({ database, config: { site: { publicUrl: 'https://patitas.example.mx' } } });
    t.teardown(() => k.close());
    const reg = await k.app.inject({ method: 'POST', url: '/api/auth/register', payload: { username: 'chispa', email: 'chispa@example.mx', password: 'huesitos y pelotas', language: 'es-MX' } });
    const headers = { authorization: `Bearer ${reg.json().tokens.accessToken}` };
    const verifyMail = await k.lastMail('chispa@example.mx');
    t.match(verifyMail, { subject: /Confirma tu correo/ }, 'mail in the user\'s language');
    t.match(verifyMail!.text, /https:\/\/patitas\.example\.mx\/verify-email\?token=/);
    const [stored] = await k.sql<{ token_hash: string }>("select token_hash from kernel_user_token where purpose = 'verify_email'");
    t.not(stored!.token_hash, verifyMail!.token, 'only a hash of the token is stored');

    const verify = (token: string) => k.app.inject({ method: 'POST', url: '/api/auth/verify-email', payload: { token } });
    t.equal((await verify(verifyMail!.token!)).statusCode, 204);
    t.equal((await k.app.inject({ url: '/api/users/me', headers })).json().emailVerified, true);
    const twice = await verify(verifyMail!.token!);
    t.equal(twice.statusCode, 400);
    t.equal(twice.json().error.code, 'INVALID_TOKEN');

    const unknown = await k.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', payload: { email: 'nadie@example.mx' } });
    t.equal(unknown.statusCode, 202, 'unknown addresses get the same answer');
    t.equal(await k.lastMail('nadie@example.mx'), undefined);

    t.equal((await k.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', payload: { email: 'CHISPA@example.mx' } })).statusCode, 202);
    const resetMail = await k.lastMail('chispa@example.mx');
    t.match(resetMail!.subject, /Restablece tu contraseña/);
    const reset = (token: string, newPassword: string) => k.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { token, newPassword } });
    const weak = await reset(resetMail!.token!, '123456');
    t.equal(weak.json().error.code, 'WEAK_PASSWORD', 'a weak password is refused…');
    t.equal((await reset(resetMail!.token!, 'pelota roja saltarina')).statusCode, 204, '…without burning the link');
    t.equal((await reset(resetMail!.token!, 'otra pelota distinta')).json().error.code, 'INVALID_TOKEN', 'the link works once');
    t.equal((await k.app.inject({ url: '/api/users/me', headers })).statusCode, 401, 'a reset signs out every session');
    const login = await k.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'chispa', password: 'pelota roja saltarina' } });
    t.equal(login.statusCode, 200);

    await k.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', payload: { email: 'chispa@example.mx' } });
    const expiring = await k.lastMail('chispa@example.mx');
    await k.sql("update kernel_user_token set expires_at = now() - interval '1 minute' where purpose = 'reset_password' and used_at is null");
    t.equal((await reset(expiring!.token!, 'pelota azul saltarina')).json().error.code, 'INVALID_TOKEN', 'expired links are refused');
  });
});

t.test('two-factor authentication', async (t) => {
  await eachDatabase(t, 'enrol, log in, recovery codes, disable', async (t, database) => {
    const k = await startTestKernel({ database, config: { security: { authRateLimit: { max: 100, timeWindow: 60_000 } } } });
    t.teardown(() => k.close());
    const amigo = await k.createUser({ username: 'rocky' });
    const post = (url: string, payload?: object, headers = amigo.headers) => k.app.inject({ method: 'POST', url, payload, headers });

    const setup = await post('/api/auth/2fa/setup');
    t.equal(setup.statusCode, 200);
    const { secret, otpauthUri, qrCodeDataUrl } = setup.json();
    t.match(otpauthUri, /^otpauth:\/\/totp\/PetAmigos:rocky\?/);
    t.match(qrCodeDataUrl, /^data:image\/png;base64,/);
    const [row] = await k.sql<{ secret_encrypted: string }>('select secret_encrypted from kernel_two_factor');
    t.notMatch(row!.secret_encrypted, secret, 'the seed is encrypted at rest');

    t.equal((await post('/api/auth/2fa/confirm', { code: '000000' })).json().error.code, 'INVALID_TWO_FACTOR_CODE');
    const confirm = await post('/api/auth/2fa/confirm', { code: TwoFactor.codeFor(secret) });
    t.equal(confirm.statusCode, 200);
    const codes: string[] = confirm.json().recoveryCodes;
    t.equal(codes.length, 10);
    t.equal(new Set(codes).size, 10);
    t.equal((await k.app.inject({ url: '/api/users/me', headers: amigo.headers })).json().twoFactorEnabled, true);

    const login = (extra: object) => post('/api/auth/login', { login: 'rocky', password: amigo.password, ...extra }, {} as never);
    t.equal((await login({})).json().error.code, 'TWO_FACTOR_REQUIRED');
    t.equal((await login({ code: '123456' })).json().error.code, 'INVALID_TWO_FACTOR_CODE', 'a wrong code is refused');
    const nextStep = TwoFactor.codeFor(secret, Date.now() + 30_000);
    t.equal((await login({ code: nextStep })).statusCode, 200, 'one step of clock drift is tolerated');
    t.equal((await login({ code: nextStep })).json().error.code, 'INVALID_TWO_FACTOR_CODE', 'a code cannot be replayed');
    t.equal((await login({ recoveryCode: codes[0] })).statusCode, 200, 'a recovery code works');
    t.equal((await login({ recoveryCode: codes[0] })).json().error.code, 'INVALID_TWO_FACTOR_CODE', 'a used recovery code is refused');

    t.equal((await post('/api/auth/2fa/disable', { code: '111111' })).json().error.code, 'INVALID_TWO_FACTOR_CODE', 'disabling needs a valid code');
    t.equal((await post('/api/auth/2fa/disable', {})).statusCode, 400);
    t.equal((await post('/api/auth/2fa/disable', { recoveryCode: codes[1] })).statusCode, 204);
    t.equal((await login({})).statusCode, 200, 'no second factor any more');
    const events = (await k.sql<{ action: string }>("select action from kernel_audit_log where action like 'auth.2fa.%' order by id")).map((r) => r.action);
    t.same(events, ['auth.2fa.enabled', 'auth.2fa.disabled']);
  });
});
