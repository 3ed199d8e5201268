import t from 'tap';
import sharp from 'sharp';
import { definePlugin } from '@petamigos/core';
import { eachDatabase } from '@petamigos/core/testing';
import { api, befriend, boot, post } from './helpers.js';

t.test('posts: hashtags, mentions, edits, deletion, polls, shares, reports, images', async (t) => {
  await eachDatabase(t, 'posts', async (t, database) => {
    const reported: unknown[] = [];
    // Stands in for the moderation queue: any plugin that requires feed can listen.
    const watcher = definePlugin({ name: 'watcher', version: '0.1.0', kernel: '^0.1.0', requires: { feed: '^0.1.0' }, events: { handles: { 'feed.post.reported': { handler: (p) => void reported.push(p) } } } });
    const k = await boot(t, database, { plugins: [watcher] });
    const call = api(k);
    const [ana, beto, carla] = await Promise.all(['ana', 'beto', 'carla'].map((username) => k.createUser({ username })));
    const mod = await k.createUser({ username: 'moderadora', role: 'moderator' });

    t.equal((await call('POST', '/api/feed/posts', ana, { text: 'x'.repeat(5001) })).statusCode, 400, 'at most 5000 characters');
    t.equal((await call('POST', '/api/feed/posts', ana, { text: 'hi', colour: 'red' })).statusCode, 400, 'unknown fields are refused');
    t.equal((await call('POST', '/api/feed/posts', null, { text: 'hi' })).statusCode, 401);

    const created = await call('POST', '/api/feed/posts', ana, { text: 'Paseo con #Firulais y #perros, hola @beto y @nadie', visibility: 'public' });
    t.equal(created.statusCode, 201);
    const id = created.json().id;
    t.same(created.json().hashtags, ['firulais', 'perros']);
    t.same(await k.sql('select tag from feed_post_hashtag where post_id = ? order by tag', [id]), [{ tag: 'firulais' }, { tag: 'perros' }]);
    await k.settle();
    const mentions = (await call('GET', '/api/notifications', beto)).json().items;
    t.match(mentions, [{ type: 'feed.mention' }], 'a mention notifies the person mentioned');

    // A friends-only mention of a stranger must not tell them about a post they cannot open.
    await post(call, ana, 'secreto @carla', 'friends');
    await k.settle();
    t.same((await call('GET', '/api/notifications', carla)).json().items, []);

    // Edit history.
    t.equal((await call('PATCH', `/api/feed/posts/${id}`, beto, { text: 'mine now' })).statusCode, 403);
    const edited = await call('PATCH', `/api/feed/posts/${id}`, ana, { text: 'Paseo corregido #gatos' });
    t.equal(edited.statusCode, 200);
    t.same(edited.json().hashtags, ['gatos']);
    t.ok(edited.json().editedAt);
    await call('PATCH', `/api/feed/posts/${id}`, ana, { text: 'tercera versión' });
    const history = (await call('GET', `/api/feed/posts/${id}/revisions`, beto)).json();
    t.equal(history.current.text, 'tercera versión');
    t.same(history.revisions.map((r: { text: string }) => r.text), ['Paseo con #Firulais y #perros, hola @beto y @nadie', 'Paseo corregido #gatos'], 'oldest first');

    // Soft delete, moderator restore within 30 days.
    t.equal((await call('DELETE', `/api/feed/posts/${id}`, beto)).statusCode, 403);
    t.equal((await call('DELETE', `/api/feed/posts/${id}`, ana)).statusCode, 204);
    t.equal((await call('GET', `/api/feed/posts/${id}`, ana)).statusCode, 404, 'gone for everyone, the author included');
    t.equal((await call('POST', `/api/feed/posts/${id}/restore`, ana)).statusCode, 403, 'authors cannot restore');
    const restored = await call('POST', `/api/feed/posts/${id}/restore`, mod);
    t.equal(restored.statusCode, 200);
    t.equal((await call('GET', `/api/feed/posts/${id}`, beto)).statusCode, 200, 'back');
    t.equal((await call('POST', `/api/feed/posts/${id}/restore`, mod)).statusCode, 409);
    t.equal((await call('DELETE', `/api/feed/posts/${id}`, mod)).statusCode, 204, 'moderators delete anyone\'s post');
    await k.sql(`update feed_post set deleted_at = now() - interval '31 days' where id = ?`, [id]);
    const late = await call('POST', `/api/feed/posts/${id}/restore`, mod);
    t.equal(late.statusCode, 410);
    t.equal(late.json().error.code, 'RESTORE_EXPIRED');

    // Polls: 2–4 options, one vote each, closing time.
    t.equal((await call('POST', '/api/feed/posts', ana, { text: 'q', poll: { question: '¿?', options: ['a'], closesAt: new Date(Date.now() + 3_600_000).toISOString() } })).statusCode, 400);
    t.equal((await call('POST', '/api/feed/posts', ana, { text: 'q', poll: { question: '¿?', options: ['a', 'b', 'c', 'd', 'e'], closesAt: new Date(Date.now() + 3_600_000).toISOString() } })).statusCode, 400);
    const poll = (await call('POST', '/api/feed/posts', ana, { text: '¿Perro o gato?', poll: { question: '¿Cuál?', options: ['perro', 'gato'], closesAt: new Date(Date.now() + 3_600_000).toISOString() } })).json();
    const [perro, gato] = poll.poll.options;
    const votes = await Promise.all([1, 2, 3].map(() => call('POST', `/api/feed/posts/${poll.id}/poll/votes`, beto, { optionId: perro.id })));
    t.same(votes.map((v) => v.statusCode).sort(), [200, 409, 409], 'one vote per person, even when sent at once');
    const voted = (await call('POST', `/api/feed/posts/${poll.id}/poll/votes`, carla, { optionId: gato.id })).json();
    t.same(voted.poll.options.map((o: { votes: number }) => o.votes), [1, 1]);
    t.equal(voted.poll.myVote, gato.id);
    await k.sql(`update feed_poll set closes_at = now() - interval '1 minute' where post_id = ?`, [poll.id]);
    const closed = await call('POST', `/api/feed/posts/${poll.id}/poll/votes`, mod, { optionId: gato.id });
    t.equal(closed.json().error.code, 'POLL_CLOSED');

    // Shares and reports.
    const shared = await call('POST', `/api/feed/posts/${poll.id}/shares`, beto, { text: 'mirad esto' });
    t.equal(shared.statusCode, 201);
    t.equal(shared.json().sharedPost.id, poll.id);
    const privateId = await post(call, ana, 'solo yo', 'only_me');
    t.equal((await call('POST', `/api/feed/posts/${privateId}/shares`, beto, {})).statusCode, 404, 'cannot share what you cannot see');
    const report = await call('POST', `/api/feed/posts/${poll.id}/reports`, carla, { reason: 'spam' });
    t.equal(report.statusCode, 201);
    t.same(await k.sql("select r.reporter_id, r.reason from kernel_report r join kernel_report_case c on c.id = r.case_id where c.plugin = 'feed' and c.item_type = 'post' and c.item_id = ?", [poll.id]), [{ reporter_id: carla.user.id, reason: 'spam' }], 'in the kernel moderation queue');
    await k.settle();
    t.match(reported, [{ reportId: report.json().id, postId: poll.id, reporterId: carla.user.id, reason: 'spam' }], 'moderation hears of it through feed.post.reported');

    // Images: upload, attach (at most 4), served with variants, not reusable.
    const image = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#884422' } }).jpeg().toBuffer();
    const upload = async () => k.app.inject({ method: 'POST', url: '/api/feed/media', headers: { ...ana.headers, 'content-type': 'image/jpeg' }, payload: image });
    const first = await upload();
    t.equal(first.statusCode, 201);
    t.ok(first.json().variants.length >= 2);
    const notImage = await k.app.inject({ method: 'POST', url: '/api/feed/media', headers: { ...ana.headers, 'content-type': 'image/jpeg' }, payload: Buffer.from('not a picture') });
    t.equal(notImage.statusCode, 415);
    const more = await Promise.all([upload(), upload(), upload(), upload()]);
    const ids = [first, ...more].map((r) => r.json().id);
    t.equal((await call('POST', '/api/feed/posts', ana, { text: 'cinco', mediaIds: ids })).json().error.code, 'TOO_MANY_IMAGES');
    const withImages = (await call('POST', '/api/feed/posts', ana, { text: 'cuatro', mediaIds: ids.slice(0, 4) })).json();
    t.same(withImages.media.map((m: { id: string }) => m.id), ids.slice(0, 4), 'in the order given');
    t.equal((await call('POST', '/api/feed/posts', beto, { text: 'robada', mediaIds: [ids[4]] })).json().error.code, 'MEDIA_NOT_FOUND', 'someone else\'s image');
    t.equal((await call('POST', '/api/feed/posts', ana, { text: 'otra vez', mediaIds: [ids[0]] })).json().error.code, 'MEDIA_NOT_FOUND', 'an image attaches once');

    // Export and account deletion.
    await befriend(call, ana, beto);
    await call('PUT', `/api/feed/posts/${poll.id}/reactions`, ana, { kind: 'love' });
    await call('POST', `/api/feed/posts/${poll.id}/comments`, ana, { text: 'mío' });
    await call('PUT', `/api/feed/posts/${shared.json().id}/reactions`, ana, { kind: 'like' });
    const exported = (await call('GET', '/api/users/me/export', ana)).json().plugins.feed;
    t.ok(exported.posts.length >= 4);
    t.equal(exported.comments.length, 1);
    t.equal(exported.reactions.length, 2);
    t.equal((await call('DELETE', '/api/users/me', ana, { password: ana.password })).statusCode, 204);
    for (const [table, column] of [['feed_post', 'author_id'], ['feed_comment', 'author_id'], ['feed_reaction', 'user_id'], ['feed_media', 'owner_id']] as const) {
      t.same(await k.sql(`select 1 from ${table} where ${column} = ?`, [ana.user.id]), [], `${table}: nothing of hers`);
    }
    const sharedNow = (await call('GET', `/api/feed/posts/${shared.json().id}`, beto)).json();
    t.equal(sharedNow.reactions.like, 0, 'her reactions left the counts');
    t.equal(sharedNow.sharedPost, null, 'a share of her post stays, without it');
  });
});
