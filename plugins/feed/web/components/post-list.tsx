import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, useT } from '@petamigos/web';
import { Alert, Button, EmptyState, Skeleton } from '@petamigos/theme';
import { PostCard } from './post-card.js';
import type { Page, Post } from './types.js';

export interface PagedPosts {
  items: Post[];
  /** First page loading (skeletons), or a later one. */
  status: 'loading' | 'more' | 'idle';
  error: ApiError | null;
  hasMore: boolean;
  loadMore(): void;
  /** Starts again from the first page (pull to refresh, mode switch). */
  refresh(): Promise<void>;
  update(post: Post): void;
  remove(id: string): void;
  prepend(posts: Post[]): void;
}

/** A cursor-paginated list of posts from `path` (20 a page): the API's opaque `nextCursor` goes back as `cursor`. */
export function usePagedPosts(path: string | null, query: Record<string, string | undefined> = {}): PagedPosts {
  const t = useT('feed');
  const [items, setItems] = useState<Post[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<PagedPosts['status']>('loading');
  const [error, setError] = useState<ApiError | null>(null);
  // Answers to an older path or query (or a page asked twice) are dropped.
  const generation = useRef(0);
  const loading = useRef(false);
  const key = path + JSON.stringify(query);

  const fetchPage = useCallback(async (from: string | null, first: boolean) => {
    if (!path) return;
    const mine = first ? ++generation.current : generation.current;
    if (!first && loading.current) return;
    loading.current = true;
    setStatus(first ? 'loading' : 'more');
    try {
      const page = await api.get<Page<Post>>(path, { query: { ...query, cursor: from ?? undefined } });
      if (mine !== generation.current) return;
      setItems((current) => {
        if (first) return page.items;
        const seen = new Set(current.map((p) => p.id));
        return [...current, ...page.items.filter((p) => !seen.has(p.id))];
      });
      setCursor(page.nextCursor);
      setError(null);
    } catch (caught) {
      if (mine === generation.current) setError(caught instanceof ApiError ? caught : new ApiError(0, 'NETWORK', t('web.errors.network')));
    } finally {
      if (mine === generation.current) {
        loading.current = false;
        setStatus('idle');
      }
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  useEffect(() => {
    setItems([]);
    setCursor(null);
    void fetchPage(null, true);
  }, [fetchPage]);

  return {
    items,
    status,
    error,
    hasMore: cursor !== null,
    loadMore: () => {
      if (cursor && !loading.current) void fetchPage(cursor, false);
    },
    refresh: () => fetchPage(null, true),
    update: (post) => setItems((list) => list.map((p) => (p.id === post.id ? post : p))),
    remove: (id) => setItems((list) => list.filter((p) => p.id !== id)),
    prepend: (posts) => setItems((list) => {
      const fresh = posts.filter((p) => !list.some((q) => q.id === p.id));
      return [...fresh, ...list];
    }),
  };
}

/** Fires `onVisible` when the end of the list scrolls into view, again after each page while it stays in view. */
function useEndOfList(onVisible: () => void, active: boolean, itemCount: number) {
  const sentinel = useRef<HTMLDivElement>(null);
  const latest = useRef(onVisible);
  latest.current = onVisible;
  useEffect(() => {
    const element = sentinel.current;
    if (!active || !element || typeof IntersectionObserver === 'undefined') return;
    // A new observer reports the current state at once, so a tall screen keeps filling itself.
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) latest.current();
    }, { rootMargin: '0px 0px 600px 0px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [active, itemCount]);
  return sentinel;
}

export function PostSkeletons({ count = 3 }: { count?: number }) {
  const t = useT('feed');
  return (
    <div className="feed-skeletons" aria-busy="true">
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="feed-skeleton-card"><Skeleton lines={3} label={i === 0 ? t('web.common.loading') : undefined} /></div>
      ))}
    </div>
  );
}

/**
 * Posts with infinite scroll (an IntersectionObserver near the end, plus a button for whoever
 * prefers to ask), skeletons while loading, an empty state and the API's error.
 */
export function PostList({ list, label, empty, emptyHint }: { list: PagedPosts; label: string; empty: string; emptyHint?: string }) {
  const t = useT('feed');
  const sentinel = useEndOfList(list.loadMore, list.hasMore && list.status === 'idle' && !list.error, list.items.length);
  if (list.status === 'loading' && list.items.length === 0) return <PostSkeletons />;
  if (list.error && list.items.length === 0) {
    return (
      <Alert tone="error">
        {list.error.message} <Button size="sm" variant="secondary" onClick={() => void list.refresh()}>{t('web.common.retry')}</Button>
      </Alert>
    );
  }
  if (list.items.length === 0) return <EmptyState title={empty}>{emptyHint && <p>{emptyHint}</p>}</EmptyState>;
  return (
    <>
      <ul className="feed-list" aria-label={label}>
        {list.items.map((post) => (
          <li key={post.id}>
            <PostCard post={post} onChange={list.update} onRemove={list.remove} onCreated={(p) => list.prepend([p])} />
          </li>
        ))}
      </ul>
      <div ref={sentinel} className="feed-list__end">
        {list.status === 'more' && <PostSkeletons count={1} />}
        {list.error && <Alert tone="error">{list.error.message}</Alert>}
        {list.hasMore && list.status === 'idle' && (
          <Button variant="secondary" onClick={list.loadMore}>{t('web.list.more')}</Button>
        )}
        {!list.hasMore && list.items.length > 3 && <p className="feed-muted feed-list__done">{t('web.list.end')}</p>}
      </div>
    </>
  );
}
