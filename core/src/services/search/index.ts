import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyBaseLogger } from 'fastify';
import { MeilisearchSearchEngine } from './meilisearch.js';
import { PostgresSearchEngine } from './postgres.js';

/**
 * The search contract. Drivers: `postgres.ts` (embedded default: full-text search in the kernel's
 * own database, PGlite included) and `meilisearch.ts` (a Meilisearch server). Plugins declare
 * indexes and feed documents; the kernel asks the questions on behalf of a viewer, and both drivers
 * enforce the document's visibility in the query itself, never by filtering a page afterwards
 * (which would leak counts and break pagination).
 */
export interface SearchIndexDefinition {
  /** Namespaced by the kernel: `<plugin>.<index>`, e.g. `feed.posts`. */
  name: string;
  /** Text fields, most important first; weight A counts most, D (the default) least. */
  fields: Array<{ name: string; weight?: 'A' | 'B' | 'C' | 'D' }>;
  /** Fields a query may filter on (equality, or any of a list). */
  filters?: string[];
  /** Fields a query may sort on. */
  sort?: string[];
  /** Locale of every document (`es`, `pt-BR`), or the field holding each document's locale. */
  language?: string | { field: string };
}

export interface SearchVisibility {
  /** Anyone, signed in or not, may see it. */
  public: boolean;
  /** The owner always sees it (unless removed); a viewer who hides the owner never does. */
  ownerId?: string | null;
  /** Users who may see a non-public document besides its owner. */
  allowedUserIds?: string[];
  /** Removed by moderation or deletion: nobody sees it, owner included. */
  removed?: boolean;
}

export interface SearchDocument {
  /** 1–511 letters, digits, dashes or underscores (a uuid fits). */
  id: string;
  /** The declared text fields, filter and sort fields, and whatever a result needs to render. */
  [field: string]: unknown;
  visibility: SearchVisibility;
}

export type SearchFilterValue = string | number | boolean | Array<string | number>;

export interface SearchQuery {
  /** Words as a user types them; `"exact phrase"`, `or` and `-excluded` work on the default driver. Empty: every visible document. */
  q: string;
  /** One index, several, or (unset) every defined index. */
  index?: string | string[];
  /** Equality on declared filter fields; a list means any of them. Array fields match if they contain the value. */
  filters?: Record<string, SearchFilterValue>;
  /** `field`, `field:asc` or `field:desc`, on a declared sort field. Unset: relevance. */
  sort?: string;
  /** Default 20, at most 100. */
  limit?: number;
  /** `nextCursor` of the previous page of the same search. */
  cursor?: string;
  viewer: {
    userId: string | null;
    /** Blocked either way: documents owned by them never appear. */
    hiddenUserIds?: string[];
  };
  /** The viewer's locale: the query is also stemmed in this language. */
  language?: string;
}

export interface SearchHit {
  index: string;
  id: string;
  /** Higher is better; comparable only within one result list. */
  score: number;
  /** The document as upserted, without `visibility`. */
  document: Record<string, unknown>;
}

export interface SearchResults {
  hits: SearchHit[];
  nextCursor: string | null;
  /** How many documents match in all (first page of a text search on PostgreSQL; always on Meilisearch). */
  estimatedTotal?: number;
}

export interface SearchEngine {
  readonly driver: 'postgres' | 'meilisearch';
  /** Registers an index (idempotent; call it at every start, from the plugin's declaration). */
  defineIndex(def: SearchIndexDefinition): Promise<void>;
  /** Adds or replaces documents, whole. Any number per call; sent in batches of 1 000. */
  upsert(index: string, docs: SearchDocument[]): Promise<void>;
  remove(index: string, ids: string[]): Promise<void>;
  search(query: SearchQuery): Promise<SearchResults>;
  /**
   * Rebuilds an index from a source of truth (the plugin's tables, read in batches): searches keep
   * answering from the old documents until the new set is complete, then switch at once.
   * Resolves to the number of documents read from the source.
   */
  reindex(index: string, source: AsyncIterable<SearchDocument[]>): Promise<number>;
  /** Whether the backend answers and is set up (for `/ready` and `petamigos doctor`). */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export interface SearchEngineOptions {
  driver: 'postgres' | 'meilisearch';
  /** The kernel's database (postgres driver). The kernel migration creates the table. */
  orm?: MikroORM;
  meilisearch?: {
    host: string;
    apiKey?: string;
    /** How long a write waits for Meilisearch to finish its task. Default 60 s. */
    taskTimeoutMs?: number;
  };
  /** Meilisearch only: prefix of every index uid, so several sites can share one server (e.g. `petamigos_`). */
  indexPrefix?: string;
  log: FastifyBaseLogger;
}

export function createSearchEngine(options: SearchEngineOptions): SearchEngine {
  if (options.driver === 'meilisearch') {
    if (!options.meilisearch?.host) throw new TypeError('search: the meilisearch driver needs meilisearch.host');
    return new MeilisearchSearchEngine({ ...options.meilisearch, indexPrefix: options.indexPrefix ?? '', log: options.log });
  }
  if (options.driver !== 'postgres') throw new TypeError(`search: unknown driver "${String(options.driver)}" (use postgres, meilisearch)`);
  if (!options.orm) throw new TypeError('search: the postgres driver needs the kernel database (orm)');
  return new PostgresSearchEngine({ orm: options.orm, log: options.log });
}

export { SearchError, type SearchErrorCode } from './errors.js';
export { MeilisearchSearchEngine } from './meilisearch.js';
export { PostgresSearchEngine } from './postgres.js';
export { seedDocuments, seedIndexDefinition, seedSearchDocuments, type SeedOptions } from './seed.js';
