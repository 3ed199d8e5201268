import { useId } from 'react';
import { useT } from '@petamigos/web';
import { PostList, usePagedPosts } from './components/post-list.js';
import './components/feed.css';

/** The `profile.tabs` slot: the person's posts that the reader may see. */
export default function ProfilePostsTab({ username }: { username?: string; userId?: string }) {
  const t = useT('feed');
  const headingId = useId();
  const list = usePagedPosts(username ? `/api/feed/users/${encodeURIComponent(username)}/posts` : null);
  if (!username) return null;
  return (
    <section className="feed-profile-posts" aria-labelledby={headingId}>
      <h2 id={headingId} className="feed-section-title">{t('web.profile.posts')}</h2>
      <PostList list={list} label={t('web.profile.postsOf', { username })} empty={t('web.profile.empty')} />
    </section>
  );
}
