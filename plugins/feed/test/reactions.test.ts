import t from 'tap';
import { eachDatabase } from '@petamigos/core/testing';
import { api, boot, post } from './helpers.js';

/** The issue asks for 100 parallel reactions; a multiple of three keeps the kinds even. */
const FANS = 102;

t.test('reactions stay exact under concurrency, and comments nest three levels', async (t) => {
  await eachDatabase(t, 'reactions and comments', async (t, database) => {
    const k = await boot(t, database);
    const call = api(k);
    const author = await k.createUser({ username: 'autora' });
    const id = await post(call, author, 'react to this');
    const people = await Promise.all(Array.from({ length: FANS }, (_, i) => k.createUser({ username: `fan_${i}` })));

    // Over a hundred people react at once; then every third changes their mind, all at once too.
    const kinds = ['like', 'love', 'haha'] as const;
    const results = await Promise.all(people.map((p, i) => call('PUT', `/api/feed/posts/${id}/reactions`, p, { kind: kinds[i % 3] })));
    t.same(results.map((r) => r.statusCode), people.map(() => 200));
    await Promise.all(people.filter((_, i) => i % 3 === 0).map((p) => call('PUT', `/api/feed/posts/${id}/reactions`, p, { kind: 'wow' })));
    // Sending the same reaction again must not count twice.
    await Promise.all(people.filter((_, i) => i % 3 === 0).map((p) => call('PUT', `/api/feed/posts/${id}/reactions`, p, { kind: 'wow' })));
    const view = (await call('GET', `/api/feed/posts/${id}`, people[1])).json();
    t.same(view.reactions, { like: 0, love: FANS / 3, haha: FANS / 3, wow: FANS / 3, sad: 0, angry: 0 }, 'exact counts; repeating a reaction changes nothing');
    t.equal(view.myReaction, 'love');
    const [{ n }] = await k.sql<{ n: number }>('select count(*)::int as n from feed_reaction where target_id = ?', [id]);
    t.equal(n, FANS, 'one reaction per person');

    const taken = await call('DELETE', `/api/feed/posts/${id}/reactions`, people[1]);
    t.same(taken.json(), { counts: { like: 0, love: FANS / 3 - 1, haha: FANS / 3, wow: FANS / 3, sad: 0, angry: 0 }, mine: null });
    t.equal((await call('PUT', `/api/feed/posts/${id}/reactions`, people[1], { kind: 'meh' })).statusCode, 400, 'unknown kinds are refused');

    await k.settle();
    const notes = (await call('GET', '/api/notifications', author)).json();
    const reaction = notes.items.filter((n: { type: string }) => n.type === 'feed.reaction');
    t.equal(reaction.length, 1, 'the author gets one grouped notification');
    t.ok(reaction[0].actorCount >= FANS - 1);

    // Comments: three levels, then no deeper.
    const c1 = (await call('POST', `/api/feed/posts/${id}/comments`, people[0], { text: 'level one' })).json().id;
    const c2 = (await call('POST', `/api/feed/posts/${id}/comments`, people[1], { text: 'level two', parentId: c1 })).json().id;
    const c3 = (await call('POST', `/api/feed/posts/${id}/comments`, people[2], { text: 'level three', parentId: c2 })).json().id;
    const tooDeep = await call('POST', `/api/feed/posts/${id}/comments`, people[3], { text: 'level four', parentId: c3 });
    t.equal(tooDeep.statusCode, 400);
    t.equal(tooDeep.json().error.code, 'COMMENT_TOO_DEEP');
    t.equal((await call('POST', `/api/feed/posts/${id}/comments`, people[3], { text: 'x', extra: 1 })).statusCode, 400, 'unknown fields are refused');
    let list = (await call('GET', `/api/feed/posts/${id}/comments`)).json();
    t.same(list.items.map((c: { depth: number; parentId: string | null }) => [c.depth, c.parentId]), [[1, null], [2, c1], [3, c2]]);

    t.equal((await call('PATCH', `/api/feed/comments/${c2}`, people[1], { text: 'level two, edited' })).statusCode, 204);
    t.equal((await call('PATCH', `/api/feed/comments/${c2}`, people[0], { text: 'not mine' })).statusCode, 403);
    t.equal((await call('PUT', `/api/feed/comments/${c3}/hidden`, people[0], { hidden: true })).statusCode, 403, 'only the post author hides');
    t.equal((await call('PUT', `/api/feed/comments/${c3}/hidden`, author, { hidden: true })).statusCode, 204);
    list = (await call('GET', `/api/feed/posts/${id}/comments`, people[5])).json();
    t.same(list.items.map((c: { text: string }) => c.text), ['level one', 'level two, edited'], 'hidden from others');
    t.equal((await call('GET', `/api/feed/posts/${id}/comments`, people[2])).json().items.length, 3, 'but not from its writer');
    t.equal((await call('PUT', `/api/feed/comments/${c1}/reactions`, people[4], { kind: 'sad' })).json().counts.sad, 1, 'comments take reactions');
    t.equal((await call('DELETE', `/api/feed/comments/${c1}`, people[1])).statusCode, 403);
    t.equal((await call('DELETE', `/api/feed/comments/${c1}`, people[0])).statusCode, 204);
    t.equal((await call('GET', `/api/feed/posts/${id}`)).json().commentCount, 1, 'deleted and hidden comments are not counted');
  });
});
