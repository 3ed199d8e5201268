import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from './api.js';

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): Promise<void>;
  setData(update: T | ((current: T | undefined) => T)): void;
}

/** GETs `path` (null: nothing yet) and keeps the answer; the last request wins when `path` changes. */
export function useApi<T>(path: string | null, query?: Record<string, string | number | boolean | undefined>): ApiState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(path !== null);
  const generation = useRef(0);
  const key = path === null ? null : path + JSON.stringify(query ?? {});
  const load = useCallback(async () => {
    if (path === null) return;
    const mine = ++generation.current;
    setLoading(true);
    try {
      const result = await api.get<T>(path, { query });
      if (mine === generation.current) {
        setData(result);
        setError(undefined);
      }
    } catch (caught) {
      if (mine === generation.current) setError(caught instanceof ApiError ? caught : new ApiError(0, 'NETWORK', (caught as Error).message));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  useEffect(() => {
    void load();
  }, [load]);
  return { data, error, loading, reload: load, setData: setData as ApiState<T>['setData'] };
}
