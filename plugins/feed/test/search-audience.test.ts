import t from 'tap';
import { eachDatabase, eachDriver } from '@petamigos/core/testing';
import { api, befriend, boot, post } from './helpers.js';

t.test('search follows friendships: friends-only posts are found by new friends, and no longer by former ones', async (t) => {
  await eachDatabase(t, 'search audiences', async (t, database) => {
    await eachDriver(t, 'search audiences', async (t, services) => {
      const k = await boot(t, database, { services });
      const call = api(k);
      const [ana, beto, carla] = await Promise.all(['ana', 'beto', 'carla'].map((username) => k.createUser({ username })));
      const mine = await post(call, ana!, 'berenjena de ana', 'friends');
      const hers = await post(call, carla!, 'berenjena de carla', 'friends');
      const open = await post(call, beto!, 'berenjena para todos');
      await k.settle();
      const search = async (viewer: typeof ana) => (await call('GET', '/api/search?q=berenjena&index=feed.posts', viewer)).json().hits.map((h: { id: string }) => h.id).sort();

      t.same(await search(carla), [open, hers].sort(), 'before: carla finds her own and the public post');
      await befriend(call, ana!, carla!);
      await k.settle();
      t.same(await search(carla), [open, hers, mine].sort(), 'friends now: she finds ana\'s friends-only post');
      t.same(await search(ana), [open, hers, mine].sort(), 'and ana finds hers');
      t.same(await search(beto), [open], 'nobody else does');

      t.equal((await call('DELETE', `/api/social/friends/${carla!.user.username}`, ana)).statusCode, 204);
      await k.settle();
      t.same(await search(carla), [open, hers].sort(), 'unfriended: gone again');
      t.same(await search(ana), [open, mine].sort());

      await befriend(call, ana!, carla!);
      await call('POST', `/api/users/${carla!.user.username}/block`, ana);
      await k.settle();
      t.same(await search(carla), [open, hers].sort(), 'a block hides ana altogether');
      // The social graph notices a block (the kernel's, without an event) the next time either uses it.
      t.equal((await call('GET', '/api/social/friend-requests/incoming', ana)).statusCode, 200);
      await k.settle();
      t.same(await k.sql(`select 1 from social_friendship where status = 'accepted'`), [], 'the block ended the friendship');
      await call('DELETE', `/api/users/${carla!.user.username}/block`, ana);
      await k.settle();
      t.same(await search(carla), [open, hers].sort(), 'and the friendship it ended is over in search too, after the block is lifted');
    });
  });
});
