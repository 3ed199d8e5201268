import { useState, type FormEvent } from 'react';
import { Badge, Button, Card, EmptyState, PageHeader, Row, Select, Stack, TextInput } from '@petamigos/theme';
import { useFormat, useT } from '@petamigos/web';
import { ErrorAlert } from '../common/ErrorAlert.js';
import { LoadMore } from '../common/LoadMore.js';
import { usePageTitle } from '../common/page-title.js';
import { PersonLine } from '../common/PersonLine.js';
import { usePaged } from '../common/use-paged.js';
import type { AdminUserSummary } from '../types.js';
import { Loading } from '../common/Loading.js';

interface Filters {
  q: string;
  role: string;
  status: string;
}

/** Account search: by name, username or email, role and status, newest first. */
export default function UsersPage(_props: { params: Record<string, string | undefined> }) {
  const t = useT('admin');
  usePageTitle(t('users.title'));
  const { date, relative } = useFormat();
  const [draft, setDraft] = useState<Filters>({ q: '', role: '', status: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const users = usePaged<AdminUserSummary>('/api/admin/users', { q: filters.q.trim() || undefined, role: filters.role || undefined, status: filters.status || undefined });

  function search(event: FormEvent) {
    event.preventDefault();
    setFilters(draft);
  }

  return (
    <Stack gap={4}>
      <PageHeader title={t('users.title')} subtitle={t('users.subtitle')} />
      <Card>
        <form role="search" aria-label={t('users.searchLabel')} onSubmit={search} className="adm-filters">
          <TextInput label={t('users.query')} type="search" name="q" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
          <Select
            label={t('users.role')}
            name="role"
            value={draft.role}
            onChange={(e) => setDraft({ ...draft, role: e.target.value })}
            options={[
              { value: '', label: t('users.anyRole') },
              { value: 'user', label: t('roles.user') },
              { value: 'moderator', label: t('roles.moderator') },
              { value: 'admin', label: t('roles.admin') },
            ]}
          />
          <Select
            label={t('users.status')}
            name="status"
            value={draft.status}
            onChange={(e) => setDraft({ ...draft, status: e.target.value })}
            options={[
              { value: '', label: t('users.anyStatus') },
              { value: 'active', label: t('status.active') },
              { value: 'suspended', label: t('status.suspended') },
            ]}
          />
          <div className="adm-filters__submit">
            <Button type="submit">{t('actions.search')}</Button>
          </div>
        </form>
      </Card>

      {users.error && <ErrorAlert error={users.error} onRetry={users.reload} />}
      {users.loading && users.items.length === 0 && <Loading lines={5} />}
      {!users.loading && !users.error && users.items.length === 0 && <EmptyState title={t('users.none')} />}
      {users.items.length > 0 && (
        <ul className="adm-list" aria-label={t('users.results')}>
          {users.items.map((user) => (
            <li key={user.id} className="adm-list__item">
              <Row justify="between" align="center" wrap gap={2}>
                <PersonLine person={user} />
                <Row gap={2} wrap>
                  {user.status === 'active' && <Badge tone="success">{t('status.active')}</Badge>}
                  {!user.emailVerified && <Badge>{t('users.unverified')}</Badge>}
                </Row>
              </Row>
              <p className="adm-muted adm-list__meta">
                <span>{user.email}</span>
                <span>{t('users.joined', { when: date(user.createdAt) })}</span>
                <span>{t('users.lastActive', { when: relative(user.lastActiveAt) })}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
      <LoadMore hasMore={users.hasMore} loading={users.loading} onClick={users.loadMore} />
    </Stack>
  );
}
