import t from 'tap';
import { eachDatabase } from '@petamigos/core/testing';
import { boot, caller, NIL, postNote } from './fixtures/admin-notes/plugin.js';

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

    // Warn: the author is told, with the moderator's reason; the reporter is told the outcome (by mail too, as he chose).
    t.equal((await call('PUT', '/api/notifications/preferences/kernel.moderation.report_resolved', beto, { inApp: true, email: true })).statusCode, 204);
    const otherCase = (await call('GET', '/api/admin/reports', moderator)).json().items[0];
    t.equal((await call('POST', `/api/admin/reports/${otherCase.id}/resolve`, moderator, { action: 'warn', reason: 'Sé amable' })).statusCode, 200);
    await k.settle();
    t.match((await call('GET', '/api/notifications', author)).json().items, [{ type: 'kernel.moderation.warning', text: 'A moderator warned you about something you posted: Sé amable' }]);
    t.match((await call('GET', '/api/notifications', beto)).json().items[0], { data: { action: 'warn' }, text: /we warned the person/ });
    t.match(await k.lastMail('beto@example.test'), { text: 'Thank you for your report: we warned the person who posted it.' });

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
