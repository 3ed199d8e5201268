import { useT } from '@petamigos/web';
import { PageHeader } from '@petamigos/theme';
import { PostList, usePagedPosts } from './components/post-list.js';
import './components/feed.css';

/** `/tags/:tag`: the posts with a hashtag that the reader may see, newest first. The heading isolates the tag, so "#" stays before it in right-to-left pages. */
export default function TagPage({ params }: { params: Record<string, string | undefined> }) {
  const t = useT('feed');
  const tag = (params.tag ?? '').toLowerCase();
  const list = usePagedPosts(tag ? `/api/feed/hashtags/${encodeURIComponent(tag)}/posts` : null);
  return (
    <div className="feed-tag-page">
      <PageHeader title={`\u2068#${tag}\u2069`} subtitle={t('web.tag.subtitle')} />
      <PostList list={list} label={t('web.tag.label', { tag })} empty={t('web.tag.empty', { tag })} />
    </div>
  );
}
