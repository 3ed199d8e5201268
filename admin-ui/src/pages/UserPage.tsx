import { useState } from 'react';
import { Alert, Avatar, Badge, Button, Card, EmptyState, PageHeader, Row, Select, Stack, useToast } from '@petamigos/theme';
import { api, Link, useApi, useFormat, useSession, useT } from '@petamigos/web';
import { useAccess } from '../access.js';
import { AuditList } from '../audit/AuditList.js';
import { forgetPerson } from '../audit/people.js';
import { ErrorAlert } from '../common/ErrorAlert.js';
import { LoadMore } from '../common/LoadMore.js';
import { usePageTitle } from '../common/page-title.js';
import { ReasonDialog } from '../common/ReasonDialog.js';
import { usePaged } from '../common/use-paged.js';
import type { AdminUserDetail, AuditEntry, Role } from '../types.js';
import { Loading } from '../common/Loading.js';

type Dialog = 'role' | 'suspend' | 'unsuspend' | 'signOut' | 'twoFactor' | null;

/** One account: what it is, what admins may do to it, and its audit trail. */
export default function UserPage({ params }: { params: Record<string, string | undefined> }) {
  const t = useT('admin');
  const id = params.id ?? '';
  const { data: user, error, reload, setData } = useApi<AdminUserDetail>(`/api/admin/users/${encodeURIComponent(id)}`);
  usePageTitle(user ? user.displayName : t('users.title'));

  return (
    <Stack gap={4}>
      <p className="adm-breadcrumb">
        <Link href="/users">{t('users.back')}</Link>
      </p>
      {error && (error.status === 404 ? <EmptyState title={t('users.notFound')} /> : <ErrorAlert error={error} onRetry={() => void reload()} />)}
      {!user && !error && <Loading lines={6} />}
      {user && <UserDetail user={user} onChanged={(next) => (next ? setData(next) : void reload())} />}
    </Stack>
  );
}

function UserDetail({ user, onChanged }: { user: AdminUserDetail; onChanged(next?: AdminUserDetail): void }) {
  const t = useT('admin');
  const toast = useToast();
  const access = useAccess();
  const { user: me } = useSession();
  const { date, dateTime, relative, number } = useFormat();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [role, setRole] = useState<Role>(user.role);
  const audit = usePaged<AuditEntry>(access.sections.has('audit') ? `/api/admin/users/${user.id}/audit` : null);
  const self = me?.id === user.id;

  async function act(run: () => Promise<unknown>, done: string) {
    await run();
    forgetPerson(user.id);
    setDialog(null);
    toast(done, 'success');
    onChanged();
    audit.reload();
  }

  return (
    <Stack gap={4}>
      <PageHeader title={user.displayName} subtitle={`@${user.username}`} />
      <Card>
        <Row gap={3} align="start" wrap>
          <Avatar src={user.avatarUrl} name={user.displayName} size="lg" />
          <Stack gap={2} className="adm-grow">
            <Row gap={2} wrap>
              <Badge tone={user.role === 'user' ? 'neutral' : 'primary'}>{t(`roles.${user.role}`)}</Badge>
              <Badge tone={user.status === 'suspended' ? 'danger' : 'success'}>{t(`status.${user.status}`)}</Badge>
              {user.twoFactorEnabled && <Badge>{t('users.twoFactorOn')}</Badge>}
              {!user.emailVerified && <Badge>{t('users.unverified')}</Badge>}
            </Row>
            {user.suspension && (
              <Alert tone="error">
                {user.suspension.reason ? t('users.suspendedBecause', { when: dateTime(user.suspension.at), reason: user.suspension.reason }) : t('users.suspendedSince', { when: dateTime(user.suspension.at) })}
              </Alert>
            )}
            {user.lockedUntil && <Alert tone="info">{t('users.lockedUntil', { when: dateTime(user.lockedUntil) })}</Alert>}
            <dl className="adm-facts">
              <div>
                <dt>{t('users.email')}</dt>
                <dd>{user.email}</dd>
              </div>
              <div>
                <dt>{t('users.joinedLabel')}</dt>
                <dd>{date(user.createdAt)}</dd>
              </div>
              <div>
                <dt>{t('users.lastActiveLabel')}</dt>
                <dd>{relative(user.lastActiveAt)}</dd>
              </div>
              <div>
                <dt>{t('users.sessions')}</dt>
                <dd>{number(user.activeSessions)}</dd>
              </div>
              <div>
                <dt>{t('users.language')}</dt>
                <dd>{user.language}</dd>
              </div>
              <div>
                <dt>{t('users.timezone')}</dt>
                <dd>{user.timezone}</dd>
              </div>
              {user.bio && (
                <div className="adm-facts__wide">
                  <dt>{t('users.bio')}</dt>
                  <dd className="adm-pre">{user.bio}</dd>
                </div>
              )}
            </dl>
          </Stack>
        </Row>
      </Card>

      {access.usersManage && (
        <Card as="section" aria-label={t('users.actions')}>
          <Stack gap={3}>
            <h2 className="adm-card-title">{t('users.actions')}</h2>
            {self && <Alert tone="info">{t('users.self')}</Alert>}
            <form
              className="adm-inline-form"
              onSubmit={(event) => {
                event.preventDefault();
                if (role !== user.role) setDialog('role');
              }}
            >
              <Select
                label={t('users.role')}
                name="role"
                value={role}
                onChange={(e) => setRole(e.target.value as Role)}
                options={(['user', 'moderator', 'admin'] as const).map((r) => ({ value: r, label: t(`roles.${r}`) }))}
              />
              <Button type="submit" variant="secondary" disabled={role === user.role}>
                {t('users.changeRole')}
              </Button>
            </form>
            <Row gap={2} wrap>
              {user.status === 'active' ? (
                <Button variant="danger" onClick={() => setDialog('suspend')}>
                  {t('users.suspend')}
                </Button>
              ) : (
                <Button variant="secondary" onClick={() => setDialog('unsuspend')}>
                  {t('users.unsuspend')}
                </Button>
              )}
              <Button variant="secondary" onClick={() => setDialog('signOut')}>
                {t('users.signOut')}
              </Button>
              {user.twoFactorEnabled && (
                <Button variant="secondary" onClick={() => setDialog('twoFactor')}>
                  {t('users.resetTwoFactor')}
                </Button>
              )}
            </Row>
          </Stack>
        </Card>
      )}

      {access.sections.has('audit') && (
        <section aria-labelledby="adm-user-audit">
          <Stack gap={3}>
            <h2 className="adm-section-title" id="adm-user-audit">
              {t('users.auditTrail')}
            </h2>
            {audit.error && <ErrorAlert error={audit.error} onRetry={audit.reload} />}
            {audit.loading && audit.items.length === 0 && <Loading lines={3} />}
            {!audit.loading && !audit.error && audit.items.length === 0 && <EmptyState title={t('audit.none')} />}
            {audit.items.length > 0 && <AuditList entries={audit.items} label={t('users.auditTrail')} />}
            <LoadMore hasMore={audit.hasMore} loading={audit.loading} onClick={audit.loadMore} />
          </Stack>
        </section>
      )}

      <ReasonDialog
        open={dialog === 'role'}
        title={t('users.changeRole')}
        description={t('users.confirmRole', { name: user.displayName, from: t(`roles.${user.role}`), to: t(`roles.${role}`) })}
        confirmLabel={t('users.changeRole')}
        withReason={false}
        onClose={() => setDialog(null)}
        onConfirm={() => act(() => api.put(`/api/admin/users/${user.id}/role`, { role }), t('users.roleChanged', { role: t(`roles.${role}`) }))}
      />
      <ReasonDialog
        open={dialog === 'suspend'}
        title={t('users.suspend')}
        description={t('users.confirmSuspend', { name: user.displayName })}
        confirmLabel={t('users.suspend')}
        tone="danger"
        reasonLabel={t('users.suspendReason')}
        onClose={() => setDialog(null)}
        onConfirm={(reason) => act(() => api.post(`/api/admin/users/${user.id}/suspend`, { reason }), t('users.suspended', { name: user.displayName }))}
      />
      <ReasonDialog
        open={dialog === 'unsuspend'}
        title={t('users.unsuspend')}
        description={t('users.confirmUnsuspend', { name: user.displayName })}
        confirmLabel={t('users.unsuspend')}
        withReason={false}
        onClose={() => setDialog(null)}
        onConfirm={() => act(() => api.post(`/api/admin/users/${user.id}/unsuspend`), t('users.unsuspended', { name: user.displayName }))}
      />
      <ReasonDialog
        open={dialog === 'signOut'}
        title={t('users.signOut')}
        description={t('users.confirmSignOut', { name: user.displayName, count: user.activeSessions })}
        confirmLabel={t('users.signOut')}
        withReason={false}
        onClose={() => setDialog(null)}
        onConfirm={() => act(() => api.post(`/api/admin/users/${user.id}/sign-out`), t('users.signedOut', { name: user.displayName }))}
      />
      <ReasonDialog
        open={dialog === 'twoFactor'}
        title={t('users.resetTwoFactor')}
        description={t('users.confirmTwoFactor', { name: user.displayName })}
        confirmLabel={t('users.resetTwoFactor')}
        tone="danger"
        withReason={false}
        onClose={() => setDialog(null)}
        onConfirm={() => act(() => api.post(`/api/admin/users/${user.id}/two-factor/reset`), t('users.twoFactorReset', { name: user.displayName }))}
      />
    </Stack>
  );
}
