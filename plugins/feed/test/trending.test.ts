import t from 'tap';
import { eachDatabase } from '@petamigos/core/testing';
import { api, boot, post } from './helpers.js';
import { uuidv7Floor } from '../src/services/trending.js';

t.test('the lowest UUIDv7 of an instant sorts below every id made from then on', async (t) => {
  const at = new Date('2026-11-23T10:00:00.000Z');
  t.equal(uuidv7Floor(at), '01a207d9-2100-0000-0000-000000000000');
  t.ok(uuidv7Floor(at) < '01a207d9-2100-7000-8000-000000000000');
  t.ok(uuidv7Floor(new Date(at.getTime() + 1)) > '01a207d9-2100-7fff-bfff-ffffffffffff');
});

t.test('trending hashtags: public posts of the last 24 h, by posts then authors, blocks respected', async (t) => {
  await eachDatabase(t, 'trending', async (t, database) => {
    const k = await boot(t, database);
    const call = api(k);
    const [ana, beto, carla, dani, fer] = await Promise.all(['ana', 'beto', 'carla', 'dani', 'fer'].map((username) => k.createUser({ username })));
    await call('POST', '/api/users/fer/block', dani);

    for (const who of [ana, beto, carla]) await post(call, who!, 'paseo #Perros');
    for (let i = 0; i < 3; i++) await post(call, ana!, `#gatos ${i} #GATOS`);
    await post(call, beto!, 'un #loro');
    for (let i = 0; i < 5; i++) await post(call, beto!, `#secreto ${i}`, 'friends');
    const old: string[] = [];
    for (let i = 0; i < 5; i++) old.push(await post(call, ana!, `#ayer ${i}`));
    await k.sql(`update feed_post set created_at = now() - interval '25 hours' where id = any(?::uuid[])`, [`{${old.join(',')}}`]);
    for (let i = 0; i < 5; i++) await call('DELETE', `/api/feed/posts/${await post(call, carla!, `#borrado ${i}`)}`, carla);
    for (let i = 0; i < 4; i++) await post(call, fer!, `#bloqueo ${i}`);

    const trending = async (viewer: typeof ana | null, query = '') => {
      const res = await call('GET', `/api/feed/hashtags/trending${query}`, viewer);
      t.equal(res.statusCode, 200, res.body);
      return res.json().items;
    };
    t.same(await trending(null), [
      { tag: 'bloqueo', posts: 4, authors: 1 },
      { tag: 'perros', posts: 3, authors: 3 },
      { tag: 'gatos', posts: 3, authors: 1 },
      { tag: 'loro', posts: 1, authors: 1 },
    ], 'friends-only, older than a day and deleted posts do not count; a tag twice in a post counts once; equal posts go to the tag more people use');
    t.same((await trending(dani)).map((x: { tag: string }) => x.tag), ['perros', 'gatos', 'loro'], 'the viewer\'s blocks leave those authors\' tags out');
    t.same((await trending(fer)).map((x: { tag: string }) => x.tag), ['bloqueo', 'perros', 'gatos', 'loro'], 'blocks apply to the viewer, not to everyone');
    t.same((await trending(null, '?limit=2')).map((x: { tag: string }) => x.tag), ['bloqueo', 'perros']);
    t.equal((await call('GET', '/api/feed/hashtags/trending?limit=0')).statusCode, 400);
    t.equal((await call('GET', '/api/feed/hashtags/trending?limit=51')).statusCode, 400);
  });
});
