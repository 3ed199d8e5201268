import { AsyncLocalStorage } from 'node:async_hooks';
import t from 'tap';
import { eachDatabase, type TestKernel, type TestUser } from '@petamigos/core/testing';
import { api, befriend, boot, post } from './helpers.js';

/**
 * The SQL statements one request sends, through the kernel's MikroORM `onQuery` hook. Only
 * statements issued inside `run` count (the async context follows the request), so the outbox
 * and other background work of the same process do not blur the number.
 */
function queryCounter(k: TestKernel) {
  const current = new AsyncLocalStorage<string[]>();
  const config = k.kernel.db.orm.config;
  const previous = config.get('onQuery');
  config.set('onQuery', (sql: string, params: readonly unknown[]) => {
    current.getStore()?.push(sql);
    return previous(sql, params as unknown[]);
  });
  return async <T>(run: () => Promise<T>): Promise<{ result: T; queries: string[] }> => {
    const queries: string[] = [];
    const result = await current.run(queries, run);
    return { result, queries };
  };
}

t.test('one home read costs the same few queries however large the reader\'s network', async (t) => {
  await eachDatabase(t, 'home read queries', async (t, database) => {
    // Over three followers an author is "big": merged into readers' pages at read time.
    const k = await boot(t, database, { settings: { fanoutMaxFollowers: 3 } });
    const call = api(k);
    const count = queryCounter(k);
    const people = await Promise.all(Array.from({ length: 70 }, (_, i) => k.createUser({ username: `pal${i}` })));
    const [small, large] = await Promise.all([k.createUser({ username: 'small' }), k.createUser({ username: 'large' })]);

    // large follows 60 people and has 10 friends; small follows 6 of the same and has 2 of them as friends.
    const connect = async (reader: TestUser, follows: number, friends: number) => {
      for (const p of people.slice(0, follows)) t.equal((await call('POST', `/api/social/following/${p.user.username}`, reader)).statusCode, 204);
      for (const p of people.slice(60, 60 + friends)) await befriend(call, reader, p);
    };
    await connect(small, 6, 2);
    await connect(large, 60, 10);
    // pal0 is the big author: seven followers.
    for (const p of people.slice(1, 6)) await call('POST', '/api/social/following/pal0', p);
    // pal60 and pal61 keep both readers in their close-friends circle.
    for (const owner of [people[60]!, people[61]!]) {
      for (const reader of [small, large]) t.equal((await call('POST', `/api/social/close-friends/${reader.user.username}`, owner)).statusCode, 204);
    }

    // Both networks' pages hold the same kinds of posts: followed and friends' posts, the big
    // author's, a close-friends post and a share.
    const shared = await post(call, people[0]!, 'from the big author');
    for (let round = 0; round < 3; round++) {
      for (const p of [...people.slice(0, 6), people[60]!, people[61]!]) await post(call, p, `round ${round} by ${p.user.username}`);
    }
    for (const p of people.slice(6, 12)) await post(call, p, `only large follows ${p.user.username}`);
    const circle = await post(call, people[60]!, 'for my circle', 'close_friends');
    const shareRes = await call('POST', `/api/feed/posts/${shared}/shares`, people[61]!, { text: 'look at this' });
    t.equal(shareRes.statusCode, 201);
    const share: string = shareRes.json().id;
    const loud = await post(call, people[0]!, 'big author again');
    await k.settle();

    const read = async (reader: TestUser) => {
      const { result, queries } = await count(() => call('GET', '/api/feed/home', reader));
      t.equal(result.statusCode, 200);
      return { body: result.json(), queries };
    };

    const seen = new Map<string, { cold: number; cached: number }>();
    for (const reader of [small, large]) {
      const cold = await read(reader);
      const cached = await read(reader);
      const items = cold.body.items as Array<{ id: string; sharedPost: { id: string } | null }>;
      t.equal(items.length, 20, `${reader.user.username}: a full page`);
      t.equal(items[0]!.id, loud, `${reader.user.username}: the big author's newest post, merged in at read time, on top`);
      t.ok(items.some((p) => p.id === circle), `${reader.user.username}: the close-friends post they are in the circle of`);
      t.equal(items.find((p) => p.id === share)?.sharedPost?.id, shared, `${reader.user.username}: the share with the shared post inside`);
      t.same(cached.body.items.map((p: { id: string }) => p.id), items.map((p) => p.id), `${reader.user.username}: the cached read answers the same`);
      seen.set(reader.user.username, { cold: cold.queries.length, cached: cached.queries.length });
      t.comment(`${database}: ${reader.user.username} — ${cold.queries.length} queries cold, ${cached.queries.length} cached`);
      if (process.env.DUMP_QUERIES) for (const q of cold.queries) t.comment(q.replace(/\s+/g, " ").slice(0, 140));
    }

    const s = seen.get('small')!;
    const l = seen.get('large')!;
    t.ok(s.cold > 0 && s.cached > 0, 'the counter sees the read\'s queries');
    t.equal(l.cold, s.cold, 'a cold read of 70 people\'s network costs what one of 8 people\'s does');
    t.equal(l.cached, s.cached, 'and so does a cached read');
    t.ok(l.cold <= 40, `a cold read stays a fixed handful of queries (${l.cold})`);
    t.ok(l.cached <= 40, `a cached read too (${l.cached})`);
  });
});

