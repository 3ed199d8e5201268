import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '@petamigos/web';
import type { Page } from '../types.js';

export interface Paged<T> {
  items: T[];
  loading: boolean;
  error: ApiError | undefined;
  hasMore: boolean;
  loadMore(): void;
  reload(): void;
  /** Changes one loaded item in place (after an action on it) or drops it (`null`). */
  update(match: (item: T) => boolean, next: T | null): void;
}

/** A cursor-paginated list (`{ items, nextCursor }`), restarted whenever `path` or `query` change. */
export function usePaged<T>(path: string | null, query: Record<string, string | number | undefined> = {}): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError>();
  const generation = useRef(0);
  const key = path === null ? null : path + JSON.stringify(query);

  const fetchPage = useCallback(
    async (after: string | null, replace: boolean) => {
      if (path === null) return;
      const mine = replace ? ++generation.current : generation.current;
      setLoading(true);
      try {
        const page = await api.get<Page<T>>(path, { query: { ...query, cursor: after ?? undefined } });
        if (mine !== generation.current) return;
        setItems((current) => (replace ? page.items : [...current, ...page.items]));
        setCursor(page.nextCursor);
        setError(undefined);
      } catch (caught) {
        if (mine === generation.current) setError(caught instanceof ApiError ? caught : new ApiError(0, 'NETWORK', String(caught)));
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );

  useEffect(() => {
    setItems([]);
    setCursor(null);
    void fetchPage(null, true);
  }, [fetchPage]);

  return {
    items,
    loading,
    error,
    hasMore: cursor !== null,
    loadMore: () => void fetchPage(cursor, false),
    reload: () => void fetchPage(null, true),
    update: (match, next) => setItems((current) => (next === null ? current.filter((item) => !match(item)) : current.map((item) => (match(item) ? next : item)))),
  };
}
