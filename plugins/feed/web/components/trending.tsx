import { useId } from 'react';
import { Link, useApi, useT } from '@petamigos/web';
import { Card } from '@petamigos/theme';

interface Trending {
  items: Array<{ tag: string; posts: number; authors: number }>;
}

/** Hashtags of the last 24 hours, most used first; nothing at all when there are none (or the server lacks the route). */
export function TrendingCard() {
  const t = useT('feed');
  const headingId = useId();
  const { data } = useApi<Trending>('/api/feed/hashtags/trending', { limit: 8 });
  if (!data || data.items.length === 0) return null;
  return (
    <Card as="section" className="feed-trending" aria-label={t('web.trending.title')}>
      <h2 id={headingId} className="feed-trending__title">{t('web.trending.title')}</h2>
      <ol className="feed-trending__list" aria-labelledby={headingId}>
        {data.items.map((item) => (
          <li key={item.tag}>
            <Link href={`/tags/${encodeURIComponent(item.tag)}`} className="feed-tag" dir="auto">#{item.tag}</Link>
            <span className="feed-muted"> {t('web.trending.posts', { count: item.posts })}</span>
          </li>
        ))}
      </ol>
    </Card>
  );
}
