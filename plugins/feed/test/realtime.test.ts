import t from 'tap';
import { eachDatabase } from '@petamigos/core/testing';
import { api, boot, connect, post } from './helpers.js';

t.test('live reaction counts on feed.post:<id>, for those who may see the post; routes in OpenAPI', async (t) => {
  await eachDatabase(t, 'realtime and docs', async (t, database) => {
    const k = await boot(t, database);
    const call = api(k);
    const [ana, beto, carla] = await Promise.all(['ana', 'beto', 'carla'].map((username) => k.createUser({ username })));
    const open = await post(call, ana, 'public');
    const secret = await post(call, ana, 'only me', 'only_me');

    const ws = await connect(k, beto.headers);
    t.teardown(() => ws.socket.terminate());
    ws.send({ type: 'subscribe', channel: `feed.post:${secret}` });
    t.match(await ws.next((m) => m.type === 'error'), { code: 'FORBIDDEN' }, 'a post you cannot see has no channel for you');
    ws.send({ type: 'subscribe', channel: `feed.post:${open}` });
    await ws.next((m) => m.type === 'subscribed');
    await call('PUT', `/api/feed/posts/${open}/reactions`, carla, { kind: 'haha' });
    t.match(await ws.next((m) => m.type === 'message'), { channel: `feed.post:${open}`, data: { type: 'reactions', counts: { haha: 1 } } });

    const doc = (await call('GET', '/docs/json')).json();
    const feedPaths = Object.entries(doc.paths as Record<string, Record<string, { tags?: string[] }>>).filter(([path]) => path.startsWith('/api/feed/'));
    t.ok(feedPaths.length >= 14, 'feed routes are documented');
    for (const [path, operations] of feedPaths) {
      for (const [method, op] of Object.entries(operations)) t.ok(op.tags?.includes('feed'), `${method} ${path} is tagged feed`);
    }
  });
});
