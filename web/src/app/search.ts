import { api, ApiError } from '../sdk/api.js';

export interface SearchHit {
  index: string;
  id: string;
  score: number;
  document: Record<string, unknown>;
}

export interface Person {
  id: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
  bio: string;
}

export interface SearchResults {
  people: Person[];
  hits: SearchHit[];
  nextCursor: string | null;
}

const USERNAME = /^@?([A-Za-z0-9_]{3,30})$/;

/**
 * One search: `/api/search` across every index the enabled plugins offer, and — since people are
 * found by their handle — the profile whose username is exactly the query (`@ana` or `ana`).
 */
export async function runSearch(q: string, signal?: AbortSignal): Promise<SearchResults> {
  const handle = USERNAME.exec(q.trim())?.[1];
  const [found, person] = await Promise.all([
    api.get<{ hits: SearchHit[]; nextCursor: string | null }>('/api/search', { query: { q, limit: 20 }, signal }),
    handle
      ? api.get<Person>(`/api/users/${encodeURIComponent(handle)}`, { signal }).catch((error: unknown) => {
          if (error instanceof ApiError && (error.status === 404 || error.status === 400)) return null;
          throw error;
        })
      : Promise.resolve(null),
  ]);
  const hits = found.hits.filter((h) => !(person && personOf(h)?.username.toLowerCase() === person.username.toLowerCase()));
  return { people: person ? [person] : [], hits, nextCursor: found.nextCursor };
}

export async function moreResults(q: string, cursor: string): Promise<{ hits: SearchHit[]; nextCursor: string | null }> {
  return api.get('/api/search', { query: { q, limit: 20, cursor } });
}

/** A hit that is a person (any index whose documents carry a username). */
export function personOf(hit: SearchHit): Person | null {
  const d = hit.document;
  if (typeof d.username !== 'string') return null;
  return {
    id: hit.id,
    username: d.username,
    displayName: typeof d.displayName === 'string' ? d.displayName : d.username,
    avatarUrl: typeof d.avatarUrl === 'string' ? d.avatarUrl : null,
    bio: typeof d.bio === 'string' ? d.bio : '',
  };
}

/** Where a hit leads: people to `/u/<username>`, posts to `/p/<id>`; other kinds have no page of ours. */
export function hitHref(hit: SearchHit): string | null {
  const person = personOf(hit);
  if (person) return `/u/${encodeURIComponent(person.username)}`;
  if (hit.index.endsWith('.posts')) return `/p/${encodeURIComponent(hit.id)}`;
  return null;
}

/** The words to show for a hit: its text, title or name, shortened. */
export function hitText(hit: SearchHit, max = 240): string {
  const d = hit.document;
  const text = [d.text, d.title, d.name, d.description].find((v): v is string => typeof v === 'string' && v.trim() !== '') ?? '';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
