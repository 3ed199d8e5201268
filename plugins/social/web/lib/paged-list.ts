import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '@petamigos/web';
import type { ListEntry, Page } from './types.js';

export interface PagedList {
  items: ListEntry[];
  loading: boolean;
  error: ApiError | null;
  hasMore: boolean;
  loadMore(): Promise<void>;
  reload(): Promise<void>;
  /** Takes someone off the list at once (after unfriending, cancelling…), before any reload. */
  remove(username: string): void;
}

/** One of social's cursor-paginated lists (`{ items, nextCursor }`); null path: nothing to load yet. */
export function usePagedList(path: string | null, limit = 20): PagedList {
  const [items, setItems] = useState<ListEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [error, setError] = useState<ApiError | null>(null);
  const generation = useRef(0);

  const fetchPage = useCallback(async (from: string | null) => {
    if (path === null) return;
    const mine = ++generation.current;
    setLoading(true);
    try {
      const page = await api.get<Page<ListEntry>>(path, { query: { limit, cursor: from ?? undefined } });
      if (mine !== generation.current) return;
      setItems((current) => (from ? [...current, ...page.items.filter((i) => !current.some((c) => c.user.id === i.user.id))] : page.items));
      setCursor(page.nextCursor);
      setError(null);
    } catch (caught) {
      if (mine === generation.current) setError(caught instanceof ApiError ? caught : new ApiError(0, 'NETWORK', String(caught)));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [path, limit]);

  useEffect(() => {
    setItems([]);
    setCursor(null);
    void fetchPage(null);
  }, [fetchPage]);

  return {
    items,
    loading,
    error,
    hasMore: cursor !== null,
    loadMore: () => fetchPage(cursor),
    reload: () => fetchPage(null),
    remove: (username) => setItems((current) => current.filter((i) => i.user.username !== username)),
  };
}
