import t from 'tap';
import { v7 as uuidv7 } from 'uuid';
import { startTestKernel, testDatabases, type TestKernel } from '@petamigos/core/testing';
import { createLogger } from '../../src/logger.js';
import { createSearchEngine, SearchError, type SearchDocument, type SearchEngine, type SearchHit, type SearchQuery } from '../../src/services/search/index.js';
import { seedIndexDefinition, seedSearchDocuments } from '../../src/services/search/seed.js';
import { startFakeMeilisearch } from './fixtures/search/fake-meilisearch.js';

/**
 * One contract, every driver: the PostgreSQL driver on PGlite and on PostgreSQL, and the
 * Meilisearch driver (its real client) against the loopback server in fixtures/search. What the
 * platform promises — visibility, filters, cursors, reindex — runs on all three; what depends on
 * language processing (typos, stemming, accents) runs on PostgreSQL only, because on Meilisearch
 * the server does that work and the fake's matching would only be testing the fake. The
 * Meilisearch requests themselves are checked in search-meilisearch.test.ts.
 */
const log = createLogger({ logLevel: (process.env.PETAMIGOS_TEST_LOG as 'debug' | undefined) ?? 'silent' });

interface Harness {
  engine: SearchEngine;
  /** PostgreSQL targets: the kernel, for raw SQL. */
  kernel?: TestKernel;
  close(): Promise<void>;
}

const targets: Array<{ title: string; postgres: boolean; open(): Promise<Harness> }> = [
  ...testDatabases().map((database) => ({
    title: `postgres driver on ${database === 'pglite' ? 'PGlite' : 'PostgreSQL'}`,
    postgres: true,
    async open(): Promise<Harness> {
      // A real kernel, so the search table comes from the kernel migration, as in production.
      const kernel = await startTestKernel({ database });
      const engine = createSearchEngine({ driver: 'postgres', orm: kernel.kernel.db.orm, log });
      return { engine, kernel, close: async () => { await engine.close(); await kernel.close(); } };
    },
  })),
  {
    title: 'meilisearch driver against the loopback Meilisearch',
    postgres: false,
    async open(): Promise<Harness> {
      const fake = await startFakeMeilisearch();
      const engine = createSearchEngine({ driver: 'meilisearch', meilisearch: { host: fake.url, apiKey: fake.apiKey }, indexPrefix: 'contract_', log });
      return { engine, close: async () => { await engine.close(); await fake.close(); } };
    },
  },
];

const alice = uuidv7();
const bob = uuidv7();
const carol = uuidv7();
const mallory = uuidv7();

const post = (id: string, text: string, visibility: SearchDocument['visibility'], extra: Record<string, unknown> = {}): SearchDocument => ({
  id,
  title: text,
  body: '',
  ...extra,
  visibility,
});
const ids = (hits: SearchHit[]) => hits.map((h) => h.id).sort();
const find = (engine: SearchEngine, q: string, viewer: SearchQuery['viewer'], more: Partial<SearchQuery> = {}) =>
  engine.search({ q, viewer, ...more }).then((r) => ids(r.hits));
/** Hits matched by the words themselves (stemmed or not), not through a typo correction (scores below 0.5). */
const findExact = (engine: SearchEngine, q: string, more: Partial<SearchQuery> = {}) =>
  engine.search({ q, viewer: { userId: null }, ...more }).then((r) => ids(r.hits.filter((h) => h.score >= 0.5)));

for (const target of targets) {
  t.test(target.title, async (t) => {
    const h = await target.open();
    t.teardown(() => h.close());
    const { engine } = h;
    const define = (name: string, extra: Partial<Parameters<SearchEngine['defineIndex']>[0]> = {}) =>
      engine.defineIndex({ name, fields: [{ name: 'title', weight: 'A' }, { name: 'body' }], ...extra });

    t.equal(await engine.ready(), true, 'ready once the backend answers');

    await t.test('a public document is found by anyone, signed in or not', async (t) => {
      await define('contract.public');
      await engine.upsert('contract.public', [post('p1', 'Luna the golden retriever', { public: true, ownerId: alice })]);
      const anonymous = await engine.search({ q: 'retriever', index: 'contract.public', viewer: { userId: null } });
      t.same(ids(anonymous.hits), ['p1']);
      t.match(anonymous.hits[0], { index: 'contract.public', id: 'p1', document: { id: 'p1', title: 'Luna the golden retriever' } });
      t.notOk('visibility' in anonymous.hits[0]!.document, 'visibility is the kernel\'s business, not part of the result');
      t.ok(Object.keys(anonymous.hits[0]!.document).every((k) => !k.startsWith('visibility_')), 'no flattened visibility either');
      t.same(await find(engine, 'retriever', { userId: carol }), ['p1'], 'a signed-in stranger too (all indexes searched when none is named)');
      t.same(await find(engine, 'poodle', { userId: null }, { index: 'contract.public' }), [], 'and only documents that match');
    });

    await t.test('a private document is hidden from strangers and visible to its owner and allowed users', async (t) => {
      await define('contract.private');
      await engine.upsert('contract.private', [
        post('secret', 'Vet visit for Max', { public: false, ownerId: alice, allowedUserIds: [bob] }),
        post('open', 'Vet visit for Toby', { public: true, ownerId: carol }),
      ]);
      const q = (userId: string | null) => find(engine, 'vet visit', { userId }, { index: 'contract.private' });
      t.same(await q(null), ['open'], 'anonymous: public only');
      t.same(await q(carol), ['open'], 'a stranger: public only');
      t.same(await q(alice), ['open', 'secret'], 'the owner sees it');
      t.same(await q(bob), ['open', 'secret'], 'an allowed user sees it');
      const first = await engine.search({ q: 'vet visit', index: 'contract.private', viewer: { userId: carol } });
      if (first.estimatedTotal !== undefined) t.equal(first.estimatedTotal, 1, 'the total does not count what the viewer may not see');
    });

    await t.test('removed documents never appear, not even to their owner', async (t) => {
      await define('contract.removed');
      await engine.upsert('contract.removed', [
        post('gone', 'Stolen bicycle listing', { public: true, ownerId: alice, removed: true }),
        post('gone-private', 'Stolen bicycle listing', { public: false, ownerId: alice, allowedUserIds: [bob], removed: true }),
        post('kept', 'Bicycle basket for dogs', { public: true, ownerId: alice }),
      ]);
      for (const userId of [null, alice, bob]) t.same(await find(engine, 'bicycle', { userId }, { index: 'contract.removed' }), ['kept'], `viewer ${userId ?? 'anonymous'}`);
      // Un-removing is just another upsert: the flag is state, not a deletion.
      await engine.upsert('contract.removed', [post('gone', 'Stolen bicycle listing', { public: true, ownerId: alice })]);
      t.same(await find(engine, 'bicycle', { userId: null }, { index: 'contract.removed' }), ['gone', 'kept']);
    });

    await t.test('documents owned by a blocked user never appear', async (t) => {
      await define('contract.blocked');
      await engine.upsert('contract.blocked', [
        post('m1', 'Parrot for adoption', { public: true, ownerId: mallory }),
        post('m2', 'Parrot cage', { public: false, ownerId: mallory, allowedUserIds: [carol] }),
        post('a1', 'Parrot toys', { public: true, ownerId: alice }),
        post('n1', 'Parrot seeds', { public: true }),
      ]);
      t.same(await find(engine, 'parrot', { userId: carol }, { index: 'contract.blocked' }), ['a1', 'm1', 'm2', 'n1'], 'before blocking');
      t.same(await find(engine, 'parrot', { userId: carol, hiddenUserIds: [mallory] }, { index: 'contract.blocked' }), ['a1', 'n1'], 'public, shared and ownerless documents alike');
      t.same(await find(engine, 'parrot', { userId: null, hiddenUserIds: [mallory, bob] }, { index: 'contract.blocked' }), ['a1', 'n1'], 'anonymous viewers can hide too');
    });

    await t.test('filters: equality, any of a list, array fields; undeclared filters refused', async (t) => {
      await define('contract.filters', { filters: ['species', 'tags', 'price', 'adopted'] });
      await engine.upsert('contract.filters', [
        post('f1', 'Friendly pet', { public: true }, { species: 'dog', tags: ['puppy', 'playful'], price: 100, adopted: false }),
        post('f2', 'Friendly pet', { public: true }, { species: 'cat', tags: ['calm'], price: 250, adopted: true }),
        post('f3', 'Friendly pet', { public: true }, { species: 'rabbit', tags: ['playful'], price: 100, adopted: false }),
      ]);
      const q = (filters: SearchQuery['filters']) => find(engine, 'friendly', { userId: null }, { index: 'contract.filters', filters });
      t.same(await q({ species: 'cat' }), ['f2'], 'a string');
      t.same(await q({ species: ['dog', 'rabbit'] }), ['f1', 'f3'], 'any of a list');
      t.same(await q({ tags: 'playful' }), ['f1', 'f3'], 'an array field contains the value');
      t.same(await q({ price: 100 }), ['f1', 'f3'], 'a number');
      t.same(await q({ adopted: true }), ['f2'], 'a boolean');
      t.same(await q({ price: 100, tags: 'puppy' }), ['f1'], 'several filters all apply');
      t.same(await find(engine, '', { userId: null }, { index: 'contract.filters', filters: { species: 'cat' } }), ['f2'], 'with an empty query: browse by filter');
      await t.rejects(q({ colour: 'red' }), { code: 'INVALID_QUERY', statusCode: 400 }, 'a field the index did not declare as a filter');
    });

    await t.test('sorting on a declared field', async (t) => {
      await define('contract.sort', { sort: ['price'] });
      await engine.upsert('contract.sort', [
        post('s1', 'Aquarium', { public: true }, { price: 30 }),
        post('s2', 'Aquarium', { public: true }, { price: 10 }),
        post('s3', 'Aquarium', { public: true }, { price: 20 }),
      ]);
      const order = async (sort: string) => (await engine.search({ q: 'aquarium', index: 'contract.sort', sort, viewer: { userId: null } })).hits.map((h) => h.id);
      t.same(await order('price:asc'), ['s2', 's3', 's1']);
      t.same(await order('price:desc'), ['s1', 's3', 's2']);
      await t.rejects(order('title:asc'), { code: 'INVALID_QUERY' }, 'a field the index did not declare sortable');
    });

    await t.test('pagination with the cursor: every document once, in order, then no cursor', async (t) => {
      await define('contract.pages', { sort: ['rank'], filters: ['kind'] });
      const docs = Array.from({ length: 23 }, (_, i) => post(`page-${String(i).padStart(2, '0')}`, 'Hamster wheel', { public: i % 5 !== 0, ownerId: alice }, { rank: i % 4, kind: 'wheel' }));
      await engine.upsert('contract.pages', docs);
      const visible = docs.filter((d) => d.visibility.public).map((d) => d.id).sort();
      for (const [label, extra] of [['by relevance', {}], ['sorted, with ties', { sort: 'rank:desc' }], ['browsing', { q: '' }]] as const) {
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await engine.search({ q: 'hamster', index: 'contract.pages', limit: 5, cursor, viewer: { userId: carol }, ...extra });
          t.ok(page.hits.length <= 5, `${label}: at most limit hits`);
          seen.push(...page.hits.map((h) => h.id));
          cursor = page.nextCursor ?? undefined;
          pages++;
        } while (cursor && pages < 10);
        t.equal(pages, 4, `${label}: 18 visible documents in pages of 5`);
        t.same([...seen].sort(), visible, `${label}: each visible document exactly once`);
        t.equal(new Set(seen).size, seen.length, `${label}: no repeats`);
      }
      const sorted: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await engine.search({ q: 'hamster', index: 'contract.pages', limit: 4, cursor, sort: 'rank:desc', viewer: { userId: carol } });
        sorted.push(...page.hits.map((h) => h.document.rank as number));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      t.same(sorted, [...sorted].sort((a, b) => b - a), 'sort order holds across page boundaries');
      const first = await engine.search({ q: 'hamster', index: 'contract.pages', limit: 5, viewer: { userId: carol } });
      await t.rejects(engine.search({ q: 'wheel', index: 'contract.pages', limit: 5, cursor: first.nextCursor!, viewer: { userId: carol } }), { code: 'INVALID_CURSOR' }, 'a cursor from another search is refused');
      await t.rejects(engine.search({ q: 'hamster', index: 'contract.pages', cursor: 'not-a-cursor', viewer: { userId: carol } }), { code: 'INVALID_CURSOR' });
      const capped = await engine.search({ q: 'hamster', index: 'contract.pages', limit: 1000, viewer: { userId: carol } });
      t.equal(capped.hits.length, 18, 'limit is capped at 100, not refused');
      t.equal(capped.nextCursor, null);
    });

    await t.test('one search across several indexes', async (t) => {
      await define('contract.multi-a');
      await define('contract.multi-b');
      await engine.upsert('contract.multi-a', [post('ma', 'Turtle terrarium', { public: true })]);
      await engine.upsert('contract.multi-b', [post('mb', 'Turtle food', { public: true }), post('mc', 'Turtle lamp', { public: false, ownerId: alice })]);
      const result = await engine.search({ q: 'turtle', index: ['contract.multi-a', 'contract.multi-b'], viewer: { userId: null } });
      t.same(result.hits.map((h) => `${h.index}/${h.id}`).sort(), ['contract.multi-a/ma', 'contract.multi-b/mb']);
      await t.rejects(engine.search({ q: 'turtle', index: ['contract.multi-a', 'contract.nope'], viewer: { userId: null } }), { code: 'UNKNOWN_INDEX' });
    });

    await t.test('upsert replaces a document whole; remove deletes it', async (t) => {
      await define('contract.replace', { filters: ['species'] });
      await engine.upsert('contract.replace', [post('r1', 'Canary singing', { public: true }, { species: 'bird' })]);
      await engine.upsert('contract.replace', [post('r1', 'Canary sleeping', { public: true })]);
      t.same(await find(engine, 'singing', { userId: null }, { index: 'contract.replace' }), [], 'old text no longer matches');
      const [hit] = (await engine.search({ q: 'sleeping', index: 'contract.replace', viewer: { userId: null } })).hits;
      t.same(hit?.document, { id: 'r1', title: 'Canary sleeping', body: '' }, 'the dropped field is gone');
      await engine.remove('contract.replace', ['r1', 'never-existed']);
      t.same(await find(engine, 'canary', { userId: null }, { index: 'contract.replace' }), []);
    });

    await t.test('reindex rebuilds the index from a source', async (t) => {
      await define('contract.reindex');
      await engine.upsert('contract.reindex', [
        post('old-1', 'Goldfish bowl', { public: true }),
        post('both', 'Goldfish net, old text', { public: true }),
      ]);
      async function* source() {
        yield [post('both', 'Goldfish net, new text', { public: true }), post('new-1', 'Goldfish flakes', { public: true })];
        yield [post('new-2', 'Goldfish plants', { public: false, ownerId: alice })];
      }
      t.equal(await engine.reindex('contract.reindex', source()), 3, 'counts the documents read');
      t.same(await find(engine, 'goldfish', { userId: alice }, { index: 'contract.reindex' }), ['both', 'new-1', 'new-2'], 'exactly the source: old-only documents are gone');
      t.same(await find(engine, 'goldfish', { userId: null }, { index: 'contract.reindex' }), ['both', 'new-1'], 'visibility comes from the source too');
      t.same(await find(engine, 'new', { userId: null }, { index: 'contract.reindex' }), ['both'], 'with the new text');
      async function* failing(): AsyncGenerator<SearchDocument[]> {
        yield [post('half', 'Goldfish half', { public: true })];
        throw new Error('source broke');
      }
      await t.rejects(engine.reindex('contract.reindex', failing()), /source broke/);
      t.same(await find(engine, 'goldfish', { userId: alice }, { index: 'contract.reindex' }), ['both', 'new-1', 'new-2'], 'a failed reindex leaves the index as it was');
    });

    await t.test('bad documents and unknown indexes are refused with the kernel error shape', async (t) => {
      await define('contract.checks');
      await t.rejects(engine.upsert('contract.checks', [{ id: 'x', title: 'No visibility' } as unknown as SearchDocument]), { code: 'INVALID_DOCUMENT' });
      await t.rejects(engine.upsert('contract.checks', [post('bad id!', 'x', { public: true })]), { code: 'INVALID_DOCUMENT' });
      await t.rejects(engine.upsert('contract.checks', [post('x', 'x', { public: true, ownerId: 'alice' })]), { code: 'INVALID_DOCUMENT' }, 'owner ids are user ids');
      await t.rejects(engine.upsert('contract.checks', [post('x', 'x', { public: true }, { visibility_public: true })]), { code: 'INVALID_DOCUMENT' }, 'a document cannot smuggle visibility fields');
      await t.rejects(engine.upsert('contract.nope', []), { code: 'UNKNOWN_INDEX' });
      await t.rejects(engine.search({ q: 'x', viewer: { userId: 'alice' } }), { code: 'INVALID_QUERY' });
      await t.rejects(engine.defineIndex({ name: 'bad name', fields: [{ name: 'title' }] }), { code: 'INVALID_INDEX' });
      await t.rejects(engine.defineIndex({ name: 'contract.x', fields: [{ name: 'visibility' }] }), { code: 'INVALID_INDEX' });
      const error = await engine.upsert('contract.nope', []).catch((e: unknown) => e);
      t.ok(error instanceof SearchError && error.statusCode === 400);
    });

    if (!target.postgres) return;

    await t.test('one typo still finds the word', async (t) => {
      await define('contract.typos', { language: 'es' });
      await engine.upsert('contract.typos', [
        post('dog', 'Mi perro es un golden retriever', { public: true }),
        post('cat', 'Mi gato duerme todo el día', { public: true }),
      ]);
      t.same(await find(engine, 'perrro', { userId: null }, { index: 'contract.typos' }), ['dog'], 'an extra letter');
      t.same(await find(engine, 'golden retreiver', { userId: null }, { index: 'contract.typos' }), ['dog'], 'swapped letters in a two-word query');
      t.same(await find(engine, 'retreiver', { userId: null }, { index: 'contract.typos' }), ['dog'], 'swapped letters alone');
      t.same(await find(engine, 'gatto', { userId: null }, { index: 'contract.typos' }), ['cat'], 'a doubled letter in a short word');
      t.same(await find(engine, 'golden retrever', { userId: null }, { index: 'contract.typos' }), ['dog'], 'a missing letter');
      t.same(await find(engine, 'duerne', { userId: null }, { index: 'contract.typos' }), ['cat'], 'a wrong letter');
      t.same(await find(engine, 'perrro?', { userId: null }, { index: 'contract.typos' }), ['dog'], 'punctuation is not syntax');
      t.same(await find(engine, 'elefante', { userId: null }, { index: 'contract.typos' }), [], 'but not any word at all');
      await engine.upsert('contract.typos', [post('private-dog', 'Otro perro', { public: false, ownerId: alice })]);
      t.same(await find(engine, 'perrro', { userId: carol }, { index: 'contract.typos' }), ['dog'], 'typo matches obey visibility too');
      t.same(await find(engine, 'perrro -golden', { userId: alice }, { index: 'contract.typos' }), ['private-dog'], 'and exclusions');
    });

    await t.test('exact words rank above typo matches', async (t) => {
      await define('contract.ranking');
      await engine.upsert('contract.ranking', [post('typo', 'Adopt a kiten', { public: true }), post('exact', 'Adopt a kitten', { public: true })]);
      const { hits } = await engine.search({ q: 'kitten', index: 'contract.ranking', viewer: { userId: null } });
      t.same(hits.map((h) => h.id), ['exact', 'typo']);
      t.ok(hits[0]!.score > hits[1]!.score);
    });

    await t.test('language-aware stemming', async (t) => {
      await define('contract.stemming', { language: 'es-MX' });
      await engine.upsert('contract.stemming', [post('es', 'Paseo con mi perro por el parque', { public: true })]);
      // findExact: "perros" is also one typo away from "perro"; stemming must match it as the word itself.
      t.same(await findExact(engine, 'perros', { index: 'contract.stemming' }), ['es'], 'Spanish plural finds the singular');
      t.same(await findExact(engine, 'parques paseos', { index: 'contract.stemming' }), ['es']);
      await define('contract.stemming-mixed', { language: { field: 'lang' } });
      await engine.upsert('contract.stemming-mixed', [
        post('en', 'Our dogs love running', { public: true }, { lang: 'en' }),
        post('pt', 'Os cachorros adoram correr', { public: true }, { lang: 'pt-BR' }),
      ]);
      t.same(await findExact(engine, 'dog runs', { index: 'contract.stemming-mixed', language: 'en' }), ['en'], 'each document stemmed in its own language');
      t.same(await findExact(engine, 'cachorro', { index: 'contract.stemming-mixed', language: 'pt-BR' }), ['pt']);
      t.same(await findExact(engine, 'dogs', { index: 'contract.stemming-mixed', language: 'es' }), ['en'], 'the exact word matches whatever language the viewer uses');
    });

    await t.test('accent-insensitive', async (t) => {
      await define('contract.accents', { language: 'es' });
      await engine.upsert('contract.accents', [post('song', 'La canción del ratón', { public: true }), post('plain', 'Cafe para gatos', { public: true })]);
      t.same(await find(engine, 'cancion', { userId: null }, { index: 'contract.accents' }), ['song'], 'no accent in the query');
      t.same(await find(engine, 'RATÓN', { userId: null }, { index: 'contract.accents' }), ['song'], 'accent and case in the query');
      t.same(await find(engine, 'café', { userId: null }, { index: 'contract.accents' }), ['plain'], 'accent only in the query');
      // Without a language nothing is stemmed, and Spanish stemming alone would also fold accents:
      // this is unaccent's work.
      await define('contract.accents-simple');
      await engine.upsert('contract.accents-simple', [post('lullaby', 'Canción de cuna en el café', { public: true })]);
      t.same(await find(engine, 'cafe', { userId: null }, { index: 'contract.accents-simple' }), ['lullaby'], 'accent only in the document (a word too short for typos)');
      const { hits } = await engine.search({ q: 'cancion', index: 'contract.accents-simple', viewer: { userId: null } });
      t.ok(hits.length === 1 && hits[0]!.score >= 0.5, 'matched as the word itself, not as a typo of it');
    });

    await t.test('weights: a title match outranks a body match', async (t) => {
      await engine.defineIndex({ name: 'contract.weights', fields: [{ name: 'title', weight: 'A' }, { name: 'body', weight: 'D' }] });
      await engine.upsert('contract.weights', [
        // Ids chosen so that the tie-break (newest id first) would put the body match first.
        { id: 'b-in-body', title: 'Weekend news', body: 'We met a ferret', visibility: { public: true } },
        { id: 'a-in-title', title: 'A ferret', body: 'Weekend news', visibility: { public: true } },
      ]);
      const { hits } = await engine.search({ q: 'ferret', index: 'contract.weights', viewer: { userId: null } });
      t.same(hits.map((h) => h.id), ['a-in-title', 'b-in-body']);
    });

    await t.test('reindex keeps what was upserted while the source was being read', async (t) => {
      await define('contract.reindex-live');
      await engine.upsert('contract.reindex-live', [post('live', 'Hedgehog house, before', { public: true })]);
      async function* source() {
        yield [post('live', 'Hedgehog house, as the source read it', { public: true })];
        // The plugin's event handler updates the document while the job is still reading.
        await engine.upsert('contract.reindex-live', [post('live', 'Hedgehog house, edited meanwhile', { public: true })]);
        yield [post('other', 'Hedgehog food', { public: true })];
      }
      await engine.reindex('contract.reindex-live', source());
      const { hits } = await engine.search({ q: 'hedgehog', index: 'contract.reindex-live', viewer: { userId: null } });
      t.same(hits.map((h) => [h.id, h.document.title]).sort(), [['live', 'Hedgehog house, edited meanwhile'], ['other', 'Hedgehog food']]);
    });

    await t.test('a document removed during a reindex stays removed', async (t) => {
      await define('contract.reindex-remove');
      async function* source() {
        yield [post('doomed', 'Iguana lamp', { public: true })];
        // Deleted by its owner after the job read it, before the swap.
        await engine.remove('contract.reindex-remove', ['doomed']);
        yield [post('kept', 'Iguana tank', { public: true })];
      }
      await engine.reindex('contract.reindex-remove', source());
      t.same(await find(engine, 'iguana', { userId: null }, { index: 'contract.reindex-remove' }), ['kept']);
    });

    await t.test('changing an index\'s fields or language warns that it needs a reindex', async (t) => {
      const lines: string[] = [];
      const watched = createSearchEngine({ driver: 'postgres', orm: h.kernel!.kernel.db.orm, log: createLogger({ logLevel: 'warn' }, { write: (line: string) => void lines.push(line) }) });
      await watched.defineIndex({ name: 'contract.redefine', fields: [{ name: 'title' }], filters: ['a'] });
      await watched.upsert('contract.redefine', [post('r', 'Axolotl', { public: true })]);
      await watched.defineIndex({ name: 'contract.redefine', fields: [{ name: 'title' }], filters: ['b'] });
      t.same(lines, [], 'filters and sort are read at query time: no warning');
      await watched.defineIndex({ name: 'contract.redefine', fields: [{ name: 'title', weight: 'A' }], language: 'es' });
      t.equal(lines.length, 1);
      t.match(JSON.parse(lines[0]!), { index: 'contract.redefine', documents: 1, msg: /reindexed/ });
      await watched.defineIndex({ name: 'contract.redefine', fields: [{ name: 'title', weight: 'A' }], language: 'es' });
      t.equal(lines.length, 1, 'once: the new declaration is remembered');
    });

    await t.test('bulk upsert: 2 500 documents, batched, then searched', async (t) => {
      await engine.defineIndex(seedIndexDefinition('contract.bulk'));
      const started = Date.now();
      await seedSearchDocuments(engine, 'contract.bulk', 2500);
      t.comment(`upserted 2 500 documents in ${Date.now() - started} ms`);
      const [row] = await h.kernel!.sql<{ n: number }>("select count(*)::int as n from kernel_search_document where index_name = 'contract.bulk'");
      t.equal(row?.n, 2500);
      const result = await engine.search({ q: 'perro golden', index: 'contract.bulk', viewer: { userId: null }, language: 'es' });
      t.equal(result.hits.length, 20);
      t.ok(result.estimatedTotal! > 20, 'the total counts every visible match');
      t.ok(result.hits.every((hit) => hit.score >= 0.5), 'exact matches first');
    });
  });
}
