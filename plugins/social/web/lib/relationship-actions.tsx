import { useState } from 'react';
import { Badge, Button, useToast } from '@petamigos/theme';
import { ApiError, api, useT } from '@petamigos/web';
import { ConfirmDialog, type ConfirmRequest } from './confirm.js';
import { API, type Profile } from './types.js';

/**
 * What the viewer can do about the person whose profile this is, from the `relationship` the
 * profile route returns: friend requests both ways, unfriending, following, muting and blocking.
 */
export function RelationshipActions({ profile, onChanged, onBlocked }: { profile: Profile; onChanged(): Promise<void>; onBlocked(): void }) {
  const t = useT('social');
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const relationship = profile.relationship;
  if (!relationship) return null;
  const { username, displayName: name } = profile.user;
  const who = encodeURIComponent(username);

  const act = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      toast(done, 'success');
    } catch (error) {
      toast(error instanceof ApiError ? error.message : t('web.error.network'), 'error');
    } finally {
      setBusy(false);
    }
    // Either way the server knows best now (the other person may have acted meanwhile).
    await onChanged();
  };

  const friendship = () => {
    switch (relationship.friendship) {
      case 'none':
        return (
          <Button type="button" busy={busy} disabled={busy} onClick={() => void act(() => api.post(`${API}/friend-requests/${who}`), t('web.actions.requestSent', { name }))}>
            {t('web.actions.addFriend')}
          </Button>
        );
      case 'request_sent':
        return (
          <>
            <Badge>{t('web.actions.pending')}</Badge>
            <Button type="button" variant="secondary" disabled={busy} onClick={() => void act(() => api.delete(`${API}/friend-requests/${who}`), t('web.actions.requestCancelled'))}>
              {t('web.actions.cancelRequest')}
            </Button>
          </>
        );
      case 'request_received':
        return (
          <>
            <span className="social-muted">{t('web.actions.wantsToBeFriends', { name })}</span>
            <Button type="button" busy={busy} disabled={busy} onClick={() => void act(() => api.post(`${API}/friend-requests/${who}/accept`), t('web.actions.nowFriends', { name }))}>
              {t('web.actions.accept')}
            </Button>
            <Button type="button" variant="secondary" disabled={busy} onClick={() => void act(() => api.post(`${API}/friend-requests/${who}/decline`), t('web.actions.declined'))}>
              {t('web.actions.decline')}
            </Button>
          </>
        );
      case 'friends':
        return (
          <>
            <Badge tone="success">{t('web.actions.friends')}</Badge>
            <Button
              type="button"
              variant="secondary"
              disabled={busy}
              onClick={() => setConfirm({
                title: t('web.actions.confirmUnfriend', { name }),
                confirmLabel: t('web.actions.unfriend'),
                danger: true,
                run: () => act(() => api.delete(`${API}/friends/${who}`), t('web.actions.unfriended', { name })),
              })}
            >
              {t('web.actions.unfriend')}
            </Button>
          </>
        );
    }
  };

  return (
    <div className="social-actions" role="group" aria-label={t('web.actions.label', { name })}>
      {friendship()}
      {relationship.following ? (
        <Button type="button" variant="secondary" disabled={busy} onClick={() => void act(() => api.delete(`${API}/following/${who}`), t('web.actions.unfollowed', { name }))}>
          {t('web.actions.unfollow')}
        </Button>
      ) : (
        <Button type="button" variant="secondary" disabled={busy} onClick={() => void act(() => api.post(`${API}/following/${who}`), t('web.actions.followed', { name }))}>
          {t('web.actions.follow')}
        </Button>
      )}
      {relationship.muted ? (
        <Button type="button" variant="ghost" disabled={busy} onClick={() => void act(() => api.delete(`${API}/mutes/${who}`), t('web.actions.unmuted', { name }))}>
          {t('web.actions.unmute')}
        </Button>
      ) : (
        <Button type="button" variant="ghost" disabled={busy} onClick={() => void act(() => api.post(`${API}/mutes/${who}`), t('web.actions.muted', { name }))}>
          {t('web.actions.mute')}
        </Button>
      )}
      <Button
        type="button"
        variant="ghost"
        disabled={busy}
        onClick={() => setConfirm({
          title: t('web.actions.confirmBlock', { name }),
          body: t('web.actions.blockExplained'),
          confirmLabel: t('web.actions.block'),
          danger: true,
          run: async () => {
            try {
              await api.post(`/api/users/${who}/block`);
              onBlocked();
            } catch (error) {
              toast(error instanceof ApiError ? error.message : t('web.error.network'), 'error');
            }
          },
        })}
      >
        {t('web.actions.block')}
      </Button>
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </div>
  );
}
