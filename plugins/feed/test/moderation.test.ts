import t from 'tap';
import sharp from 'sharp';
import { eachDatabase } from '@petamigos/core/testing';
import { api, boot, post } from './helpers.js';

t.test('feed reports land in the kernel moderation queue; admins tune the feed live', async (t) => {
  await eachDatabase(t, 'feed moderation', async (t, database) => {
    const k = await boot(t, database);
    const call = api(k);
    const ana = await k.createUser({ username: 'ana' });
    const carla = await k.createUser({ username: 'carla', language: 'en' });
    const beto = await k.createUser({ username: 'beto' });
    const mod = await k.createUser({ username: 'moderadora', role: 'moderator' });
    const admin = await k.createUser({ username: 'jefa', role: 'admin' });

    const id = await post(call, ana, 'Vendo cachorros, escríbeme #oferta');
    const first = await call('POST', `/api/feed/posts/${id}/reports`, carla, { reason: 'selling animals' });
    t.equal(first.statusCode, 201);
    t.equal((await call('POST', `/api/feed/posts/${id}/reports`, carla, { reason: 'again' })).json().id, first.json().id, 'reporting twice is one report');
    await call('POST', `/api/feed/posts/${id}/reports`, beto, { reason: 'venta' });

    const queue = (await call('GET', '/api/admin/reports?plugin=feed', mod)).json().items;
    t.equal(queue.length, 1);
    t.match(queue[0], {
      plugin: 'feed', itemType: 'post', itemId: id, reporterCount: 2,
      item: { title: 'Post by @ana', text: 'Vendo cachorros, escríbeme #oferta', url: `/p/${id}`, authorId: ana.user.id, removed: false },
      author: { username: 'ana' },
      reports: [{ reporter: { username: 'carla' }, reason: 'selling animals' }, { reporter: { username: 'beto' }, reason: 'venta' }],
    });

    const resolved = await call('POST', `/api/admin/reports/${queue[0].id}/resolve`, mod, { action: 'remove', reason: 'No se venden animales' });
    t.equal(resolved.statusCode, 200);
    t.match(resolved.json(), { status: 'resolved', item: { removed: true } }, 'moderators still see what was taken down');
    t.equal((await call('GET', `/api/feed/posts/${id}`, beto)).statusCode, 404, 'the post is gone for everyone');
    t.match(await k.sql('select deleted_by from feed_post where id = ?', [id]), [{ deleted_by: mod.user.id }], "the feed's own soft delete, restorable by moderators");
    await k.settle();
    t.match((await call('GET', '/api/notifications', carla)).json().items, [{ type: 'kernel.moderation.report_resolved', text: 'Thank you for your report: we removed the content you reported.' }], 'the reporter is told the outcome');
    t.match((await call('GET', '/api/notifications', beto)).json().items, [{ type: 'kernel.moderation.report_resolved', data: { action: 'remove' } }]);

    // The overview counts posts through the feed's admin.stats.
    await post(call, beto, 'hola');
    const figures = (await call('GET', '/api/admin/overview', admin)).json().plugins;
    t.same(figures, [{ plugin: 'feed', id: 'posts.total', label: 'Posts', value: 1 }, { plugin: 'feed', id: 'posts.last24Hours', label: 'Posts in the last 24 hours', value: 1 }]);

    // A settings change reaches the feed's next request, without a restart.
    const image = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#336699' } }).jpeg().toBuffer();
    const upload = await k.app.inject({ method: 'POST', url: '/api/feed/media', headers: { ...ana.headers, 'content-type': 'image/jpeg' }, payload: image });
    const saved = await call('PUT', '/api/admin/plugins/feed/settings', admin, { maxImagesPerPost: 0 });
    t.equal(saved.statusCode, 200);
    t.equal(saved.json().values.maxImagesPerPost, 0);
    t.equal((await call('POST', '/api/feed/posts', ana, { text: 'foto', mediaIds: [upload.json().id] })).json().error.code, 'TOO_MANY_IMAGES');
    t.match((await call('PUT', '/api/admin/plugins/feed/settings', admin, { maxImagesPerPost: 21 })).json().error, { code: 'VALIDATION_FAILED', details: [{ field: 'maxImagesPerPost', keyword: 'maximum' }] });
    await call('PUT', '/api/admin/plugins/feed/settings', admin, { maxImagesPerPost: null });
    t.equal((await call('POST', '/api/feed/posts', ana, { text: 'foto', mediaIds: [upload.json().id] })).statusCode, 201, 'back to the default');
  });
});
