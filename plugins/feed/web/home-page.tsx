import { useCallback, useEffect, useRef, useState } from 'react';
import { api, useChannel, useSession, useT } from '@petamigos/web';
import { Button, PageHeader } from '@petamigos/theme';
import { Composer } from './components/composer.js';
import { PostList, usePagedPosts } from './components/post-list.js';
import { PullToRefresh } from './components/pull-to-refresh.js';
import { TrendingCard } from './components/trending.js';
import { Icon } from './components/icons.js';
import type { FeedMode, Page, Post } from './components/types.js';
import './components/feed.css';

const modeKey = (userId: string) => `petamigos.feed.mode.${userId}`;

/** The reader's choice of chronological or ranked, kept per user on this device. */
function useMode(userId: string | undefined): [FeedMode, (mode: FeedMode) => void] {
  const read = (): FeedMode => {
    try {
      return userId && localStorage.getItem(modeKey(userId)) === 'ranked' ? 'ranked' : 'chronological';
    } catch {
      return 'chronological';
    }
  };
  const [mode, setMode] = useState<FeedMode>(read);
  useEffect(() => setMode(read()), [userId]); // eslint-disable-line react-hooks/exhaustive-deps
  return [mode, (next) => {
    setMode(next);
    try {
      if (userId) localStorage.setItem(modeKey(userId), next);
    } catch {
      // Private mode without storage: the choice lasts for this page only.
    }
  }];
}

/**
 * Posts that arrived since the list was loaded: ids announced on `feed.home:<userId>`, and, after a
 * reconnect the server could not replay or when the tab comes back, the count the API makes from
 * the database (`/home/new-count`).
 */
function useNewPosts(userId: string | undefined, newestId: string | undefined, known: (id: string) => boolean) {
  const [ids, setIds] = useState<string[]>([]);
  const [counted, setCounted] = useState(0);
  const newest = useRef(newestId);
  newest.current = newestId;
  const recount = useCallback(async () => {
    if (!newest.current) return;
    try {
      const { count } = await api.get<{ count: number }>('/api/feed/home/new-count', { query: { since: newest.current } });
      setCounted(count);
    } catch {
      // The badge is a hint; the feed itself is still right.
    }
  }, []);
  useChannel(userId ? `feed.home:${userId}` : null, (data) => {
    const message = data as { type?: string; postId?: string; authorId?: string };
    if (message.type !== 'post' || !message.postId || message.authorId === userId || known(message.postId)) return;
    setIds((list) => (list.includes(message.postId!) ? list : [...list, message.postId!]));
  }, () => void recount());
  useEffect(() => {
    const onVisible = () => document.visibilityState === 'visible' && void recount();
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [recount]);
  const reset = useCallback(() => {
    setIds([]);
    setCounted(0);
  }, []);
  return { count: Math.max(ids.length, counted), reset };
}

export default function HomePage(_props: { params: Record<string, string | undefined> }) {
  const t = useT('feed');
  const { user } = useSession();
  const [mode, setMode] = useMode(user?.id);
  const list = usePagedPosts('/api/feed/home', { mode });
  const [announcement, setAnnouncement] = useState('');
  const top = useRef<HTMLDivElement>(null);
  // In ranked order the first post is not the newest one; ids are time-ordered (UUIDv7).
  const newestId = list.items.reduce<string | undefined>((max, p) => (!max || p.id > max ? p.id : max), undefined);
  const known = useRef(new Set<string>());
  known.current = new Set(list.items.map((p) => p.id));
  const fresh = useNewPosts(user?.id, newestId, (id) => known.current.has(id));

  const refresh = useCallback(async () => {
    fresh.reset();
    await list.refresh();
  }, [fresh, list]);

  const showNew = async () => {
    const count = fresh.count;
    if (mode === 'chronological' && count < 20) {
      const page = await api.get<Page<Post>>('/api/feed/home', { query: { mode } });
      list.prepend(page.items.filter((p) => !newestId || p.id > newestId));
      fresh.reset();
    } else {
      await refresh();
    }
    setAnnouncement(t('web.home.loadedNew', { count }));
    top.current?.scrollIntoView({ block: 'start' });
    top.current?.focus();
  };

  return (
    <div className="feed-home">
      <div className="feed-home__head"><PageHeader title={t('web.home.title')} /></div>
      <div className="feed-home__composer"><Composer onPosted={(post) => list.prepend([post])} /></div>
      <div className="feed-home__side"><TrendingCard /></div>
      <div className="feed-home__toolbar feed-toolbar">
        <div role="group" aria-label={t('web.home.order')} className="feed-switch">
          <button type="button" aria-pressed={mode === 'chronological'} onClick={() => setMode('chronological')}>{t('web.home.chronological')}</button>
          <button type="button" aria-pressed={mode === 'ranked'} onClick={() => setMode('ranked')}>{t('web.home.ranked')}</button>
        </div>
        <Button variant="ghost" size="sm" onClick={() => void refresh()} busy={list.status === 'loading'} aria-label={t('web.home.refresh')}>
          <Icon name="refresh" /> <span className="feed-hide-narrow">{t('web.home.refresh')}</span>
        </Button>
      </div>
      <div className="feed-home__list">
        <div aria-live="polite" className="feed-pill-area">
          {fresh.count > 0 && (
            <button type="button" className="feed-pill" onClick={() => void showNew()}>
              {t('home.newPosts', { count: fresh.count })}
            </button>
          )}
          <span className="feed-sr">{announcement}</span>
        </div>
        <div ref={top} tabIndex={-1} className="feed-anchor" />
        <PullToRefresh onRefresh={refresh}>
          <PostList list={list} label={t('web.home.feed')} empty={t('web.home.empty')} emptyHint={t('web.home.emptyHint')} />
        </PullToRefresh>
      </div>
    </div>
  );
}
