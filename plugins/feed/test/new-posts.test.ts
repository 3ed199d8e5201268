import t from 'tap';
import { eachDatabase, eachDriver } from '@petamigos/core/testing';
import { api, befriend, boot, connect, post } from './helpers.js';

t.test('"N new posts": feed.home:<userId> announces what lands in the home feed; new-count after a reconnect', async (t) => {
  await eachDatabase(t, 'new posts', async (t, database) => {
    await eachDriver(t, 'new posts', async (t, services) => {
      // carla has two followers: above the threshold, so her posts are merged at read time, not fanned out.
      const k = await boot(t, database, { services, settings: { fanoutMaxFollowers: 1 } });
      const call = api(k);
      const [ana, beto, carla, dani, eva, gus] = await Promise.all(['ana', 'beto', 'carla', 'dani', 'eva', 'gus'].map((username) => k.createUser({ username })));
      await befriend(call, ana!, beto!);
      await befriend(call, ana!, eva!);
      await befriend(call, ana!, gus!);
      await call('POST', '/api/social/following/carla', ana);
      await call('POST', '/api/social/following/carla', dani);
      await call('POST', '/api/social/mutes/eva', ana);
      await k.settle();

      const ws = await connect(k, ana!.headers);
      t.teardown(() => ws.socket.terminate());
      const home = `feed.home:${ana!.user.id}`;
      ws.send({ type: 'subscribe', channel: home });
      await ws.next((m) => m.type === 'subscribed' && m.channel === home);
      const spy = await connect(k, beto!.headers);
      t.teardown(() => spy.socket.terminate());
      spy.send({ type: 'subscribe', channel: home });
      t.match(await spy.next((m) => m.type === 'error'), { code: 'FORBIDDEN', channel: home }, 'nobody else reads your home channel');
      const anonymous = await connect(k, {});
      t.teardown(() => anonymous.socket.terminate());
      anonymous.send({ type: 'subscribe', channel: home });
      t.match(await anonymous.next((m) => m.type === 'error'), { code: 'FORBIDDEN' });

      const fromFriend = await post(call, beto!, 'friends only', 'friends');
      await k.settle();
      const announced = await ws.next((m) => m.type === 'message');
      t.equal(announced.channel, home);
      const created = (await call('GET', `/api/feed/posts/${fromFriend}`, ana)).json();
      t.same(announced.data, { type: 'post', postId: fromFriend, authorId: beto!.user.id, createdAt: created.createdAt }, 'a fanned-out post is announced with its id, author and time');

      const fromBig = await post(call, carla!, 'to my many followers');
      await k.settle();
      t.match((await ws.next((m) => m.type === 'message')).data, { postId: fromBig, authorId: carla!.user.id }, 'so is a post of an author merged at read time');

      // None of these land in ana's home feed, so none is announced to her.
      await post(call, eva!, 'muted by ana');
      await post(call, dani!, 'a stranger to ana');
      await post(call, gus!, 'for my circle, ana is not in it', 'close_friends');
      await post(call, beto!, 'just for me', 'only_me');
      await post(call, carla!, 'friends of carla only', 'friends');
      await post(call, ana!, 'ana writes herself');
      await k.settle();
      const last = await post(call, beto!, 'and one more');
      await k.settle();
      t.match((await ws.next((m) => m.type === 'message')).data, { postId: last }, 'the next announcement is the next post that is really hers to see');

      // Someone who has not been around gets no live message; the count still finds the post.
      const dws = await connect(k, dani!.headers);
      t.teardown(() => dws.socket.terminate());
      dws.send({ type: 'subscribe', channel: `feed.home:${dani!.user.id}` });
      await dws.next((m) => m.type === 'subscribed');
      await k.sql(`update kernel_user set last_active_at = now() - interval '2 hours' where id = ?`, [dani!.user.id]);
      const whileAway = await post(call, carla!, 'while dani is away');
      await k.settle();
      await k.sql('update kernel_user set last_active_at = now() where id = ?', [dani!.user.id]);
      const whileBack = await post(call, carla!, 'dani is back');
      await k.settle();
      t.match((await dws.next((m) => m.type === 'message')).data, { postId: whileBack }, 'only the post made while dani was active was announced to dani');
      t.not(whileAway, whileBack);

      // After a reconnect: how many posts of others are newer than the newest one the client has.
      const count = async (who: typeof ana | null, since: string) => call('GET', `/api/feed/home/new-count?since=${since}`, who);
      t.same((await count(ana, fromFriend)).json(), { count: 4, capped: false }, 'carla ×3, beto ×1; not her own, muted, strangers\', circles she is not in, or only-me posts');
      t.same((await count(ana, whileBack)).json(), { count: 0, capped: false });
      t.same((await count(dani, fromFriend)).json(), { count: 3, capped: false }, 'every carla post since, the one announced while dani was away included');
      t.equal((await count(ana, 'not-an-id')).statusCode, 400);
      t.equal((await count(null, fromFriend)).statusCode, 401);
      // Posts the badge then shows are exactly the top of the feed.
      const top = (await call('GET', '/api/feed/home', ana)).json().items.map((p: { id: string }) => p.id);
      t.ok(top.slice(0, 5).every((id: string) => id > fromFriend) && top[5] === fromFriend, 'four from others and her own sit above the last post she had seen');
    });
  });
});
