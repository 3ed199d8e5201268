import t, { type Test } from 'tap';
import { v7 as uuidv7 } from 'uuid';
import { createLogger } from '../../src/logger.js';
import { createSearchEngine, SearchError, type SearchDocument, type SearchEngine } from '../../src/services/search/index.js';
import { startFakeMeilisearch, type FakeMeilisearch, type RecordedRequest } from './fixtures/search/fake-meilisearch.js';

/**
 * The Meilisearch driver uses the real `meilisearch` client; Meilisearch itself cannot run here,
 * so the server is fixtures/search/fake-meilisearch.ts, which implements the documented endpoints
 * the client calls. These tests pin what the driver sends — paths, bodies, filter expressions,
 * auth — to the documented API (https://www.meilisearch.com/docs/reference/api), and that it waits
 * for its tasks and reports their failures. The behaviour the platform promises (visibility,
 * cursors, reindex) is in search.test.ts, which runs on this driver too.
 */
const log = createLogger({ logLevel: (process.env.PETAMIGOS_TEST_LOG as 'debug' | undefined) ?? 'silent' });

const owner = uuidv7();
const friend = uuidv7();
const blocked = uuidv7();
const viewer = uuidv7();

const VISIBILITY = ['visibility_public', 'visibility_owner', 'visibility_allowed', 'visibility_removed'];
const taskUidOf = (fake: FakeMeilisearch, request: RecordedRequest) => {
  // Tasks are numbered in the order the fake enqueued them; find the one this write created.
  const index = fake.requests.filter((r) => r.method !== 'GET').indexOf(request);
  return [...fake.tasks.values()].sort((a, b) => a.uid - b.uid)[index]?.uid;
};

async function open(t: Test, options: { apiKey?: string; prefix?: string } = {}): Promise<{ fake: FakeMeilisearch; engine: SearchEngine }> {
  const fake = await startFakeMeilisearch();
  const engine = createSearchEngine({
    driver: 'meilisearch',
    meilisearch: { host: fake.url, apiKey: options.apiKey ?? fake.apiKey, taskTimeoutMs: 5000 },
    indexPrefix: options.prefix ?? 'pa_',
    log,
  });
  t.teardown(async () => {
    await engine.close();
    await fake.close();
  });
  return { fake, engine };
}

const feedPosts = {
  name: 'feed.posts',
  fields: [{ name: 'body' }, { name: 'title', weight: 'A' as const }, { name: 'tags', weight: 'B' as const }],
  filters: ['species', 'tags'],
  sort: ['createdAt'],
  language: 'es-MX',
};

const doc = (id: string, extra: Partial<SearchDocument> & { visibility?: SearchDocument['visibility'] } = {}): SearchDocument => ({
  id,
  title: 'Perro perdido',
  body: 'Se busca perro',
  tags: ['perro'],
  species: 'dog',
  createdAt: '2026-01-01T00:00:00Z',
  visibility: { public: true, ownerId: owner },
  ...extra,
});

t.test('Meilisearch driver: real meilisearch client against a loopback server speaking its documented API', async (t) => {
  await t.test('defineIndex creates the index and derives its settings from the declaration', async (t) => {
    const { fake, engine } = await open(t);
    await engine.defineIndex(feedPosts);
    const [create] = fake.requestsTo('POST', '/indexes');
    t.same(create?.body, { uid: 'pa_feed__posts', primaryKey: 'id' }, 'POST /indexes with the uid (dots are not allowed in uids) and the primary key');
    const [settings] = fake.requestsTo('PATCH', '/indexes/pa_feed__posts/settings');
    t.same(settings?.body, {
      searchableAttributes: ['title', 'tags', 'body'],
      filterableAttributes: ['species', 'tags', ...VISIBILITY],
      sortableAttributes: ['createdAt'],
      rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
      localizedAttributes: [{ attributePatterns: ['*'], locales: ['spa'] }],
    }, 'PATCH /indexes/{uid}/settings: searchable by weight, filterable = filters + visibility, sortable, the language as ISO 639-3');
    t.same(fake.indexes.get('pa_feed__posts')?.settings.filterableAttributes, ['species', 'tags', ...VISIBILITY], 'and the server applied them');
    t.equal(fake.requestsTo('GET', /^\/tasks\/\d+$/).length >= 2, true, 'both tasks were awaited through GET /tasks/{uid}');

    await engine.defineIndex({ ...feedPosts, language: undefined });
    const creates = fake.requestsTo('POST', '/indexes');
    t.equal(creates.length, 2, 'defining again asks to create again…');
    t.equal(fake.tasks.get(taskUidOf(fake, creates[1]!)!)?.error?.code, 'index_already_exists', '…and the already-exists task failure is accepted');
    const resettled = fake.requestsTo('PATCH', '/indexes/pa_feed__posts/settings')[1]?.body as { localizedAttributes?: unknown } | undefined;
    t.equal(resettled?.localizedAttributes, null, 'a dropped language is reset, not kept');

    for (const request of fake.requests) {
      if (request.path === '/health') continue;
      t.equal(request.headers.authorization, `Bearer ${fake.apiKey}`, `${request.method} ${request.path} carries the API key as a Bearer token`);
    }
  });

  await t.test('upsert sends whole documents with flat visibility attributes and waits for the task', async (t) => {
    const { fake, engine } = await open(t);
    await engine.defineIndex(feedPosts);
    await engine.upsert('feed.posts', [doc('p1', { visibility: { public: false, ownerId: owner, allowedUserIds: [friend] } }), doc('p2')]);
    const [add] = fake.requestsTo('POST', '/indexes/pa_feed__posts/documents');
    t.same(add?.query, { primaryKey: 'id' }, 'POST /indexes/{uid}/documents?primaryKey=id (add or replace)');
    t.same(add?.body, [
      { id: 'p1', title: 'Perro perdido', body: 'Se busca perro', tags: ['perro'], species: 'dog', createdAt: '2026-01-01T00:00:00Z', visibility_public: false, visibility_owner: owner, visibility_allowed: [friend], visibility_removed: false },
      { id: 'p2', title: 'Perro perdido', body: 'Se busca perro', tags: ['perro'], species: 'dog', createdAt: '2026-01-01T00:00:00Z', visibility_public: true, visibility_owner: owner, visibility_allowed: [], visibility_removed: false },
    ]);
    const task = fake.tasks.get(taskUidOf(fake, add!)!);
    t.equal(task?.status, 'succeeded', 'upsert resolved only once Meilisearch had processed the documents');
    t.ok(fake.requestsTo('GET', `/tasks/${task!.uid}`).length > 0, 'by polling GET /tasks/{uid}');

    fake.requests.length = 0;
    await engine.upsert('feed.posts', Array.from({ length: 2300 }, (_, i) => doc(`bulk-${i}`)));
    t.same(fake.requestsTo('POST', '/indexes/pa_feed__posts/documents').map((r) => (r.body as unknown[]).length), [1000, 1000, 300], 'large upserts go in batches of 1 000');
    t.equal(fake.indexes.get('pa_feed__posts')?.docs.size, 2302);

    await engine.remove('feed.posts', ['p1', 'bulk-0']);
    t.same(fake.requestsTo('POST', '/indexes/pa_feed__posts/documents/delete-batch').map((r) => r.body), [['p1', 'bulk-0']], 'POST /indexes/{uid}/documents/delete-batch with the ids');
    t.notOk(fake.indexes.get('pa_feed__posts')?.docs.has('p1'));
  });

  await t.test('every search carries the visibility filter', async (t) => {
    const { fake, engine } = await open(t);
    await engine.defineIndex(feedPosts);
    await engine.upsert('feed.posts', [
      doc('open', { createdAt: '2026-01-03T00:00:00Z' }),
      doc('mine', { visibility: { public: false, ownerId: viewer } }),
      doc('shared', { visibility: { public: false, ownerId: owner, allowedUserIds: [viewer] } }),
      doc('private', { visibility: { public: false, ownerId: owner } }),
      doc('removed', { visibility: { public: true, ownerId: owner, removed: true } }),
      doc('blocked', { visibility: { public: true, ownerId: blocked } }),
      doc('quoted', { species: 'say "hi" \\ bye', visibility: { public: true } }),
    ]);

    fake.requests.length = 0;
    const result = await engine.search({ q: 'perro', index: 'feed.posts', filters: { species: 'dog' }, sort: 'createdAt:desc', limit: 10, viewer: { userId: viewer, hiddenUserIds: [blocked] } });
    const [search] = fake.requestsTo('POST', '/indexes/pa_feed__posts/search');
    t.same(search?.body, {
      q: 'perro',
      filter: `(visibility_public = true OR visibility_owner = "${viewer}" OR visibility_allowed = "${viewer}") AND visibility_removed = false AND visibility_owner NOT IN ["${blocked}"] AND species = "dog"`,
      limit: 11,
      offset: 0,
      showRankingScore: true,
      sort: ['createdAt:desc'],
    }, 'POST /indexes/{uid}/search with q, the filter expression, limit (+1 to know about a next page), offset, sort');
    t.same(result.hits.map((h) => h.id).sort(), ['mine', 'open', 'shared'], 'the server, applying that filter, returns only what the viewer may see');
    t.equal(result.hits[0]?.id, 'open', 'sorted as asked');
    t.ok(result.hits.every((h) => Object.keys(h.document).every((k) => !k.startsWith('visibility_') && !k.startsWith('_'))), 'hits come back without visibility or ranking attributes');
    t.equal(typeof result.hits[0]?.score, 'number', 'the score is _rankingScore');

    fake.requests.length = 0;
    await engine.search({ q: '', index: 'feed.posts', viewer: { userId: null } });
    t.equal((fake.requestsTo('POST', '/indexes/pa_feed__posts/search')[0]?.body as { filter: string }).filter, 'visibility_public = true AND visibility_removed = false', 'anonymous: public and not removed, nothing else');

    const quoted = await engine.search({ q: '', index: 'feed.posts', filters: { species: ['say "hi" \\ bye', 'cat'] }, viewer: { userId: null } });
    t.equal((fake.requests.at(-1)?.body as { filter: string }).filter.endsWith('AND species IN ["say \\"hi\\" \\\\ bye", "cat"]'), true, 'strings are quoted and escaped as the filter grammar documents');
    t.same(quoted.hits.map((h) => h.id), ['quoted'], 'and the server reads the value back intact');
  });

  await t.test('pagination is offset-based under an opaque cursor', async (t) => {
    const { fake, engine } = await open(t);
    await engine.defineIndex(feedPosts);
    await engine.upsert('feed.posts', Array.from({ length: 5 }, (_, i) => doc(`d${i}`)));
    fake.requests.length = 0;
    const first = await engine.search({ q: 'perro', index: 'feed.posts', limit: 2, viewer: { userId: null } });
    const second = await engine.search({ q: 'perro', index: 'feed.posts', limit: 2, cursor: first.nextCursor!, viewer: { userId: null } });
    const third = await engine.search({ q: 'perro', index: 'feed.posts', limit: 2, cursor: second.nextCursor!, viewer: { userId: null } });
    t.same(fake.requestsTo('POST', '/indexes/pa_feed__posts/search').map((r) => (r.body as { offset: number; limit: number })), [
      { q: 'perro', filter: 'visibility_public = true AND visibility_removed = false', limit: 3, offset: 0, showRankingScore: true },
      { q: 'perro', filter: 'visibility_public = true AND visibility_removed = false', limit: 3, offset: 2, showRankingScore: true },
      { q: 'perro', filter: 'visibility_public = true AND visibility_removed = false', limit: 3, offset: 4, showRankingScore: true },
    ]);
    t.equal(third.nextCursor, null);
    t.equal(first.estimatedTotal, 5, 'estimatedTotalHits passes through');
    t.equal(new Set([...first.hits, ...second.hits, ...third.hits].map((h) => h.id)).size, 5);
  });

  await t.test('several indexes are searched in one federated multi-search', async (t) => {
    const { fake, engine } = await open(t);
    await engine.defineIndex(feedPosts);
    await engine.defineIndex({ name: 'market.listings', fields: [{ name: 'title' }], filters: ['species'] });
    await engine.upsert('feed.posts', [doc('post')]);
    await engine.upsert('market.listings', [{ id: 'listing', title: 'Collar para perro', species: 'dog', visibility: { public: true } }]);
    fake.requests.length = 0;
    const result = await engine.search({ q: 'perro', index: ['feed.posts', 'market.listings'], filters: { species: 'dog' }, limit: 5, viewer: { userId: viewer } });
    const filter = `(visibility_public = true OR visibility_owner = "${viewer}" OR visibility_allowed = "${viewer}") AND visibility_removed = false AND species = "dog"`;
    t.same(fake.requestsTo('POST', '/multi-search')[0]?.body, {
      federation: { limit: 6, offset: 0 },
      queries: [
        { indexUid: 'pa_feed__posts', q: 'perro', filter },
        { indexUid: 'pa_market__listings', q: 'perro', filter },
      ],
    }, 'POST /multi-search with federation (paging once, for the merged list) and the visibility filter on every query');
    t.same(result.hits.map((h) => `${h.index}/${h.id}`).sort(), ['feed.posts/post', 'market.listings/listing'], 'hits name their kernel index, from _federation.indexUid');
  });

  await t.test('reindex builds a temporary index and swaps it in', async (t) => {
    const { fake, engine } = await open(t);
    await engine.defineIndex(feedPosts);
    await engine.upsert('feed.posts', [doc('stale'), doc('kept', { title: 'old' })]);
    fake.requests.length = 0;
    async function* source() {
      yield [doc('kept', { title: 'new' }), doc('fresh')];
    }
    t.equal(await engine.reindex('feed.posts', source()), 2);
    const writes = fake.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
    t.same(writes, [
      'DELETE /indexes/pa_feed__posts___reindex',
      'POST /indexes',
      'PATCH /indexes/pa_feed__posts___reindex/settings',
      'POST /indexes/pa_feed__posts___reindex/documents',
      'POST /indexes',
      'POST /swap-indexes',
      'DELETE /indexes/pa_feed__posts___reindex',
    ]);
    t.same(fake.requestsTo('POST', '/swap-indexes')[0]?.body, [{ indexes: ['pa_feed__posts', 'pa_feed__posts___reindex'] }], 'POST /swap-indexes with the pair');
    t.same(fake.requestsTo('PATCH', '/indexes/pa_feed__posts___reindex/settings')[0]?.body, {
      searchableAttributes: ['title', 'tags', 'body'],
      filterableAttributes: ['species', 'tags', ...VISIBILITY],
      sortableAttributes: ['createdAt'],
      rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
      localizedAttributes: [{ attributePatterns: ['*'], locales: ['spa'] }],
    }, 'the temporary index gets the same settings before any document');
    t.same([...fake.indexes.get('pa_feed__posts')!.docs.keys()].sort(), ['fresh', 'kept'], 'the live uid now holds exactly the source');
    t.notOk(fake.indexes.has('pa_feed__posts___reindex'), 'and the temporary index is gone');
  });

  await t.test('failures: a failed task, a wrong key, an unreachable server', async (t) => {
    const { fake, engine } = await open(t);
    await engine.defineIndex(feedPosts);
    fake.indexes.delete('pa_feed__posts');
    const failed = await engine.remove('feed.posts', ['x']).catch((e: unknown) => e);
    t.ok(failed instanceof SearchError, 'a task that failed on the server fails the call');
    t.match(failed, { code: 'SEARCH_BACKEND_ERROR', statusCode: 502, details: { code: 'index_not_found' } });

    const wrongKey = createSearchEngine({ driver: 'meilisearch', meilisearch: { host: fake.url, apiKey: 'wrong' }, log });
    await t.rejects(wrongKey.defineIndex(feedPosts), { code: 'SEARCH_BACKEND_ERROR', details: { status: 403, code: 'invalid_api_key' } });
    const noKey = createSearchEngine({ driver: 'meilisearch', meilisearch: { host: fake.url }, log });
    await t.rejects(noKey.defineIndex(feedPosts), { details: { status: 401, code: 'missing_authorization_header' } });

    t.equal(await engine.ready(), true, 'ready: GET /health answers available');
    t.ok(fake.requestsTo('GET', '/health').length > 0);
    await fake.close();
    t.equal(await engine.ready(), false, 'not ready once the server is gone');
    await t.rejects(engine.search({ q: 'perro', index: 'feed.posts', viewer: { userId: null } }), { code: 'SEARCH_UNAVAILABLE', statusCode: 503 });
  });
});
