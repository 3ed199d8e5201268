import { useEffect, useState } from 'react';
import { Button, EmptyState, PageHeader, useToast } from '@petamigos/theme';
import { ApiError, Link, api, boot, useChannel, useFormat, useSession, useT, type PageComponent } from '@petamigos/web';
import { ConfirmDialog, type ConfirmRequest } from './lib/confirm.js';
import { EmptyList, PeopleList } from './lib/list-section.js';
import { usePagedList, type PagedList } from './lib/paged-list.js';
import { PersonRow } from './lib/person-row.js';
import { API, profileHref, userPath, type ListEntry } from './lib/types.js';
import './lib/social.css';

/** Live notifications that change what this page lists. */
const SOCIAL_NOTICES = new Set(['social.friend_request', 'social.friend_accepted']);

/** `/friends`: requests waiting for you, requests you sent, your friends and whom you follow. */
const FriendsPage: PageComponent = () => {
  const t = useT('social');
  const format = useFormat();
  const toast = useToast();
  const { user } = useSession();
  const me = user?.username ?? null;
  const incoming = usePagedList(me && `${API}/friend-requests/incoming`);
  const outgoing = usePagedList(me && `${API}/friend-requests/outgoing`);
  const friends = usePagedList(me && `${userPath(me)}/friends`);
  const following = usePagedList(me && `${userPath(me)}/following`);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);

  useEffect(() => {
    document.title = `${t('web.friends.title')} · ${boot().site.name}`;
  }, [t]);

  // A request arriving or being accepted elsewhere shows up here without a reload.
  useChannel(user ? `user:${user.id}` : null, (data) => {
    const notice = data as { type?: string; notification?: { type?: string } };
    if (notice.type === 'notification' && SOCIAL_NOTICES.has(notice.notification?.type ?? '')) {
      void incoming.reload();
      void outgoing.reload();
      void friends.reload();
    }
  }, () => {
    void incoming.reload();
    void friends.reload();
  });

  /** Runs one action on one person; the lists it touches are reloaded from the server afterwards. */
  const act = async (entry: ListEntry, work: () => Promise<unknown>, done: string, touched: PagedList[]) => {
    setBusy(entry.user.id);
    try {
      await work();
      for (const list of touched) list.remove(entry.user.username);
      toast(done, 'success');
    } catch (error) {
      toast(error instanceof ApiError ? error.message : t('web.error.network'), 'error');
    }
    setBusy(null);
    await Promise.all(touched.map((list) => list.reload()));
  };

  const who = (entry: ListEntry) => encodeURIComponent(entry.user.username);
  const since = (entry: ListEntry) => t('web.since', { date: format.date(entry.since) });

  return (
    <div className="social-page">
      <PageHeader
        title={t('web.friends.title')}
        actions={<>
          {me && <Link href={profileHref(me)} className="social-link-button">{t('web.friends.yourProfile')}</Link>}
          <Link href="/search" className="social-link-button">{t('web.friends.findPeople')}</Link>
        </>}
      />

      <section className="social-section" aria-labelledby="social-incoming-title">
        <h2 id="social-incoming-title">{t('web.friends.incoming')}</h2>
        <PeopleList
          list={incoming}
          label={t('web.friends.incoming')}
          empty={<EmptyList text={t('web.friends.incomingEmpty')} />}
          render={(entry) => (
            <PersonRow
              key={entry.user.id}
              user={entry.user}
              note={t('web.friends.sent', { when: format.relative(entry.since) })}
              actions={<>
                <Button type="button" size="sm" disabled={busy === entry.user.id} aria-label={t('web.friends.acceptNamed', { name: entry.user.displayName })}
                  onClick={() => void act(entry, () => api.post(`${API}/friend-requests/${who(entry)}/accept`), t('web.actions.nowFriends', { name: entry.user.displayName }), [incoming, friends])}>
                  {t('web.actions.accept')}
                </Button>
                <Button type="button" size="sm" variant="secondary" disabled={busy === entry.user.id} aria-label={t('web.friends.declineNamed', { name: entry.user.displayName })}
                  onClick={() => void act(entry, () => api.post(`${API}/friend-requests/${who(entry)}/decline`), t('web.actions.declined'), [incoming])}>
                  {t('web.actions.decline')}
                </Button>
              </>}
            />
          )}
        />
      </section>

      <section className="social-section" aria-labelledby="social-friends-title">
        <h2 id="social-friends-title">{t('web.friends.friends')}</h2>
        <PeopleList
          list={friends}
          label={t('web.friends.friends')}
          empty={<EmptyState title={t('web.friends.friendsEmpty')} action={<Link href="/search">{t('web.friends.findPeople')}</Link>} />}
          render={(entry) => (
            <PersonRow
              key={entry.user.id}
              user={entry.user}
              note={since(entry)}
              actions={
                <Button type="button" size="sm" variant="ghost" disabled={busy === entry.user.id} aria-label={t('web.friends.unfriendNamed', { name: entry.user.displayName })}
                  onClick={() => setConfirm({
                    title: t('web.actions.confirmUnfriend', { name: entry.user.displayName }),
                    confirmLabel: t('web.actions.unfriend'),
                    danger: true,
                    run: () => act(entry, () => api.delete(`${API}/friends/${who(entry)}`), t('web.actions.unfriended', { name: entry.user.displayName }), [friends]),
                  })}>
                  {t('web.actions.unfriend')}
                </Button>
              }
            />
          )}
        />
      </section>

      <section className="social-section" aria-labelledby="social-outgoing-title">
        <h2 id="social-outgoing-title">{t('web.friends.outgoing')}</h2>
        <PeopleList
          list={outgoing}
          label={t('web.friends.outgoing')}
          empty={<EmptyList text={t('web.friends.outgoingEmpty')} />}
          render={(entry) => (
            <PersonRow
              key={entry.user.id}
              user={entry.user}
              note={t('web.friends.sent', { when: format.relative(entry.since) })}
              actions={
                <Button type="button" size="sm" variant="secondary" disabled={busy === entry.user.id} aria-label={t('web.friends.cancelNamed', { name: entry.user.displayName })}
                  onClick={() => void act(entry, () => api.delete(`${API}/friend-requests/${who(entry)}`), t('web.actions.requestCancelled'), [outgoing])}>
                  {t('web.actions.cancelRequest')}
                </Button>
              }
            />
          )}
        />
      </section>

      <section className="social-section" aria-labelledby="social-following-title">
        <h2 id="social-following-title">{t('web.friends.following')}</h2>
        <PeopleList
          list={following}
          label={t('web.friends.following')}
          empty={<EmptyList text={t('web.friends.followingEmpty')} />}
          render={(entry) => (
            <PersonRow
              key={entry.user.id}
              user={entry.user}
              note={since(entry)}
              actions={
                <Button type="button" size="sm" variant="ghost" disabled={busy === entry.user.id} aria-label={t('web.friends.unfollowNamed', { name: entry.user.displayName })}
                  onClick={() => void act(entry, () => api.delete(`${API}/following/${who(entry)}`), t('web.actions.unfollowed', { name: entry.user.displayName }), [following])}>
                  {t('web.actions.unfollow')}
                </Button>
              }
            />
          )}
        />
      </section>

      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </div>
  );
};
export default FriendsPage;
