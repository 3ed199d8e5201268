import { connect } from 'node:net';
import t from 'tap';
import { definePlugin } from '@petamigos/core';
import { eachDatabase, startTestKernel } from '@petamigos/core/testing';
import kennel from './fixtures/kennel/index.js';

const isErrorBody = (body: unknown) => {
  const e = (body as { error?: Record<string, unknown> }).error;
  return Boolean(e && typeof e.code === 'string' && typeof e.message === 'string' && 'details' in e);
};

t.test('health, readiness, metrics and the OpenAPI document', async (t) => {
  await eachDatabase(t, 'kernel endpoints', async (t, database) => {
    const k = await startTestKernel({ plugins: [kennel], database });
    t.teardown(() => k.close());
    const health = await k.app.inject('/health');
    t.equal(health.statusCode, 200);
    t.equal(health.json().status, 'ok');

    const ready = await k.app.inject('/ready');
    t.equal(ready.statusCode, 200);
    t.same(ready.json(), { status: 'ready', checks: { database: 'ok', 'plugin:kennel': 'ok' } });

    await k.app.inject({ method: 'POST', url: '/api/kennel/dogs', payload: { name: 'Pinto' } });
    const metrics = await k.app.inject('/metrics');
    t.equal(metrics.statusCode, 200);
    t.match(metrics.headers['content-type'], /text\/plain/);
    t.match(metrics.body, /petamigos_http_requests_total\{method="POST",route="\/api\/kennel\/dogs",status="201"\} 1/);
    t.match(metrics.body, /petamigos_plugin_enabled\{plugin="kennel"\} 1/);

    const doc = (await k.app.inject('/docs/json')).json();
    t.equal(doc.openapi, '3.1.0');
    t.ok(doc.paths['/api/kennel/dogs'].post.requestBody, 'plugin routes carry their schemas');
    t.same(doc.paths['/api/kennel/dogs'].post.tags, ['kennel']);
    t.ok(doc.paths['/health'], 'kernel routes are documented');
    const page = await k.app.inject('/docs/');
    t.equal(page.statusCode, 200);
    t.match(page.headers['content-type'], /text\/html/);
  });
});

t.test('readiness fails when a plugin is not ready', async (t) => {
  const sick = definePlugin({ name: 'sick', version: '1.0.0', kernel: '^0.1.0', ready: () => false });
  const k = await startTestKernel({ plugins: [sick] });
  t.teardown(() => k.close());
  const ready = await k.app.inject('/ready');
  t.equal(ready.statusCode, 503);
  t.same(ready.json(), { error: { code: 'NOT_READY', message: 'Not ready: plugin:sick', details: { checks: { database: 'ok', 'plugin:sick': 'fail' } } } });
});

t.test('every failure has the error body and the right status', async (t) => {
  const k = await startTestKernel({ plugins: [kennel], config: { server: { bodyLimit: 2048 }, site: { defaultLocale: 'en' } } });
  t.teardown(() => k.close());
  const send = (opts: Parameters<typeof k.app.inject>[0]) => k.app.inject(opts);

  const wrongType = await send({ method: 'POST', url: '/api/kennel/dogs', payload: { name: 5 } });
  t.equal(wrongType.statusCode, 400);
  t.equal(wrongType.json().error.code, 'VALIDATION_FAILED');
  t.equal(wrongType.json().error.message, 'body.name: must be string');
  t.match(wrongType.json().error.details, [{ in: 'body', field: 'name' }]);

  const unknownField = await send({ method: 'POST', url: '/api/kennel/dogs', payload: { name: 'A', owner: 'me' } });
  t.equal(unknownField.statusCode, 400);
  t.equal(unknownField.json().error.message, 'body.owner: is not an accepted field');

  const missing = await send({ method: 'POST', url: '/api/kennel/dogs', payload: {} });
  t.equal(missing.json().error.message, 'body.name: is required');

  const badParam = await send({ method: 'GET', url: '/api/kennel/dogs/not-a-uuid' });
  t.equal(badParam.statusCode, 400);
  t.equal(badParam.json().error.details[0].in, 'params');

  const notFound = await send({ method: 'GET', url: '/api/kennel/dogs/0195a7e0-0000-7000-8000-000000000000' });
  t.same(notFound.json(), { error: { code: 'DOG_NOT_FOUND', message: 'No such dog', details: null } });

  const noRoute = await send({ method: 'GET', url: '/api/nothing-here' });
  t.equal(noRoute.statusCode, 404);
  t.same(noRoute.json(), { error: { code: 'NOT_FOUND', message: 'No route for GET /api/nothing-here', details: null } });

  const wrongMethod = await send({ method: 'DELETE', url: '/api/kennel/dogs' });
  t.equal(wrongMethod.statusCode, 405);
  t.match(wrongMethod.headers.allow, /GET/);
  t.match(wrongMethod.headers.allow, /POST/);
  t.equal(wrongMethod.json().error.code, 'METHOD_NOT_ALLOWED');

  const tooLarge = await send({ method: 'POST', url: '/api/kennel/dogs', payload: { name: 'x'.repeat(5000) } });
  t.equal(tooLarge.statusCode, 413);
  t.equal(tooLarge.json().error.code, 'PAYLOAD_TOO_LARGE');

  const wrongMedia = await send({ method: 'POST', url: '/api/kennel/dogs', payload: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  t.equal(wrongMedia.statusCode, 415);
  t.equal(wrongMedia.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');

  const badJson = await send({ method: 'POST', url: '/api/kennel/dogs', payload: '{"name":', headers: { 'content-type': 'application/json' } });
  t.equal(badJson.statusCode, 400);
  t.equal(badJson.json().error.message, 'The body is not valid JSON.');

  const badEncoding = await send({ method: 'GET', url: '/api/kennel/dogs/%E0%A4%A' });
  t.equal(badEncoding.statusCode, 400);
  t.ok(isErrorBody(badEncoding.json()), 'malformed URL encoding gets the error body');

  const longParam = await send({ method: 'GET', url: `/api/kennel/dogs/${'a'.repeat(150)}` });
  t.ok(longParam.statusCode >= 400 && longParam.statusCode < 500, `over-long param is a client error (${longParam.statusCode})`);
  t.ok(isErrorBody(longParam.json()));

  const boom = await send({ method: 'GET', url: '/api/kennel/boom' });
  t.equal(boom.statusCode, 500);
  t.equal(boom.json().error.code, 'INTERNAL');
  t.notMatch(boom.body, /hunter2|secret internals|at /, 'no internals leak');
  t.equal(boom.json().error.details.requestId, boom.headers['x-request-id']);
});

t.test('request ids are generated or carried through', async (t) => {
  const k = await startTestKernel({ plugins: [] });
  t.teardown(() => k.close());
  const generated = await k.app.inject('/health');
  t.match(generated.headers['x-request-id'], /^[0-9a-f-]{36}$/);
  const carried = await k.app.inject({ url: '/health', headers: { 'x-request-id': 'lb-1234' } });
  t.equal(carried.headers['x-request-id'], 'lb-1234');
  const unsafe = await k.app.inject({ url: '/health', headers: { 'x-request-id': 'evil\tid with spaces' } });
  t.not(unsafe.headers['x-request-id'], 'evil\tid with spaces', 'unsafe ids are replaced');
});

t.test('a route can read the exact raw body (webhook signatures)', async (t) => {
  const k = await startTestKernel({ plugins: [kennel] });
  t.teardown(() => k.close());
  const raw = '{ "amount" : 19900,\n  "currency":"MXN" }';
  const res = await k.app.inject({ method: 'POST', url: '/api/kennel/webhook', payload: raw, headers: { 'content-type': 'application/json' } });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { bytes: Buffer.byteLength(raw), echoed: raw });
});

t.test('rate limits answer 429 with the error body', async (t) => {
  const k = await startTestKernel({ plugins: [kennel], config: { security: { rateLimit: { max: 2, timeWindow: 60_000 } } } });
  t.teardown(() => k.close());
  for (let i = 0; i < 2; i++) t.equal((await k.app.inject('/api/kennel/dogs')).statusCode, 200);
  const limited = await k.app.inject('/api/kennel/dogs');
  t.equal(limited.statusCode, 429);
  t.equal(limited.json().error.code, 'RATE_LIMITED');
  t.equal((await k.app.inject('/health')).statusCode, 200, 'health checks are never rate limited');
});

t.test('malformed HTTP on a real socket still gets the error body', async (t) => {
  const k = await startTestKernel({ plugins: [] });
  t.teardown(() => k.close());
  const url = new URL(await k.kernel.listen({ port: 0, host: '127.0.0.1' }));
  const raw = (request: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), '127.0.0.1');
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
      socket.write(request);
    });
  const huge = await raw(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
  t.match(huge, /^HTTP\/1\.1 431/);
  t.match(huge, /"code":"HEADERS_TOO_LARGE"/);
  const garbage = await raw('THIS IS NOT HTTP\r\n\r\n');
  t.match(garbage, /^HTTP\/1\.1 400/);
  t.match(garbage, /"code":"BAD_REQUEST"/);
});

t.test('errors and strings follow the request language', async (t) => {
  const k = await startTestKernel({ plugins: [kennel], config: { site: { defaultLocale: 'es-MX' } } });
  t.teardown(() => k.close());
  const login = (headers: Record<string, string>) => k.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'nadie', password: 'x' }, headers });
  const spanish = await login({ 'accept-language': 'es-MX,es;q=0.9' });
  t.equal(spanish.json().error.code, 'INVALID_CREDENTIALS', 'the code stays stable');
  t.match(spanish.json().error.message, /contraseña/i, 'the message is Spanish');
  t.equal(spanish.headers['content-language'], 'es-MX');
  const arabic = await login({ 'accept-language': 'ar' });
  t.match(arabic.json().error.message, /[\u0600-\u06FF]/, 'Arabic script');
  t.equal(arabic.headers['content-language'], 'ar');
  const german = await login({ 'accept-language': 'de-AT,de;q=0.8' });
  t.equal(german.headers['content-language'], 'de', 'a regional tag falls back to its language');
  t.equal((await login({})).headers['content-language'], 'es-MX', 'no header: the site default');

  const amigo = await k.createUser({ language: 'fr' });
  const me = await k.app.inject({ url: '/api/nothing', headers: { ...amigo.headers, 'accept-language': 'es' } });
  t.equal(me.headers['content-language'], 'fr', "the user's own setting wins over the header");

  const bundle = (await k.app.inject('/api/i18n/ar')).json();
  t.equal(bundle.dir, 'rtl', 'Arabic is right-to-left for the frontend');
  t.same(bundle.fallbacks, ['ar', 'en']);
  t.ok(bundle.strings.kernel.errors.INVALID_CREDENTIALS);
  t.equal((await k.app.inject('/api/i18n/es-MX')).json().dir, 'ltr');
  t.equal((await k.app.inject('/api/i18n/tlh')).statusCode, 404);
  t.equal((await k.app.inject('/api/i18n')).json().items.length >= 35, true, 'every language and variant is offered');
});
