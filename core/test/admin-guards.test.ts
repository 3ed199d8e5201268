import t from 'tap';
import { eachDatabase } from '@petamigos/core/testing';
import { boot, caller, NIL } from './fixtures/admin-notes/plugin.js';

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
