import t from 'tap';
import { eachDatabase } from '@petamigos/core/testing';
import { api, befriend, boot, post } from './helpers.js';

t.test('every visibility against every kind of viewer, by id, in the feed and in search', async (t) => {
  await eachDatabase(t, 'visibility matrix', async (t, database) => {
    const k = await boot(t, database);
    const call = api(k);
    const [author, stranger, friend, circle, blocked] = await Promise.all(['ana', 'beto', 'carla', 'dani', 'eva'].map((username) => k.createUser({ username })));
    await befriend(call, author!, friend!);
    await befriend(call, author!, circle!);
    await befriend(call, author!, blocked!);
    t.equal((await call('POST', `/api/social/close-friends/${circle!.user.username}`, author)).statusCode, 204);
    t.equal((await call('POST', `/api/users/${blocked!.user.username}/block`, author)).statusCode < 300, true, 'blocked');

    const ids: Record<string, string> = {};
    for (const v of ['public', 'friends', 'close_friends', 'only_me']) ids[v] = await post(call, author!, `zanahoria ${v} post #matrix`, v);
    await k.settle();

    // Who sees what: a circle member is also a friend; the blocked person was a friend and sees nothing.
    const expected: Record<string, string[]> = {
      author: ['public', 'friends', 'close_friends', 'only_me'],
      friend: ['public', 'friends'],
      circle: ['public', 'friends', 'close_friends'],
      stranger: ['public'],
      blocked: [],
      anonymous: ['public'],
    };
    const viewers = { author, friend, circle, stranger, blocked, anonymous: null };
    for (const [name, viewer] of Object.entries(viewers)) {
      for (const [v, id] of Object.entries(ids)) {
        const res = await call('GET', `/api/feed/posts/${id}`, viewer);
        t.equal(res.statusCode, expected[name]!.includes(v) ? 200 : 404, `${name} × ${v} by id`);
        if (res.statusCode === 404) t.equal(res.json().error.code, 'POST_NOT_FOUND');
      }
      const profile = await call('GET', '/api/feed/users/ana/posts', viewer);
      if (name === 'blocked') t.equal(profile.statusCode, 404, 'the blocked person cannot open the profile');
      else t.same(profile.json().items.map((p: { visibility: string }) => p.visibility).sort(), [...expected[name]!].sort(), `${name} on ana's profile`);
      const tagged = (await call('GET', '/api/feed/hashtags/Matrix/posts', viewer)).json();
      t.same(tagged.items.map((p: { visibility: string }) => p.visibility).sort(), [...expected[name]!].sort(), `${name} on #matrix`);
      if (viewer && name !== 'stranger') {
        const home = (await call('GET', '/api/feed/home', viewer)).json();
        const seen = home.items.map((p: { visibility: string }) => p.visibility).sort();
        t.same(seen, [...expected[name]!].sort(), `${name}'s home feed`);
      }
    }
    t.same((await call('GET', '/api/feed/home', stranger)).json().items, [], 'a stranger follows no one: empty home');

    const search = async (viewer: typeof stranger | null) =>
      (await call('GET', '/api/search?q=zanahoria&index=feed.posts', viewer)).json().hits.map((h: { id: string }) => h.id).sort();
    t.same(await search(stranger), [ids.public], 'search: a stranger finds the public post only');
    t.same(await search(friend), [ids.public, ids.friends].sort(), 'a friend finds the friends-only post too');
    t.same(await search(author), Object.values(ids).sort(), 'the author finds all of them');
    t.same(await search(blocked), [], 'the blocked person finds nothing');

    await call('DELETE', `/api/feed/posts/${ids.public}`, author);
    t.same(await search(stranger), [], 'a deleted post leaves search');
  });
});
