import t from 'tap';
import { eachDatabase, eachDriver } from '@petamigos/core/testing';
import { api, befriend, boot, post } from './helpers.js';

t.test('home feed: order, pagination under inserts, filters, fan-out and the database fallback', async (t) => {
  await eachDatabase(t, 'home feed', async (t, database) => {
    await eachDriver(t, 'home feed', async (t, services) => {
      // carla has two followers: above the threshold, so her posts are merged at read time.
      const k = await boot(t, database, { services, settings: { fanoutMaxFollowers: 1 } });
      const call = api(k);
      const [ana, beto, carla, dani, eva, fer] = await Promise.all(['ana', 'beto', 'carla', 'dani', 'eva', 'fer'].map((username) => k.createUser({ username })));
      await befriend(call, ana!, beto!);
      await befriend(call, ana!, eva!);
      await befriend(call, ana!, fer!);
      await call('POST', '/api/social/following/carla', ana);
      await call('POST', '/api/social/following/carla', dani);
      await call('POST', '/api/social/mutes/eva', ana);
      await call('POST', '/api/users/fer/block', ana);
      const homeCache = k.kernel.cache.namespace('feed');

      const expected: string[] = [];
      for (let i = 0; i < 26; i++) {
        const author = [ana, beto, carla][i % 3]!;
        expected.unshift(await post(call, author, `post ${i}`, author === carla ? 'public' : 'friends'));
        if (i % 5 === 0) {
          await post(call, dani!, `stranger ${i}`);                  // nobody ana knows
          await post(call, carla!, `carla friends-only ${i}`, 'friends'); // ana only follows carla
          await post(call, eva!, `muted ${i}`);
          await post(call, fer!, `blocked ${i}`);
          await post(call, beto!, `beto only-me ${i}`, 'only_me');
        }
      }
      await k.settle();

      const readAll = async (onEachPage?: (page: number) => Promise<void>) => {
        const ids: string[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < 10; page++) {
          const res = await call('GET', `/api/feed/home${cursor ? `?cursor=${cursor}` : ''}`, ana);
          t.equal(res.statusCode, 200);
          const body = res.json();
          t.ok(body.items.length <= 20);
          ids.push(...body.items.map((p: { id: string }) => p.id));
          cursor = body.nextCursor;
          if (!cursor) break;
          await onEachPage?.(page);
        }
        return ids;
      };

      // New posts between pages do not shift the next page: the cursor is the last id seen.
      const inserted: string[] = [];
      const first = await readAll(async () => {
        inserted.unshift(await post(call, beto!, 'arrived while paging', 'friends'));
        await k.settle();
      });
      t.same(first, expected, 'newest first, everything once, nothing filtered leaks in');
      t.ok((await homeCache.get<{ ids: string[] }>(`home:${ana!.user.id}`))?.ids.includes(inserted[0]!), 'the new post was fanned out into her cached list');
      const now = [...inserted, ...expected];
      t.same(await readAll(), now, 'and the new posts are on top afterwards');

      // carla is over the fan-out threshold: her new post is merged in at read time.
      const loud = await post(call, carla!, 'big account news');
      await k.settle();
      t.notOk((await homeCache.get<{ ids: string[] }>(`home:${ana!.user.id}`))!.ids.includes(loud), 'not fanned out');
      t.equal((await call('GET', '/api/feed/home', ana)).json().items[0].id, loud, 'yet first in her feed');
      now.unshift(loud);

      // The cache is only an accelerator: wiped, or wrong, the feed is the same.
      await homeCache.deleteByPrefix('home:');
      t.same(await readAll(), now, 'after wiping the cache');
      await homeCache.set(`home:${ana!.user.id}`, { ids: now.slice(0, 5), complete: false });
      t.same(await readAll(), now, 'after the cached list was trimmed');

      // Unmuting brings eva back without any rebuild.
      await call('DELETE', '/api/social/mutes/eva', ana);
      const unmuted = await readAll();
      t.equal(unmuted.length, now.length + 6, 'eva\'s six posts are back');

      // Fan-outs racing into one list must not overwrite each other.
      await call('GET', '/api/feed/home', ana);
      const burst = await Promise.all(Array.from({ length: 15 }, (_, i) => post(call, beto!, `burst ${i}`, 'friends')));
      await k.settle();
      const cached = (await homeCache.get<{ ids: string[] }>(`home:${ana!.user.id}`))?.ids ?? [];
      t.ok(burst.every((id) => cached.includes(id)) || cached.length === 0, 'every racing post is in the list (or the list was dropped, never wrong)');
      const top = (await call('GET', '/api/feed/home', ana)).json().items.map((p: { id: string }) => p.id);
      t.same(top.slice(0, 15), [...burst].sort().reverse(), 'and in the feed');

      const ranked = (await call('GET', '/api/feed/home?mode=ranked', ana)).json();
      t.equal(ranked.mode, 'ranked');
      t.equal(ranked.items.length, 20);
      t.ok(ranked.items.every((p: { why?: string }) => typeof p.why === 'string' && p.why.length > 0), 'each ranked post says why');
      t.ok(ranked.items.some((p: { why: string }) => p.why === 'because you follow carla' || p.why.startsWith('because you follow')));
      const rest = (await call('GET', `/api/feed/home?mode=ranked&cursor=${ranked.nextCursor}`, ana)).json();
      const all = [...ranked.items, ...rest.items].map((p: { id: string }) => p.id);
      t.equal(new Set(all).size, all.length, 'ranked pages do not repeat');
      t.equal((await call('GET', '/api/feed/home?cursor=nonsense', ana)).statusCode, 400);
      t.equal((await call('GET', '/api/feed/home?mode=loud', ana)).statusCode, 400);
      t.equal((await call('GET', '/api/feed/home')).statusCode, 401);
    });
  });
});
