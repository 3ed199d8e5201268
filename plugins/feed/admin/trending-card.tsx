import { useApi, useT } from '@petamigos/web';

interface Trending {
  items: Array<{ tag: string; posts: number; authors: number }>;
}

/**
 * The admin overview's card: what the community talks about right now (public posts of the last
 * 24 hours), so a moderator sees a pile-on or a spam wave at a glance. Links open the site's tag page.
 */
export default function TrendingCard() {
  const t = useT('feed');
  const { data, error } = useApi<Trending>('/api/feed/hashtags/trending', { limit: 5 });
  if (error) return <p role="alert">{error.message}</p>;
  if (!data) return null;
  if (data.items.length === 0) return <p>{t('admin.trending.empty')}</p>;
  return (
    <ol className="feed-admin-trending">
      {data.items.map((item) => (
        <li key={item.tag}>
          {/* A plain link: the tag page belongs to the site, not to the admin's routes. */}
          <a href={`/tags/${encodeURIComponent(item.tag)}`} dir="auto">
            #{item.tag}
          </a>{' '}
          <span>
            {t('web.trending.posts', { count: item.posts })} · {t('admin.trending.authors', { count: item.authors })}
          </span>
        </li>
      ))}
    </ol>
  );
}
