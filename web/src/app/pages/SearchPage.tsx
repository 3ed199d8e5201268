import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Alert, Avatar, Button, Card, EmptyState, PageHeader, Skeleton, Stack, TextInput } from '@petamigos/theme';
import { ApiError } from '../../sdk/api.js';
import { useFormat, useT } from '../../sdk/i18n.js';
import { Link, useLocation, useSearch } from '../../sdk/router.js';
import { hitHref, hitText, moreResults, personOf, runSearch, type Person, type SearchHit, type SearchResults } from '../search.js';
import '../app.css';
import { isolate } from '../text.js';

const DEBOUNCE_MS = 300;

/** `/search?q=`: people and everything the enabled plugins index, as the reader types. */
export default function SearchPage(_props: { params: Record<string, string | undefined> }) {
  const t = useT('web');
  const [, navigate] = useLocation();
  const q = new URLSearchParams(useSearch()).get('q') ?? '';
  const [input, setInput] = useState(q);
  const [results, setResults] = useState<SearchResults | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [more, setMore] = useState(false);

  const pushed = useRef(q);
  const go = (value: string) => {
    pushed.current = value;
    navigate(value ? `/search?q=${encodeURIComponent(value)}` : '/search', { replace: true });
  };

  // Typing settles into the address (so results can be shared and reloaded), then searches.
  useEffect(() => {
    if (input.trim() === q.trim()) return;
    const timer = setTimeout(() => go(input.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [input, q]);

  // The address changed from elsewhere (a link, Back): show its query in the box.
  useEffect(() => {
    if (q !== pushed.current) {
      pushed.current = q;
      setInput(q);
    }
  }, [q]);

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setResults(null);
      setError(null);
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    runSearch(query, controller.signal).then(
      (found) => {
        setResults(found);
        setLoading(false);
      },
      (caught: unknown) => {
        if (controller.signal.aborted) return;
        setError(caught instanceof ApiError ? caught.message : t('common.networkError'));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [q, t]);

  function submit(event: FormEvent) {
    event.preventDefault();
    go(input.trim());
  }

  async function loadMore() {
    if (!results?.nextCursor) return;
    setMore(true);
    try {
      const page = await moreResults(q.trim(), results.nextCursor);
      setResults((r) => (r ? { ...r, hits: [...r.hits, ...page.hits], nextCursor: page.nextCursor } : r));
    } catch {
      // The button stays for another try.
    } finally {
      setMore(false);
    }
  }

  const groups = useMemo(() => groupHits(results?.hits ?? []), [results]);
  const total = (results?.people.length ?? 0) + (results?.hits.length ?? 0);

  return (
    <div className="app-wide">
      <Stack gap={4}>
        <PageHeader title={t('search.title')} />
        <form role="search" onSubmit={submit} aria-label={t('search.title')}>
          <TextInput label={t('search.label')} hint={t('search.hint')} type="search" name="q" dir="auto" maxLength={200} autoComplete="off" enterKeyHint="search"
            value={input} onChange={(e) => setInput(e.target.value)} />
        </form>
        <div className="app-sr-only" role="status">{results && !loading ? t('search.count', { count: total }) : ''}</div>
        {!q.trim() && (
          <EmptyState title={t('search.idleTitle')}>
            <p className="app-text">{t('search.idleText')}</p>
          </EmptyState>
        )}
        {loading && <Skeleton lines={4} label={t('search.searching')} />}
        {error && <Alert tone="error">{error}</Alert>}
        {!loading && !error && results && total === 0 && (
          <EmptyState title={t('search.noneTitle')}>
            <p className="app-text">{t('search.noneText', { q: isolate(q.trim()) })}</p>
          </EmptyState>
        )}
        {!loading && !error && results && total > 0 && (
          <Stack gap={4}>
            {results.people.length > 0 && <PeopleGroup people={results.people} />}
            {groups.map(([kind, hits]) => (
              kind === 'people'
                ? <PeopleGroup key={kind} people={hits.map((h) => personOf(h)!)} />
                : <HitGroup key={kind} kind={kind} hits={hits} />
            ))}
            {results.nextCursor && <Button variant="secondary" onClick={() => void loadMore()} busy={more} disabled={more}>{t('common.loadMore')}</Button>}
          </Stack>
        )}
      </Stack>
    </div>
  );
}

/** Hits by what they are: people, posts, then each other index on its own. */
function groupHits(hits: SearchHit[]): Array<[string, SearchHit[]]> {
  const groups = new Map<string, SearchHit[]>();
  for (const hit of hits) {
    const kind = personOf(hit) ? 'people' : hit.index.endsWith('.posts') ? 'posts' : hit.index;
    groups.set(kind, [...(groups.get(kind) ?? []), hit]);
  }
  return [...groups].sort(([a], [b]) => rank(a) - rank(b));
}
const rank = (kind: string) => (kind === 'people' ? 0 : kind === 'posts' ? 1 : 2);

function PeopleGroup({ people }: { people: Person[] }) {
  const t = useT('web');
  return (
    <section aria-labelledby="search-people">
      <Stack gap={2}>
        <h2 id="search-people" className="app-subtitle">{t('search.people')}</h2>
        <ul className="app-list">
          {people.map((p) => (
            <Card as="li" key={p.username}>
              <Link className="app-plain-link" href={`/u/${encodeURIComponent(p.username)}`}>
                <span className="app-avatar-row">
                  <Avatar src={p.avatarUrl} name={p.displayName} size="md" />
                  <span className="app-notification__body">
                    <span className="app-text" dir="auto"><strong>{p.displayName}</strong></span>
                    <span className="app-muted app-code">@{p.username}</span>
                  </span>
                </span>
              </Link>
            </Card>
          ))}
        </ul>
      </Stack>
    </section>
  );
}

function HitGroup({ kind, hits }: { kind: string; hits: SearchHit[] }) {
  const t = useT('web');
  const format = useFormat();
  const id = `search-${kind.replace(/[^a-z0-9]+/gi, '-')}`;
  return (
    <section aria-labelledby={id}>
      <Stack gap={2}>
        <h2 id={id} className="app-subtitle">{kind === 'posts' ? t('search.posts') : t('search.other', { index: kind })}</h2>
        <ul className="app-list">
          {hits.map((hit) => {
            const href = hitHref(hit);
            const created = typeof hit.document.createdAt === 'string' ? hit.document.createdAt : null;
            const body = (
              <Stack gap={1}>
                <p className="app-text" dir="auto">{hitText(hit) || t('search.untitled')}</p>
                {created && <span className="app-hit-meta"><time dateTime={created}>{format.date(created)}</time></span>}
              </Stack>
            );
            return <Card as="li" key={`${hit.index}:${hit.id}`}>{href ? <Link className="app-plain-link" href={href}>{body}</Link> : body}</Card>;
          })}
        </ul>
      </Stack>
    </section>
  );
}
