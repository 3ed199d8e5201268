import type { FastifyBaseLogger } from 'fastify';
import {
  Meilisearch,
  MeilisearchApiError,
  type EnqueuedTask,
  type Hit,
  type IndexSwap,
  type SearchParams,
  type SearchResponse,
  type Settings,
  type Task,
} from 'meilisearch';
import { SearchError } from './errors.js';
import type { SearchDocument, SearchEngine, SearchHit, SearchIndexDefinition, SearchQuery, SearchResults } from './index.js';
import { meilisearchLocaleFor } from './language.js';
import {
  checkDocumentIds,
  decodeCursor,
  encodeCursor,
  normalizeDocuments,
  normalizeIndex,
  normalizeQuery,
  type FilterValue,
  type IndexSpec,
  type NormalizedDocument,
  type NormalizedQuery,
} from './validate.js';

const BATCH = 1000;
/** Visibility travels flat on every document: Meilisearch filters on top-level attributes. */
export const VISIBILITY_ATTRIBUTES = ['visibility_public', 'visibility_owner', 'visibility_allowed', 'visibility_removed'] as const;
// 'sort' first: a requested sort orders the results, relevance only breaks ties, as on PostgreSQL.
// Without a sort parameter the rule does nothing and relevance decides.
const RANKING_RULES = ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'];
const WEIGHT_ORDER = { A: 0, B: 1, C: 2, D: 3 } as const;
/** Names cannot contain three underscores in a row (see validate.ts), so this uid is never an index's. */
const REINDEX_SUFFIX = '___reindex';

export interface MeilisearchEngineOptions {
  host: string;
  apiKey?: string;
  taskTimeoutMs?: number;
  indexPrefix: string;
  log: FastifyBaseLogger;
}

/**
 * Search on a Meilisearch server through its official client. Index settings come from the
 * declaration (searchable attributes in weight order, filterable = declared filters + the
 * visibility attributes, sortable), documents carry their visibility as flat attributes, and every
 * search ANDs a visibility filter to whatever the caller asked. Writes wait for their task, so a
 * failure Meilisearch only reports on the task (a bad document, a full disk) fails the call and the
 * job that made it is retried.
 */
export class MeilisearchSearchEngine implements SearchEngine {
  readonly driver = 'meilisearch' as const;
  private readonly client: Meilisearch;
  private readonly specs = new Map<string, IndexSpec>();
  private readonly prefix: string;
  private readonly taskTimeoutMs: number;
  private readonly log: FastifyBaseLogger;
  private closed = false;

  constructor(options: MeilisearchEngineOptions) {
    if (!/^[A-Za-z0-9_-]*$/.test(options.indexPrefix)) throw new TypeError('search: indexPrefix may only hold letters, digits, dashes and underscores (Meilisearch index uids)');
    this.prefix = options.indexPrefix;
    this.taskTimeoutMs = options.taskTimeoutMs ?? 60_000;
    this.log = options.log;
    this.client = new Meilisearch({ host: options.host, apiKey: options.apiKey, timeout: 30_000, clientAgents: ['PetAmigos'] });
  }

  async defineIndex(def: SearchIndexDefinition): Promise<void> {
    this.assertOpen();
    const spec = normalizeIndex(def);
    const uid = this.uid(spec.name);
    await this.createIndex(uid);
    // Meilisearch reindexes by itself when settings change, unlike the PostgreSQL driver.
    await this.wait(() => this.client.index(uid).updateSettings(settingsOf(spec)), `settings of ${uid}`);
    this.specs.set(spec.name, spec);
  }

  async upsert(index: string, docs: SearchDocument[]): Promise<void> {
    this.assertOpen();
    const spec = this.spec(index);
    await this.addDocuments(this.uid(spec.name), normalizeDocuments(spec, docs));
  }

  async remove(index: string, ids: string[]): Promise<void> {
    this.assertOpen();
    const spec = this.spec(index);
    const unique = checkDocumentIds(spec.name, ids);
    if (unique.length === 0) return;
    const uid = this.uid(spec.name);
    await this.wait(() => this.client.index(uid).deleteDocuments(unique), `deletion from ${uid}`);
  }

  async search(query: SearchQuery): Promise<SearchResults> {
    this.assertOpen();
    const nq = normalizeQuery(query, this.specs);
    if (nq.indexes.length === 0) return { hits: [], nextCursor: null };
    let offset = 0;
    if (nq.cursor) {
      const position = decodeCursor(nq.cursor, nq.fingerprint);
      if (!Number.isSafeInteger(position) || (position as number) < 1) throw new SearchError('INVALID_CURSOR', 'the cursor is not one this search returned');
      offset = position as number;
    }
    const filter = filterOf(nq);
    const sort = nq.sort ? [`${nq.sort.field}:${nq.sort.direction}`] : undefined;
    // One more than asked tells whether a next page exists without trusting an estimate.
    const limit = nq.limit + 1;

    let response: SearchResponse<Record<string, unknown>>;
    let hits: SearchHit[];
    if (nq.indexes.length === 1) {
      const spec = nq.indexes[0]!;
      const params: SearchParams = { filter, limit, offset, showRankingScore: true };
      if (sort) params.sort = sort;
      response = await this.call(`search in ${this.uid(spec.name)}`, () => this.client.index(this.uid(spec.name)).search(nq.q, params));
      hits = response.hits.map((hit) => toHit(spec.name, hit, hit._rankingScore ?? 0));
    } else {
      // Federated search ranks the hits of every index in one list, so one cursor pages them all.
      const byUid = new Map(nq.indexes.map((spec) => [this.uid(spec.name), spec.name]));
      const queries = nq.indexes.map((spec) => ({ indexUid: this.uid(spec.name), q: nq.q, filter, ...(sort ? { sort } : {}) }));
      response = await this.call('federated search', () =>
        this.client.multiSearch<{ federation: { limit: number; offset: number }; queries: typeof queries }, Record<string, unknown>>({ federation: { limit, offset }, queries }),
      );
      hits = response.hits.map((hit) => {
        const federation = hit._federation;
        const name = federation ? byUid.get(federation.indexUid) : undefined;
        if (!name) throw new SearchError('SEARCH_BACKEND_ERROR', 'Meilisearch returned a federated hit without a known index');
        return toHit(name, hit, federation!.weightedRankingScore);
      });
    }
    const page = hits.slice(0, nq.limit);
    return {
      hits: page,
      nextCursor: hits.length > nq.limit ? encodeCursor(nq.fingerprint, offset + nq.limit) : null,
      estimatedTotal: response.estimatedTotalHits ?? response.totalHits,
    };
  }

  async reindex(index: string, source: AsyncIterable<SearchDocument[]>): Promise<number> {
    this.assertOpen();
    const spec = this.spec(index);
    const uid = this.uid(spec.name);
    // Built under a temporary uid, then swapped in atomically (Meilisearch's documented way to
    // rebuild without serving a half-empty index), and the old documents dropped with the temp index.
    const building = `${uid}${REINDEX_SUFFIX}`;
    await this.deleteIndex(building);
    let count = 0;
    try {
      await this.createIndex(building);
      await this.wait(() => this.client.index(building).updateSettings(settingsOf(spec)), `settings of ${building}`);
      for await (const batch of source) {
        const docs = normalizeDocuments(spec, batch);
        await this.addDocuments(building, docs);
        count += docs.length;
      }
      await this.createIndex(uid);
      await this.wait(() => this.client.swapIndexes([{ indexes: [uid, building] } as IndexSwap]), `swap of ${uid}`);
    } finally {
      await this.deleteIndex(building).catch((error: unknown) => {
        this.log.warn({ err: error, index: building }, 'search reindex: could not delete the temporary Meilisearch index');
      });
    }
    this.log.info({ index: spec.name, documents: count }, 'search index rebuilt');
    return count;
  }

  async ready(): Promise<boolean> {
    return !this.closed && (await this.client.isHealthy());
  }

  async close(): Promise<void> {
    // The client holds no connection of its own (fetch); this only refuses further use.
    this.closed = true;
  }

  /** Meilisearch uids allow letters, digits, `-` and `_`: the kernel's dots become `__`. */
  uid(name: string): string {
    return `${this.prefix}${name.replaceAll('.', '__')}`;
  }

  private async addDocuments(uid: string, docs: NormalizedDocument[]): Promise<void> {
    // Every batch is enqueued before any is awaited: Meilisearch processes them in order and
    // batches them internally, which a request-wait-request loop would defeat.
    const enqueued: EnqueuedTask[] = [];
    for (let i = 0; i < docs.length; i += BATCH) {
      const chunk = docs.slice(i, i + BATCH).map(meilisearchDocument);
      enqueued.push(await this.call(`documents of ${uid}`, () => this.client.index(uid).addDocuments(chunk, { primaryKey: 'id' })));
    }
    for (const task of enqueued) await this.wait(() => Promise.resolve(task), `documents of ${uid}`);
  }

  private async createIndex(uid: string): Promise<void> {
    await this.wait(() => this.client.createIndex(uid, { primaryKey: 'id' }), `creation of ${uid}`, ['index_already_exists']);
  }

  private async deleteIndex(uid: string): Promise<void> {
    await this.wait(() => this.client.deleteIndex(uid), `deletion of ${uid}`, ['index_not_found']);
  }

  /** Enqueues with `enqueue`, waits for the task, and fails unless it succeeded (or failed with a tolerated code). */
  private async wait(enqueue: () => Promise<EnqueuedTask>, what: string, tolerated: string[] = []): Promise<Task> {
    const enqueued = await this.call(what, enqueue);
    const task = await this.call(what, () => this.client.tasks.waitForTask(enqueued, { timeout: this.taskTimeoutMs }));
    if (task.status === 'succeeded') return task;
    if (task.status === 'failed' && task.error && tolerated.includes(task.error.code)) return task;
    const reason = task.error ? `${task.error.message} (${task.error.code})` : task.status;
    throw new SearchError('SEARCH_BACKEND_ERROR', `Meilisearch ${what}: task ${task.uid} ${task.status}: ${reason}`, { details: { task: task.uid, code: task.error?.code ?? null } });
  }

  /** Answers from Meilisearch become SEARCH_BACKEND_ERROR; no answer at all (down, timeout) SEARCH_UNAVAILABLE. */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof SearchError) throw error;
      if (error instanceof MeilisearchApiError) {
        const code = error.cause?.code ?? null;
        throw new SearchError('SEARCH_BACKEND_ERROR', `Meilisearch ${what}: ${error.message}`, { details: { status: error.response.status, code }, cause: error });
      }
      throw new SearchError('SEARCH_UNAVAILABLE', `Meilisearch ${what}: ${(error as Error).message}`, { cause: error });
    }
  }

  private spec(index: string): IndexSpec {
    const spec = this.specs.get(index);
    if (!spec) throw new SearchError('UNKNOWN_INDEX', `unknown search index "${index}" (not defined with defineIndex)`);
    return spec;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('search: the engine is closed');
  }
}

export function settingsOf(spec: IndexSpec): Settings {
  const locale = meilisearchLocaleFor(spec.language);
  return {
    searchableAttributes: [...spec.fields].sort((a, b) => WEIGHT_ORDER[a.weight] - WEIGHT_ORDER[b.weight]).map((f) => f.name),
    filterableAttributes: [...spec.filters, ...VISIBILITY_ATTRIBUTES],
    sortableAttributes: [...spec.sort],
    rankingRules: RANKING_RULES,
    // Null resets it: a declaration that dropped its language must not keep the old one.
    localizedAttributes: locale ? [{ attributePatterns: ['*'], locales: [locale] }] : null,
  };
}

function meilisearchDocument(doc: NormalizedDocument): Record<string, unknown> {
  return {
    ...doc.body,
    id: doc.id,
    visibility_public: doc.visibility.public,
    visibility_owner: doc.visibility.ownerId,
    visibility_allowed: doc.visibility.allowedUserIds,
    visibility_removed: doc.visibility.removed,
  };
}

/** Strings are double-quoted with `\` escapes, as the filter grammar documents; the rest are literals. */
export function filterLiteral(value: FilterValue): string {
  if (typeof value === 'string') return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  return String(value);
}

/** The visibility clause every search carries, ANDed with the caller's own filters. */
export function filterOf(nq: NormalizedQuery): string {
  const clauses: string[] = [];
  clauses.push(
    nq.viewerId
      ? `(visibility_public = true OR visibility_owner = ${filterLiteral(nq.viewerId)} OR visibility_allowed = ${filterLiteral(nq.viewerId)})`
      : 'visibility_public = true',
  );
  clauses.push('visibility_removed = false');
  if (nq.hiddenUserIds.length > 0) clauses.push(`visibility_owner NOT IN [${nq.hiddenUserIds.map(filterLiteral).join(', ')}]`);
  for (const { field, values } of nq.filters) {
    clauses.push(values.length === 1 ? `${field} = ${filterLiteral(values[0]!)}` : `${field} IN [${values.map(filterLiteral).join(', ')}]`);
  }
  return clauses.join(' AND ');
}

function toHit(index: string, hit: Hit<Record<string, unknown>>, score: number): SearchHit {
  const document: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(hit)) {
    if (key.startsWith('_') || key.startsWith('visibility_')) continue;
    document[key] = value;
  }
  return { index, id: String(hit.id), score, document };
}
