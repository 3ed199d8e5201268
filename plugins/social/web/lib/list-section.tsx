import type { ReactNode } from 'react';
import { Alert, Button, Skeleton } from '@petamigos/theme';
import { useT } from '@petamigos/web';
import type { PagedList } from './paged-list.js';
import type { ListEntry } from './types.js';

/**
 * A list of people with its loading skeleton, its error, its empty state and "show more": the
 * same frame for friends, followers, following and friend requests.
 */
export function PeopleList({ list, empty, label, render }: { list: PagedList; empty: ReactNode; label: string; render(entry: ListEntry): ReactNode }) {
  const t = useT('social');
  if (list.error && list.items.length === 0) {
    return (
      <Alert tone="error">
        {list.error.message} <Button type="button" size="sm" variant="ghost" onClick={() => void list.reload()}>{t('web.retry')}</Button>
      </Alert>
    );
  }
  if (list.loading && list.items.length === 0) return <Skeleton lines={3} label={t('web.loading')} />;
  if (list.items.length === 0) return <>{empty}</>;
  return (
    <>
      <ul className="social-people" aria-label={label}>{list.items.map(render)}</ul>
      {list.hasMore && (
        <Button type="button" variant="secondary" busy={list.loading} disabled={list.loading} onClick={() => void list.loadMore()}>{t('web.showMore')}</Button>
      )}
    </>
  );
}

/** What an empty list says: a quiet line, so a page of several empty lists stays calm. */
export function EmptyList({ text, children }: { text: string; children?: ReactNode }) {
  return (
    <div className="social-empty">
      <p className="social-muted">{text}</p>
      {children}
    </div>
  );
}
