import { useState } from 'react';
import { navigate, useApi, useChannel, useT } from '@petamigos/web';
import { Alert, EmptyState, Skeleton } from '@petamigos/theme';
import { PostCard } from './components/post-card.js';
import { Comments } from './components/comments.js';
import type { Counts, Post } from './components/types.js';
import './components/feed.css';

interface LiveReactions {
  type: 'reactions';
  target: { type: 'post' | 'comment'; id: string };
  counts: Counts;
}

/** `/p/:id`: one post with its comments; reaction counts update live from `feed.post:<id>`. */
export default function PostPage({ params }: { params: Record<string, string | undefined> }) {
  const t = useT('feed');
  const id = params.id ?? '';
  const valid = /^[0-9a-f-]{36}$/i.test(id);
  const { data: post, error, loading, setData } = useApi<Post>(valid ? `/api/feed/posts/${id}` : null);
  const [liveComment, setLiveComment] = useState<{ id: string; counts: Counts } | null>(null);

  useChannel(valid && post ? `feed.post:${id}` : null, (data) => {
    const message = data as LiveReactions;
    if (message.type !== 'reactions') return;
    if (message.target.type === 'post') setData((current) => (current ? { ...current, reactions: message.counts } : current!));
    else setLiveComment({ id: message.target.id, counts: message.counts });
  });

  if (!valid || error?.status === 404) {
    return <EmptyState title={t('web.post.notFound')}><p>{t('web.post.notFoundHint')}</p></EmptyState>;
  }
  if (error) return <Alert tone="error">{error.message}</Alert>;
  if (loading && !post) return <div className="feed-post-page"><Skeleton lines={6} label={t('web.common.loading')} /></div>;
  if (!post) return null;

  return (
    <div className="feed-post-page">
      <h1 className="feed-sr">{t('web.post.pageTitle', { name: post.author?.displayName || post.author?.username || t('web.post.unknownAuthor') })}</h1>
      <PostCard post={post} standalone onChange={(next) => setData(next)} onRemove={() => navigate('/')} />
      <Comments post={post} liveCounts={liveComment} onCountChange={(delta) => setData((current) => (current ? { ...current, commentCount: current.commentCount + delta } : current!))} />
    </div>
  );
}
