import { createHash } from 'node:crypto';
import { SearchError } from './errors.js';
import type { SearchDocument, SearchIndexDefinition, SearchQuery } from './index.js';

/**
 * The checks both drivers share, so a plugin gets the same errors whichever runs: names that are
 * valid Meilisearch uids and attributes, ids Meilisearch accepts, user ids PostgreSQL accepts as
 * uuid, and queries that only filter and sort on what the index declared.
 */

export type Weight = 'A' | 'B' | 'C' | 'D';

export interface IndexSpec {
  name: string;
  fields: Array<{ name: string; weight: Weight }>;
  filters: string[];
  sort: string[];
  /** Locale shared by every document of the index, or null. */
  language: string | null;
  /** Field holding each document's own locale, or null. */
  languageField: string | null;
}

export interface NormalizedDocument {
  id: string;
  /** The document as stored and returned in hits: everything but `visibility`. */
  body: Record<string, unknown>;
  /** The text of each declared field, in declaration order. */
  texts: string[];
  /** This document's locale (from the index or its language field), or null. */
  locale: string | null;
  visibility: { public: boolean; ownerId: string | null; allowedUserIds: string[]; removed: boolean };
}

export type FilterValue = string | number | boolean;

export interface NormalizedQuery {
  q: string;
  indexes: IndexSpec[];
  filters: Array<{ field: string; values: FilterValue[] }>;
  sort: { field: string; direction: 'asc' | 'desc' } | null;
  limit: number;
  cursor: string | null;
  viewerId: string | null;
  hiddenUserIds: string[];
  language: string | null;
  /** Ties a cursor to the query that produced it. */
  fingerprint: string;
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
const MAX_QUERY_LENGTH = 500;
const MAX_FILTER_VALUES = 100;
const MAX_HIDDEN_USERS = 10_000;

// Segments joined by dots ('feed.posts'); no leading, trailing or doubled separators, so the
// Meilisearch uid (dots become '__') maps back to exactly one name.
const INDEX_NAME = /^[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*(?:\.[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*)*$/;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
// Meilisearch's rule for document ids, applied on both drivers so moving to it never fails.
const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,511}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WEIGHTS: readonly Weight[] = ['A', 'B', 'C', 'D'];

export function isReservedField(name: string): boolean {
  return name === 'visibility' || name.startsWith('visibility_') || name.startsWith('_');
}

export function normalizeIndex(def: SearchIndexDefinition): IndexSpec {
  const fail = (problem: string): never => {
    throw new SearchError('INVALID_INDEX', `search index "${String(def?.name)}": ${problem}`);
  };
  if (typeof def?.name !== 'string' || def.name.length > 200 || !INDEX_NAME.test(def.name)) {
    fail('name must be letters, digits, single dashes or underscores, in dot-separated parts (e.g. "feed.posts")');
  }
  const fieldName = (name: unknown, what: string): string => {
    if (typeof name !== 'string' || !FIELD_NAME.test(name)) fail(`${what} "${String(name)}" must be a letter followed by letters, digits or underscores`);
    if (isReservedField(name as string)) fail(`${what} "${String(name)}" is reserved for the kernel's visibility fields`);
    return name as string;
  };
  if (!Array.isArray(def.fields) || def.fields.length === 0) fail('declare at least one text field');
  const fields = def.fields.map((f) => {
    const weight = f.weight ?? 'D';
    if (!WEIGHTS.includes(weight)) fail(`field "${f.name}": weight must be A, B, C or D`);
    return { name: fieldName(f.name, 'field'), weight };
  });
  const unique = (names: string[], what: string) => {
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) fail(`${what} "${dup}" is declared twice`);
    return names;
  };
  unique(fields.map((f) => f.name), 'field');
  const filters = unique((def.filters ?? []).map((n) => fieldName(n, 'filter')), 'filter');
  const sort = unique((def.sort ?? []).map((n) => fieldName(n, 'sort field')), 'sort field');
  let language: string | null = null;
  let languageField: string | null = null;
  if (typeof def.language === 'string') {
    if (!/^[A-Za-z]{2,12}(?:[-_][A-Za-z0-9]{1,8})*$/.test(def.language)) fail(`language "${def.language}" is not a locale`);
    language = def.language;
  } else if (def.language !== undefined) {
    languageField = fieldName(def.language?.field, 'language field');
  }
  return { name: def.name, fields, filters, sort, language, languageField };
}

export function normalizeDocuments(spec: IndexSpec, docs: SearchDocument[]): NormalizedDocument[] {
  if (!Array.isArray(docs)) throw new SearchError('INVALID_DOCUMENT', `search index "${spec.name}": documents must be an array`);
  // The last version of a document wins, as if the calls had been made one by one; a single
  // INSERT … ON CONFLICT cannot touch the same row twice anyway.
  const byId = new Map<string, NormalizedDocument>();
  for (const doc of docs) {
    const normalized = normalizeDocument(spec, doc);
    byId.delete(normalized.id);
    byId.set(normalized.id, normalized);
  }
  return [...byId.values()];
}

function normalizeDocument(spec: IndexSpec, doc: SearchDocument): NormalizedDocument {
  const where = `search index "${spec.name}", document ${JSON.stringify(doc?.id)}`;
  const fail = (problem: string): never => {
    throw new SearchError('INVALID_DOCUMENT', `${where}: ${problem}`);
  };
  if (typeof doc !== 'object' || doc === null) fail('must be an object');
  if (typeof doc.id !== 'string' || !DOCUMENT_ID.test(doc.id)) fail('id must be 1–511 letters, digits, dashes or underscores');
  const v = doc.visibility as Partial<SearchDocument['visibility']> | undefined;
  if (typeof v !== 'object' || v === null) fail('visibility is required (who may see the document is never assumed)');
  if (typeof v!.public !== 'boolean') fail('visibility.public must be a boolean');
  const ownerId = v!.ownerId ?? null;
  if (ownerId !== null && !(typeof ownerId === 'string' && UUID.test(ownerId))) fail('visibility.ownerId must be a user id (uuid) or null');
  const allowed = v!.allowedUserIds ?? [];
  if (!Array.isArray(allowed) || !allowed.every((u) => typeof u === 'string' && UUID.test(u))) fail('visibility.allowedUserIds must be user ids (uuid)');
  if (v!.removed !== undefined && typeof v!.removed !== 'boolean') fail('visibility.removed must be a boolean');
  const { visibility: _visibility, ...rest } = doc;
  for (const key of Object.keys(rest)) if (isReservedField(key)) fail(`field "${key}" is reserved for the kernel`);
  // A deep copy that is exactly what comes back from storage; NUL cannot be stored in PostgreSQL
  // text or jsonb, and user-written text may contain it.
  const body = JSON.parse(JSON.stringify(rest, (_key, value: unknown) => (typeof value === 'string' ? value.replaceAll('\u0000', '') : value))) as Record<string, unknown>;
  const localeValue = spec.languageField ? body[spec.languageField] : spec.language;
  return {
    id: doc.id,
    body,
    texts: spec.fields.map((f) => textOf(body[f.name])),
    locale: typeof localeValue === 'string' && localeValue !== '' ? localeValue : null,
    visibility: {
      public: v!.public!,
      ownerId: ownerId ? ownerId.toLowerCase() : null,
      allowedUserIds: [...new Set(allowed.map((u) => u.toLowerCase()))],
      removed: v!.removed ?? false,
    },
  };
}

/** Searchable text of a field: strings, numbers, and the strings inside arrays and objects (tags). */
export function textOf(value: unknown, depth = 0): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (depth > 8 || typeof value !== 'object' || value === null) return '';
  const parts = (Array.isArray(value) ? value : Object.values(value)).map((v) => textOf(v, depth + 1)).filter((s) => s !== '');
  return parts.join(' ');
}

export function checkDocumentIds(index: string, ids: string[]): string[] {
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && DOCUMENT_ID.test(id))) {
    throw new SearchError('INVALID_DOCUMENT', `search index "${index}": document ids must be 1–511 letters, digits, dashes or underscores`);
  }
  return [...new Set(ids)];
}

export function normalizeQuery(query: SearchQuery, specs: ReadonlyMap<string, IndexSpec>): NormalizedQuery {
  const fail = (problem: string): never => {
    throw new SearchError('INVALID_QUERY', problem);
  };
  if (typeof query?.q !== 'string') fail('q must be a string');
  const q = query.q.trim();
  if (q.length > MAX_QUERY_LENGTH) fail(`q is longer than ${MAX_QUERY_LENGTH} characters`);

  let names: string[];
  if (query.index === undefined) names = [...specs.keys()];
  else names = [...new Set(Array.isArray(query.index) ? query.index : [query.index])];
  if (query.index !== undefined && names.length === 0) fail('index must name at least one index');
  const indexes = names.map((name) => {
    const spec = specs.get(name);
    if (!spec) throw new SearchError('UNKNOWN_INDEX', `unknown search index "${name}"`);
    return spec;
  });
  names.sort();

  const filters: NormalizedQuery['filters'] = [];
  for (const [field, raw] of Object.entries(query.filters ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const missing = indexes.find((spec) => !spec.filters.includes(field));
    if (missing) fail(`cannot filter on "${field}": index "${missing.name}" does not declare it as a filter`);
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.length === 0 || values.length > MAX_FILTER_VALUES) fail(`filter "${field}" needs 1 to ${MAX_FILTER_VALUES} values`);
    for (const value of values) {
      const ok = typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
      if (!ok) fail(`filter "${field}": values must be strings, finite numbers or booleans`);
    }
    filters.push({ field, values: values as FilterValue[] });
  }

  let sort: NormalizedQuery['sort'] = null;
  if (query.sort !== undefined && query.sort !== '') {
    const match = typeof query.sort === 'string' ? /^([A-Za-z][A-Za-z0-9_]*)(?::(asc|desc))?$/.exec(query.sort) : null;
    if (!match) fail('sort must be "<field>", "<field>:asc" or "<field>:desc"');
    const field = match![1]!;
    const missing = indexes.find((spec) => !spec.sort.includes(field));
    if (missing) fail(`cannot sort on "${field}": index "${missing.name}" does not declare it as sortable`);
    sort = { field, direction: (match![2] as 'asc' | 'desc' | undefined) ?? 'asc' };
  }

  const limitRaw = query.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limitRaw) || limitRaw < 1) fail('limit must be a positive integer');
  const limit = Math.min(limitRaw, MAX_LIMIT);

  const viewer = query.viewer;
  if (typeof viewer !== 'object' || viewer === null) fail('viewer is required: visibility is decided for someone');
  const viewerId = viewer.userId ?? null;
  if (viewerId !== null && !(typeof viewerId === 'string' && UUID.test(viewerId))) fail('viewer.userId must be a user id (uuid) or null');
  const hidden = viewer.hiddenUserIds ?? [];
  if (!Array.isArray(hidden) || hidden.length > MAX_HIDDEN_USERS || !hidden.every((u) => typeof u === 'string' && UUID.test(u))) {
    fail(`viewer.hiddenUserIds must be at most ${MAX_HIDDEN_USERS} user ids (uuid)`);
  }
  if (query.cursor !== undefined && query.cursor !== null && typeof query.cursor !== 'string') fail('cursor must be a string');
  if (query.language !== undefined && query.language !== null && typeof query.language !== 'string') fail('language must be a locale');

  const language = query.language || null;
  const fingerprint = createHash('sha256').update(JSON.stringify([q, names, filters, sort, language])).digest('base64url').slice(0, 16);
  return {
    q,
    indexes,
    filters,
    sort,
    limit,
    cursor: query.cursor || null,
    viewerId: viewerId ? viewerId.toLowerCase() : null,
    hiddenUserIds: [...new Set(hidden.map((u) => u.toLowerCase()))],
    language,
    fingerprint,
  };
}

/**
 * Cursors are opaque to clients: base64url JSON of where the last page ended, stamped with the
 * query's fingerprint so a cursor replayed with another query is refused rather than silently
 * returning a page of something else.
 */
export function encodeCursor(fingerprint: string, position: unknown): string {
  return Buffer.from(JSON.stringify({ f: fingerprint, p: position })).toString('base64url');
}

export function decodeCursor(cursor: string, fingerprint: string): unknown {
  let parsed: { f?: unknown; p?: unknown } | undefined;
  try {
    if (cursor.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { f?: unknown; p?: unknown };
  } catch {
    throw new SearchError('INVALID_CURSOR', 'the cursor is not one this search returned');
  }
  if (parsed?.f !== fingerprint) throw new SearchError('INVALID_CURSOR', 'the cursor belongs to a different search (query, indexes, filters or sort changed)');
  return parsed.p;
}
