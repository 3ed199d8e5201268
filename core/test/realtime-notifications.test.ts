import { EventEmitter } from 'node:events';
import t from 'tap';
import { definePlugin, Type } from '@petamigos/core';
import { createTestDatabase, eachDatabase, eachDriver, startTestKernel, testDatabases, testServiceDrivers, uniqueRedisPrefix, dropRedisPrefix, type TestKernel } from '@petamigos/core/testing';
import { InProcessChannelLog } from '../src/realtime/channel-log.js';
import { RealtimeHub } from '../src/realtime/realtime-hub.js';
import { createLogger } from '../src/logger.js';

/** A plugin with a realtime channel readers must be members of, and a route that notifies. */
const clubs = definePlugin({
  name: 'clubs',
  version: '1.0.0',
  kernel: '^0.1.0',
  realtime: { channels: { room: { authorize: (user, key) => Boolean(user) && key === 'dogs' } } },
  routes(app, ctx) {
    app.post('/say', { schema: { body: Type.Object({ text: Type.String() }) } }, async (request) => {
      await ctx.realtime.publish('room', 'dogs', { text: request.body.text });
      return { ok: true };
    });
    app.post('/react', { preHandler: ctx.auth.requireUser, schema: { body: Type.Object({ to: Type.String(), post: Type.String() }) } }, async (request) => {
      await ctx.notifications.send({ type: 'reaction', recipientId: request.body.to, actorId: request.user!.id, target: { type: 'post', id: request.body.post }, textKey: 'clubs.reacted' });
      return { ok: true };
    });
  },
});

type Socket = Awaited<ReturnType<TestKernel['app']['injectWS']>>;
interface Inbox { socket: Socket; messages: Array<Record<string, unknown>>; next(match: (m: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>> }

async function connect(k: TestKernel, headers: Record<string, string> = {}, query = ''): Promise<Inbox> {
  const socket = await k.app.injectWS(`/api/realtime${query}`, { headers });
  const messages: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (raw: Buffer) => {
    messages.push(JSON.parse(raw.toString()) as Record<string, unknown>);
    for (const w of waiters.splice(0)) w();
  });
  let seen = 0;
  return {
    socket,
    messages,
    async next(match, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = messages.findIndex((m, i) => i >= seen && match(m));
        if (index >= 0) {
          seen = index + 1;
          return messages[index]!;
        }
        if (Date.now() > deadline) throw new Error(`no matching message; got ${JSON.stringify(messages)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
  };
}
const send = (inbox: Inbox, message: object) => inbox.socket.send(JSON.stringify(message));

t.test('realtime channels', async (t) => {
  await eachDriver(t, 'authorisation and replay', async (t, services) => {
    const k = await startTestKernel({ plugins: [clubs], services });
    t.teardown(() => k.close());
    const ana = await k.createUser();
    const beto = await k.createUser();
    const socket = await connect(k, ana.headers);
    t.teardown(() => socket.socket.terminate());
    send(socket, { type: 'ping' });
    await socket.next((m) => m.type === 'pong');

    send(socket, { type: 'subscribe', channel: `user:${beto.user.id}` });
    t.match(await socket.next((m) => m.type === 'error'), { code: 'FORBIDDEN', channel: `user:${beto.user.id}` }, "someone else's channel is refused");
    send(socket, { type: 'subscribe', channel: 'nonsense:1' });
    t.match(await socket.next((m) => m.type === 'error'), { code: 'UNKNOWN_CHANNEL' });
    send(socket, { type: 'subscribe', channel: 'clubs.room:cats' });
    t.match(await socket.next((m) => m.type === 'error'), { code: 'FORBIDDEN' }, 'plugins authorise their own channels');
    socket.socket.send('not json');
    t.match(await socket.next((m) => m.type === 'error'), { code: 'BAD_MESSAGE' });

    send(socket, { type: 'subscribe', channel: `user:${ana.user.id}` });
    await socket.next((m) => m.type === 'subscribed');
    const first = await k.kernel.realtime.publish(`user:${ana.user.id}`, { n: 1 });
    t.match(await socket.next((m) => m.type === 'message'), { channel: `user:${ana.user.id}`, id: first.id, data: { n: 1 } });
    socket.socket.terminate();

    await k.kernel.realtime.publish(`user:${ana.user.id}`, { n: 2 });
    await k.kernel.realtime.publish(`user:${ana.user.id}`, { n: 3 });
    const again = await connect(k, {}, `?token=${ana.tokens.accessToken}`);
    t.teardown(() => again.socket.terminate());
    send(again, { type: 'subscribe', channel: `user:${ana.user.id}`, lastId: first.id });
    const missed = [await again.next((m) => m.type === 'message'), await again.next((m) => m.type === 'message')];
    t.same(missed.map((m) => m.data), [{ n: 2 }, { n: 3 }], 'a client that reconnects with its last id gets what it missed, in order');

    send(again, { type: 'subscribe', channel: 'clubs.room:dogs' });
    await again.next((m) => m.type === 'subscribed' && m.channel === 'clubs.room:dogs');
    await k.app.inject({ method: 'POST', url: '/api/clubs/say', payload: { text: 'guau' } });
    t.match(await again.next((m) => m.type === 'message' && m.channel === 'clubs.room:dogs'), { data: { text: 'guau' } });

    const anonymous = await connect(k);
    t.teardown(() => anonymous.socket.terminate());
    send(anonymous, { type: 'subscribe', channel: `user:${ana.user.id}` });
    t.match(await anonymous.next((m) => m.type === 'error'), { code: 'FORBIDDEN' });
    await t.rejects(connect(k, {}, '?token=garbage'), 'a bad token is refused before the upgrade');
  });
});

t.test('with Redis, a message published on one process reaches a socket on another', { skip: !(testServiceDrivers().includes('redis') && testDatabases().includes('postgres')) && 'needs Redis and PostgreSQL' }, async (t) => {
  const db = await createTestDatabase('postgres');
  t.teardown(() => db.drop());
  const redisPrefix = uniqueRedisPrefix();
  t.teardown(() => dropRedisPrefix(redisPrefix));
  const a = await startTestKernel({ plugins: [clubs], database: db, services: 'redis', redisPrefix });
  const b = await startTestKernel({ plugins: [clubs], database: db, services: 'redis', redisPrefix });
  t.teardown(async () => {
    await a.close();
    await b.close();
  });
  const ana = await a.createUser();
  const socket = await connect(a, ana.headers);
  t.teardown(() => socket.socket.terminate());
  send(socket, { type: 'subscribe', channel: `user:${ana.user.id}` });
  await socket.next((m) => m.type === 'subscribed');
  await b.kernel.realtime.publish(`user:${ana.user.id}`, { from: 'b' });
  t.match(await socket.next((m) => m.type === 'message'), { data: { from: 'b' } });
});

t.test('notifications', async (t) => {
  await eachDatabase(t, 'live, listed, grouped, read, preferences, blocks', async (t, database) => {
    const k = await startTestKernel({ plugins: [clubs], database });
    t.teardown(() => k.close());
    const ana = await k.createUser({ displayName: 'Ana' });
    const beto = await k.createUser({ displayName: 'Beto' });
    const carla = await k.createUser({ displayName: 'Carla' });
    const socket = await connect(k, ana.headers);
    t.teardown(() => socket.socket.terminate());
    send(socket, { type: 'subscribe', channel: `user:${ana.user.id}` });
    await socket.next((m) => m.type === 'subscribed');

    const react = (who: typeof beto, post = 'p1') => k.app.inject({ method: 'POST', url: '/api/clubs/react', headers: who.headers, payload: { to: ana.user.id, post } });
    await react(beto);
    const live = await socket.next((m) => m.type === 'message');
    t.match(live.data, { type: 'notification', notification: { type: 'clubs.reaction', actorIds: [beto.user.id], actorCount: 1, target: { type: 'post', id: 'p1' } } }, 'it arrives over the socket');

    await react(carla);
    await react(carla);
    const list = (await k.app.inject({ url: '/api/notifications', headers: ana.headers })).json();
    t.equal(list.items.length, 1, 'similar notifications group');
    t.match(list.items[0], { actorCount: 2, actorIds: [carla.user.id, beto.user.id], read: false });
    t.match(list.items[0].text, /Carla/);
    t.same((await k.app.inject({ url: '/api/notifications/unread-count', headers: ana.headers })).json(), { count: 1 });

    t.same((await k.app.inject({ method: 'POST', url: '/api/notifications/read', headers: ana.headers, payload: { all: true } })).json(), { marked: 1 });
    await react(beto);
    t.equal((await k.app.inject({ url: '/api/notifications', headers: ana.headers })).json().items.length, 2, 'after reading, a new one starts a new group');
    t.equal((await k.app.inject({ url: '/api/notifications?unread=true', headers: beto.headers })).json().items.length, 0, 'users see only their own');

    t.equal((await k.app.inject({ method: 'PUT', url: '/api/notifications/preferences/clubs.reaction', headers: ana.headers, payload: { inApp: false, email: true } })).statusCode, 204);
    await react(carla, 'p2');
    t.equal((await k.app.inject({ url: '/api/notifications', headers: ana.headers })).json().items.length, 2, 'in-app off: not stored');
    t.ok(await k.lastMail(ana.user.email), 'email on: mailed');

    await k.app.inject({ method: 'PUT', url: '/api/notifications/preferences/clubs.reaction', headers: ana.headers, payload: { inApp: true, email: false } });
    await k.app.inject({ method: 'POST', url: `/api/users/${beto.user.username}/block`, headers: ana.headers });
    await react(beto, 'p3');
    t.equal((await k.app.inject({ url: '/api/notifications', headers: ana.headers })).json().items.length, 2, 'nothing crosses a block');
    t.equal((await k.app.inject({ url: '/api/notifications?cursor=zzz', headers: ana.headers })).statusCode, 400);
  });
});

/** A stand-in socket: enough of `ws` for the hub, with a controllable send buffer. */
class FakeSocket extends EventEmitter {
  readyState = 1;
  bufferedAmount = 0;
  sent: Array<Record<string, unknown>> = [];
  terminated = false;
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  ping() {}
  terminate() {
    this.terminated = true;
  }
  close() {}
}

t.test('slow readers are told to resync instead of growing memory; dead sockets are reaped', async (t) => {
  const hub = new RealtimeHub(new InProcessChannelLog(), createLogger({ logLevel: 'silent' }), { heartbeatMs: 30, maxBufferedBytes: 1000 });
  t.teardown(() => hub.close());
  hub.defineChannelType('room', () => true);
  const slow = new FakeSocket();
  hub.attach(slow as never, null);
  slow.emit('message', Buffer.from(JSON.stringify({ type: 'subscribe', channel: 'room:1' })));
  await new Promise((resolve) => setTimeout(resolve, 10));
  slow.bufferedAmount = 5000;
  for (let i = 0; i < 50; i++) await hub.publish('room:1', { i });
  t.equal(slow.sent.filter((m) => m.type === 'message').length, 0, 'nothing queued while the client is behind');
  slow.bufferedAmount = 0;
  await hub.publish('room:1', { i: 50 });
  const tail = slow.sent.slice(-2);
  t.match(tail, [{ type: 'resync', channel: 'room:1' }, { type: 'message', data: { i: 50 } }], 'then a resync, then live again');

  slow.emit('pong');
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.ok(slow.terminated, 'a socket that stops answering pings is terminated');
  t.equal(hub.connectionCount, 0);
});
