import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Badge, Button, Card, EmptyState, PageHeader, Skeleton, Stack } from '@petamigos/theme';
import { api, ApiError } from '../../sdk/api.js';
import { useFormat, useT } from '../../sdk/i18n.js';
import { useChannel } from '../../sdk/realtime.js';
import { Link } from '../../sdk/router.js';
import { useSession } from '../../sdk/session.js';
import { announceNotificationsRead, applyLiveMessage, notificationHref, type NotificationItem } from '../notifications.js';
import { useInfiniteScroll } from '../useInfiniteScroll.js';
import '../app.css';

const PAGE = 20;

/**
 * `/notifications`: newest activity first, as the kernel groups it (one row for "Ana and 3 others
 * reacted"), kept live from the `user:<id>` channel, older pages loaded as the reader scrolls.
 */
export default function NotificationsPage(_props: { params: Record<string, string | undefined> }) {
  const t = useT('web');
  const { user } = useSession();
  const [items, setItems] = useState<NotificationItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [loadError, setLoadError] = useState<string>('');
  const [more, setMore] = useState(false);
  const [live, setLive] = useState(0);
  const generation = useRef(0);

  const loadFirst = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const page = await api.get<{ items: NotificationItem[]; nextCursor: string | null }>('/api/notifications', { query: { limit: PAGE } });
      if (mine !== generation.current) return;
      setItems(page.items);
      setCursor(page.nextCursor);
      setState('ready');
    } catch (error) {
      if (mine !== generation.current) return;
      setLoadError(error instanceof ApiError ? error.message : t('common.networkError'));
      setState('error');
    }
  }, [t]);

  useEffect(() => {
    void loadFirst();
  }, [loadFirst]);

  const loadMore = useCallback(async () => {
    if (!cursor || more) return;
    setMore(true);
    try {
      const page = await api.get<{ items: NotificationItem[]; nextCursor: string | null }>('/api/notifications', { query: { limit: PAGE, cursor } });
      // A live update may already have moved a row to the top: keep one copy of each.
      setItems((current) => [...current, ...page.items.filter((n) => !current.some((c) => c.id === n.id))]);
      setCursor(page.nextCursor);
    } catch {
      // The button stays; the reader can try again.
    } finally {
      setMore(false);
    }
  }, [cursor, more]);

  useChannel(user ? `user:${user.id}` : null, (message) => {
    setItems((current) => applyLiveMessage(current, message));
    if ((message as { type?: string } | null)?.type === 'notification') setLive((n) => n + 1);
  }, () => void loadFirst());

  const sentinel = useInfiniteScroll<HTMLDivElement>(state === 'ready' && !!cursor, () => void loadMore());

  async function markRead(ids: string[] | 'all') {
    const before = items;
    setItems((current) => current.map((n) => (ids === 'all' || ids.includes(n.id) ? { ...n, read: true } : n)));
    try {
      await api.post('/api/notifications/read', ids === 'all' ? { all: true } : { ids });
      announceNotificationsRead();
    } catch {
      setItems(before);
    }
  }

  const unread = items.filter((n) => !n.read).length;
  return (
    <div className="app-wide">
      <Stack gap={4}>
        <PageHeader
          title={t('notifications.title')}
          subtitle={state === 'ready' ? t('notifications.unread', { count: unread }) : undefined}
          actions={unread > 0 ? <Button variant="secondary" size="sm" onClick={() => void markRead('all')}>{t('notifications.markAll')}</Button> : undefined}
        />
        <div className="app-sr-only" role="status">{live > 0 ? t('notifications.arrived', { count: live }) : ''}</div>
        {state === 'loading' && <Skeleton lines={5} label={t('loading')} />}
        {state === 'error' && (
          <Stack gap={2}>
            <Alert tone="error">{loadError}</Alert>
            <Button variant="secondary" onClick={() => { setState('loading'); void loadFirst(); }}>{t('common.retry')}</Button>
          </Stack>
        )}
        {state === 'ready' && items.length === 0 && (
          <EmptyState title={t('notifications.emptyTitle')}>
            <p className="app-text">{t('notifications.emptyText')}</p>
          </EmptyState>
        )}
        {state === 'ready' && items.length > 0 && (
          <ul className="app-list" aria-label={t('notifications.title')}>
            {items.map((n) => <NotificationRow key={n.id} n={n} onRead={() => void markRead([n.id])} />)}
          </ul>
        )}
        {state === 'ready' && cursor && (
          <>
            <div ref={sentinel} className="app-sentinel" aria-hidden="true" />
            <Button variant="secondary" onClick={() => void loadMore()} busy={more} disabled={more}>{t('common.loadMore')}</Button>
          </>
        )}
      </Stack>
    </div>
  );
}

function NotificationRow({ n, onRead }: { n: NotificationItem; onRead(): void }) {
  const t = useT('web');
  const format = useFormat();
  const href = notificationHref(n);
    // The text is in the account's language and carries people's names: let it set its own direction.
  const text = <p className="app-text" dir="auto">{n.text}</p>;
  return (
    <Card as="li" className={n.read ? undefined : 'app-unread'}>
      <div className="app-notification" data-notification-id={n.id}>
        <div className="app-notification__body">
          {href ? <Link className="app-plain-link" href={href} onClick={() => !n.read && onRead()}>{text}</Link> : text}
          <span className="app-muted">
            <time dateTime={n.updatedAt} title={format.dateTime(n.updatedAt)}>{format.relative(n.updatedAt)}</time>
            {n.actorCount > 1 && <> · {t('notifications.people', { count: n.actorCount })}</>}
          </span>
        </div>
        {!n.read && (
          <Stack gap={1}>
            <Badge tone="primary">{t('notifications.new')}</Badge>
            <Button variant="ghost" size="sm" onClick={onRead}>{t('notifications.markRead')}</Button>
          </Stack>
        )}
      </div>
    </Card>
  );
}
