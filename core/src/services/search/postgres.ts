import type { Transaction } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyBaseLogger } from 'fastify';
import { SearchError } from './errors.js';
import type { SearchDocument, SearchEngine, SearchHit, SearchIndexDefinition, SearchQuery, SearchResults } from './index.js';
import { textSearchConfigFor } from './language.js';
import { Fragment, join, raw, sql } from './sql-fragment.js';
import { corrections, MIN_WORD_FOR_TYPO } from './typos.js';
import {
  checkDocumentIds,
  decodeCursor,
  encodeCursor,
  normalizeDocuments,
  normalizeIndex,
  normalizeQuery,
  type IndexSpec,
  type NormalizedDocument,
  type NormalizedQuery,
} from './validate.js';

const TABLE = 'kernel_search_document';
const WORDS = 'kernel_search_word';
const BATCH = 1000;

interface SortKey {
  /** Column of the ranked subquery (unqualified). */
  column: string;
  direction: 'asc' | 'desc';
  /** Type the cursor's text value is cast back to, so comparisons are exact. */
  cast: 'jsonb' | 'real' | 'text';
  /** Column of the result row holding the value as text, for the cursor. */
  textColumn: string;
}

interface ResultRow {
  index_name: string;
  doc_id: string;
  body: Record<string, unknown>;
  score: number | string;
  score_text: string;
  sort_text?: string;
  total?: number | string;
}

/**
 * Full-text search in the kernel's own database (PGlite or PostgreSQL), in one table,
 * `kernel_search_document`. Each document gets a tsvector built with its language's stemmer over
 * unaccented text (so "perros" finds "perro" and "cancion" finds "canción"), plus the same words
 * unstemmed so an exact word matches whatever language the query was stemmed in. Typos are
 * forgiven the way Meilisearch does (one from 5 letters, two from 9): each query word is also
 * looked for as the index's vocabulary words within that distance, found through a trigram index
 * on `kernel_search_word`, and those matches rank below exact ones. Visibility is part of the
 * WHERE clause, and pages are keyset cursors over (sort field, score, id), so a page never
 * repeats or skips a document.
 */
export class PostgresSearchEngine implements SearchEngine {
  readonly driver = 'postgres' as const;
  private readonly orm: MikroORM;
  private readonly log: FastifyBaseLogger;
  private readonly specs = new Map<string, IndexSpec>();
  private installedConfigs?: Promise<Set<string>>;
  private closed = false;

  constructor(options: { orm: MikroORM; log: FastifyBaseLogger }) {
    this.orm = options.orm;
    this.log = options.log;
  }

  async defineIndex(def: SearchIndexDefinition): Promise<void> {
    this.assertOpen();
    const spec = normalizeIndex(def);
    await this.configs();
    // What shaped the stored tsvectors; filters and sort are read at query time and can change freely.
    const shape = JSON.stringify({ fields: spec.fields, language: spec.language, languageField: spec.languageField });
    const [row] = await this.run<{ changed: boolean }>(sql`with previous as (select definition from kernel_search_index where name = ${spec.name}),
        saved as (insert into kernel_search_index (name, definition) values (${spec.name}, ${shape}::jsonb)
          on conflict (name) do update set definition = excluded.definition, defined_at = now())
      select coalesce((select definition <> ${shape}::jsonb from previous), false) as changed`);
    if (row?.changed) {
      const [stored] = await this.run<{ n: number }>(sql`select count(*)::int as n from ${raw(TABLE)} where index_name = ${spec.name}`);
      if ((stored?.n ?? 0) > 0) {
        this.log.warn({ index: spec.name, documents: stored!.n }, 'search index fields or language changed: existing documents keep the old weights and stemming until the index is reindexed');
      }
    }
    this.specs.set(spec.name, spec);
  }

  async upsert(index: string, docs: SearchDocument[]): Promise<void> {
    this.assertOpen();
    const spec = this.spec(index);
    const normalized = normalizeDocuments(spec, docs);
    for (let i = 0; i < normalized.length; i += BATCH) await this.write(spec, spec.name, normalized.slice(i, i + BATCH));
  }

  async remove(index: string, ids: string[]): Promise<void> {
    this.assertOpen();
    const spec = this.spec(index);
    const unique = checkDocumentIds(spec.name, ids);
    if (unique.length === 0) return;
    // A reindex in progress may already hold the document: it must not come back with the swap.
    await this.run(sql`delete from ${raw(TABLE)} where index_name in (${spec.name}, ${stagingOf(spec.name)})
      and doc_id in (select jsonb_array_elements_text(${JSON.stringify(unique)}::jsonb))`, 'run');
  }

  async search(query: SearchQuery): Promise<SearchResults> {
    this.assertOpen();
    const nq = normalizeQuery(query, this.specs);
    if (nq.indexes.length === 0) return { hits: [], nextCursor: null };
    const text = nq.q ? await this.prepareText(nq) : null;
    if (text && !text.original && !text.corrected) return { hits: [], nextCursor: null, estimatedTotal: 0 };

    const keys: SortKey[] = [];
    if (nq.sort) keys.push({ column: 'sort_key', direction: nq.sort.direction, cast: 'jsonb', textColumn: 'sort_text' });
    if (text) keys.push({ column: 'score', direction: 'desc', cast: 'real', textColumn: 'score_text' });
    // Ties go to the newest document: ids are uuid v7, whose text order is creation order.
    keys.push({ column: 'doc_id', direction: 'desc', cast: 'text', textColumn: 'doc_id' });
    keys.push({ column: 'index_name', direction: 'asc', cast: 'text', textColumn: 'index_name' });

    let after: string[] | null = null;
    if (nq.cursor) {
      const position = decodeCursor(nq.cursor, nq.fingerprint);
      if (!Array.isArray(position) || position.length !== keys.length || !position.every((v) => typeof v === 'string')) {
        throw new SearchError('INVALID_CURSOR', 'the cursor is not one this search returned');
      }
      after = position as string[];
    }

    const conditions: Fragment[] = [
      sql`d.index_name in (${join(nq.indexes.map((s) => sql`${s.name}`), ', ')})`,
      ...visibilityConditions(nq),
      ...nq.filters.map(({ field, values }) =>
        values.length === 1
          ? sql`(d.body -> ${field}) @> ${JSON.stringify(values[0])}::jsonb`
          : sql`(d.body -> ${field}) @> any(array[${join(values.map((v) => sql`${JSON.stringify(v)}::jsonb`), ', ')}])`,
      ),
    ];
    let score = raw('0::real');
    if (text) {
      const { original, corrected } = text;
      // Exact (stemmed) matches score in [0.5, 1), matches through a typo correction in [0, 0.5):
      // a corrected word never outranks the word as typed.
      const exact = original ? sql`0.5::real + 0.5::real * ts_rank_cd(d.search, ${original}::tsquery, 32)` : null;
      const typo = corrected ? sql`0.5::real * ts_rank_cd(d.search, ${corrected}::tsquery, 32)` : null;
      if (exact && typo) {
        conditions.push(sql`d.search @@ ${`(${original}) | (${corrected})`}::tsquery`);
        score = sql`case when d.search @@ ${original}::tsquery then ${exact} else ${typo} end`;
      } else {
        conditions.push(sql`d.search @@ ${(original ?? corrected)!}::tsquery`);
        score = (exact ?? typo)!;
      }
    }
    const withTotal = text !== null && after === null;

    // Ranking carries only keys and scores; the bodies of the one page are fetched afterwards.
    // Carrying them through the sort (and the count) spilled tens of MB to disk on broad queries.
    let ranked = sql`select d.index_name, d.doc_id, (${score})::real as score
        ${nq.sort ? sql`, coalesce(d.body -> ${nq.sort.field}, 'null'::jsonb) as sort_key` : raw('')}
      from ${raw(TABLE)} d
      where ${join(conditions, ' and ')}`;
    // OFFSET 0 keeps the planner from deferring the score to after the count, which would make
    // the count buffer every matching tsvector.
    if (withTotal) ranked = sql`select m.*, count(*) over () as total from (${ranked} offset 0) m`;
    const orderBy = (alias: string) => raw(keys.map((k) => `${alias}.${k.column} ${k.direction}`).join(', '));
    const rows = await this.run<ResultRow>(sql`select p.index_name, p.doc_id, b.body, p.score, p.score::text as score_text
        ${nq.sort ? raw(', p.sort_key::text as sort_text') : raw('')}
        ${withTotal ? raw(', p.total') : raw('')}
      from (
        select s.* from (${ranked}) s
        ${after ? sql`where ${keysetAfter(keys, after)}` : raw('')}
        order by ${orderBy('s')}
        limit ${nq.limit + 1}
      ) p
      join ${raw(TABLE)} b on b.index_name = p.index_name and b.doc_id = p.doc_id
      order by ${orderBy('p')}`);

    const page = rows.slice(0, nq.limit);
    const last = page.at(-1);
    const hits: SearchHit[] = page.map((row) => ({ index: row.index_name, id: row.doc_id, score: Number(row.score), document: row.body }));
    const nextCursor = rows.length > nq.limit && last ? encodeCursor(nq.fingerprint, keys.map((k) => String(last[k.textColumn as keyof ResultRow]))) : null;
    const result: SearchResults = { hits, nextCursor };
    if (withTotal) result.estimatedTotal = rows.length > 0 ? Number(rows[0]!.total) : 0;
    return result;
  }

  async reindex(index: string, source: AsyncIterable<SearchDocument[]>): Promise<number> {
    this.assertOpen();
    const spec = this.spec(index);
    // The new set is built beside the live one (not in one long transaction: on PGlite the only
    // connection would be held while the source reads the plugin's tables through it, a deadlock),
    // then swapped in one short transaction. Searches see the old set until then.
    const staging = stagingOf(spec.name);
    const [clock] = await this.run<{ started: string }>(sql`select now()::text as started`);
    const started = clock!.started;
    await this.run(sql`delete from ${raw(TABLE)} where index_name = ${staging}`, 'run');
    let count = 0;
    try {
      for await (const batch of source) {
        const docs = normalizeDocuments(spec, batch);
        for (let i = 0; i < docs.length; i += BATCH) await this.write(spec, staging, docs.slice(i, i + BATCH));
        count += docs.length;
      }
      await this.orm.em.getConnection().transactional(async (trx: Transaction) => {
        // Documents upserted while the source was being read are newer than what it returned: keep them.
        await this.run(sql`delete from ${raw(TABLE)} where index_name = ${spec.name} and updated_at < ${started}::timestamptz`, 'run', trx);
        await this.run(sql`delete from ${raw(TABLE)} s where s.index_name = ${staging}
          and exists (select 1 from ${raw(TABLE)} l where l.index_name = ${spec.name} and l.doc_id = s.doc_id)`, 'run', trx);
        await this.run(sql`update ${raw(TABLE)} set index_name = ${spec.name} where index_name = ${staging}`, 'run', trx);
      });
    } catch (error) {
      await this.run(sql`delete from ${raw(TABLE)} where index_name = ${staging}`, 'run').catch((cleanup: unknown) => {
        this.log.warn({ err: cleanup, index: spec.name }, 'search reindex: could not clear the staging rows of a failed reindex');
      });
      throw error;
    }
    this.log.info({ index: spec.name, documents: count }, 'search index rebuilt');
    return count;
  }

  async ready(): Promise<boolean> {
    if (this.closed) return false;
    try {
      const [row] = await this.run<{ ok: boolean }>(sql`select to_regclass(${TABLE}) is not null as ok`);
      return row?.ok === true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    // The database belongs to the kernel; nothing of ours to release.
    this.closed = true;
  }

  /**
   * One statement per batch: the documents travel as a single JSON parameter, PostgreSQL builds
   * every tsvector itself with the stemmer of each document's language, and the new words join the
   * index's vocabulary in the same statement, so 1 000 documents cost one round trip.
   */
  private async write(spec: IndexSpec, indexName: string, docs: NormalizedDocument[], trx?: Transaction): Promise<void> {
    if (docs.length === 0) return;
    const installed = await this.configs();
    // Rows are locked in id order (and words in word order below), the same order in every
    // concurrent upsert, so two overlapping batches wait for each other instead of deadlocking.
    const payload = [...docs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((doc) => ({
      id: doc.id,
      body: doc.body,
      cfg: this.configFor(doc.locale, installed),
      texts: doc.texts,
      public: doc.visibility.public,
      owner_id: doc.visibility.ownerId,
      allowed: doc.visibility.allowedUserIds,
      removed: doc.visibility.removed,
    }));
    const vector = spec.fields
      .map((field, i) => {
        const text = `v.u[${i + 1}]`;
        // The unstemmed copy lets an exact word match even when the query was stemmed in another language.
        return `setweight(to_tsvector(v.cfg::regconfig, ${text}) || case when v.cfg = 'simple' then ''::tsvector else to_tsvector('simple'::regconfig, ${text}) end, '${field.weight}')`;
      })
      .join(' || ');
    await this.run(
      sql`with v as (
          select r.*, a.u
          from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb)
            as r(id text, body jsonb, cfg text, texts text[], public boolean, owner_id uuid, allowed uuid[], removed boolean)
          cross join lateral (
            select array_agg(unaccent(coalesce(x.t, '')) order by x.n) as u from unnest(r.texts) with ordinality as x(t, n)
          ) a
        ), written as (
          insert into ${raw(TABLE)} (index_name, doc_id, body, search, public, owner_id, allowed, removed, updated_at)
          select ${indexName}, v.id, v.body, ${raw(vector)}, v.public, v.owner_id, coalesce(v.allowed, '{}'), v.removed, now()
          from v
          order by v.id
          on conflict (index_name, doc_id) do update set
            body = excluded.body, search = excluded.search, public = excluded.public, owner_id = excluded.owner_id,
            allowed = excluded.allowed, removed = excluded.removed, updated_at = excluded.updated_at
        )
        insert into ${raw(WORDS)} (index_name, word)
        select distinct ${spec.name}, w.word
        from v, unnest(tsvector_to_array(to_tsvector('simple'::regconfig, array_to_string(v.u, ' ')))) as w(word)
        -- Shorter words get no typo budget, so they are never looked up.
        where char_length(w.word) between ${MIN_WORD_FOR_TYPO - 1} and 64 and w.word !~ '^[0-9]+$'
        order by 2
        on conflict do nothing`,
      'run',
      trx,
    );
  }

  /**
   * Turns the user's words into tsqueries: `original` stemmed in the viewer's language, each
   * index's language, and unstemmed; `corrected` the same words with each one that may be a typo
   * widened to the vocabulary words within its typo budget. Both are parsed here, so the main query
   * gets constants the planner can match against the GIN index.
   */
  private async prepareText(nq: NormalizedQuery): Promise<{ original: string | null; corrected: string | null }> {
    const installed = await this.configs();
    const configs = new Set<string>(['simple']);
    if (nq.language) configs.add(this.configFor(nq.language, installed));
    for (const spec of nq.indexes) if (spec.language) configs.add(this.configFor(spec.language, installed));
    const parse = (fn: string, arg: Fragment) => join([...configs].map((cfg) => sql`${raw(fn)}(${cfg}::regconfig, ${arg})`), ' || ');

    const { plain, negated } = splitWebsearch(nq.q);
    const words = plain.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const excluded = negated.flatMap((term) => term.split(/[^\p{L}\p{N}]+/u)).filter(Boolean);
    const indexNames = join(nq.indexes.map((s) => sql`${s.name}`), ', ');
    const [row] = await this.run<{ original: string; words: Array<{ word: string; candidates: string[] }>; excluded: string[] }>(
      sql`select (${parse('websearch_to_tsquery', raw('unaccent(q.text)'))})::text as original,
          coalesce((select jsonb_agg(jsonb_build_object('word', x.word, 'candidates',
              case when char_length(x.word) < ${MIN_WORD_FOR_TYPO} then '{}'::text[] else array(
                select c.word from (select distinct w.word from ${raw(WORDS)} w where w.index_name in (${indexNames}) and w.word % x.word) c
                order by similarity(c.word, x.word) desc, c.word limit 20) end) order by x.n)
            from (select lower(unaccent(e.value)) as word, e.n from jsonb_array_elements_text(${JSON.stringify(words)}::jsonb) with ordinality e(value, n)) x), '[]'::jsonb) as words,
          array(select lower(unaccent(e)) from jsonb_array_elements_text(${JSON.stringify(excluded)}::jsonb) e) as excluded
        from (select ${nq.q}::text as text) q`,
    );
    const original = row!.original.trim() === '' ? null : row!.original;
    let corrected: string | null = null;
    const alternatives = row!.words.map(({ word, candidates }) => [word, ...corrections(word, candidates)]);
    if (alternatives.some((alts) => alts.length > 1)) {
      // Only letters and digits reach here (split above, unaccented, lower-cased), so the words are
      // safe as to_tsquery operands; each still goes through every configuration's stemmer.
      const terms = [...alternatives.map((alts) => (alts.length > 1 ? `(${alts.join(' | ')})` : alts[0]!)), ...row!.excluded.map((w) => `!${w}`)];
      const [parsed] = await this.run<{ corrected: string }>(sql`select (${parse('to_tsquery', sql`${terms.join(' & ')}`)})::text as corrected`);
      corrected = parsed!.corrected.trim() === '' ? null : parsed!.corrected;
    }
    return { original, corrected };
  }

  private spec(index: string): IndexSpec {
    const spec = this.specs.get(index);
    if (!spec) throw new SearchError('UNKNOWN_INDEX', `unknown search index "${index}" (not defined with defineIndex)`);
    return spec;
  }

  /** Text-search configurations this server ships, read once (PostgreSQL 15 and PGlite differ). */
  private configs(): Promise<Set<string>> {
    this.installedConfigs ??= this.run<{ cfgname: string }>(sql`select cfgname from pg_ts_config`).then((rows) => new Set(rows.map((r) => r.cfgname)));
    return this.installedConfigs;
  }

  private configFor(locale: string | null, installed: Set<string>): string {
    const cfg = textSearchConfigFor(locale);
    return installed.has(cfg) ? cfg : 'simple';
  }

  private run<Row = Record<string, unknown>>(fragment: Fragment, method: 'all' | 'run' = 'all', trx?: Transaction): Promise<Row[]> {
    return this.orm.em.getConnection().execute(fragment.text, fragment.params as never[], method, trx) as Promise<Row[]>;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('search: the engine is closed');
  }
}

/** Where a reindex builds the new set: a name no index can have ('#' is not allowed in names). */
function stagingOf(index: string): string {
  return `${index}#reindex`;
}

function visibilityConditions(nq: NormalizedQuery): Fragment[] {
  const conditions = [raw('not d.removed')];
  conditions.push(nq.viewerId ? sql`(d.public or d.owner_id = ${nq.viewerId}::uuid or ${nq.viewerId}::uuid = any(d.allowed))` : raw('d.public'));
  if (nq.hiddenUserIds.length > 0) {
    // Ids are validated uuids, so the array literal needs no quoting.
    conditions.push(sql`(d.owner_id is null or d.owner_id <> all(${`{${nq.hiddenUserIds.join(',')}}`}::uuid[]))`);
  }
  return conditions;
}

/** Rows strictly after the cursor in the ORDER BY of `keys` (mixed directions, so no row comparison). */
function keysetAfter(keys: SortKey[], values: string[]): Fragment {
  const [key, ...rest] = keys;
  const value = values[0]!;
  const column = raw(`s.${key!.column}`);
  const beyond = sql`${column} ${raw(key!.direction === 'asc' ? '>' : '<')} ${value}::${raw(key!.cast)}`;
  if (rest.length === 0) return beyond;
  return sql`(${beyond} or (${column} = ${value}::${raw(key!.cast)} and ${keysetAfter(rest, values.slice(1))}))`;
}

/**
 * Splits websearch syntax into the words to match loosely and the excluded ones: the trigram
 * match sees raw text, where quotes, `or` and `-word` would be read as words.
 */
export function splitWebsearch(q: string): { plain: string; negated: string[] } {
  const negated: string[] = [];
  const plain = q
    .replace(/(^|\s)-("[^"]*"|\S+)/g, (_match, lead: string, term: string) => {
      const word = term.replaceAll('"', '').trim();
      if (word) negated.push(word);
      return lead;
    })
    .replaceAll('"', ' ')
    .replace(/(^|\s)or(?=\s|$)/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { plain, negated };
}
