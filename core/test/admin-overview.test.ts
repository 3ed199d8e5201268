import t from 'tap';
import { eachDatabase } from '@petamigos/core/testing';
import { boot, caller, postNote } from './fixtures/admin-notes/plugin.js';

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
