import { useEffect, useState, type FormEvent } from 'react';
import { Button, Card, EmptyState, PageHeader, Row, Select, Stack, TextInput } from '@petamigos/theme';
import { api, ApiError, useSearch, useT } from '@petamigos/web';
import { AuditList, KNOWN_ACTIONS, useActionLabel } from '../audit/AuditList.js';
import { ErrorAlert } from '../common/ErrorAlert.js';
import { usePageTitle } from '../common/page-title.js';
import type { AdminUserSummary, AuditEntry, Page } from '../types.js';
import { Loading } from '../common/Loading.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE_SIZE = 20;
const TARGET_TYPES = ['user', 'session', 'role', 'plugin', 'report'];

interface Draft {
  actor: string;
  action: string;
  targetType: string;
  target: string;
  from: string;
  to: string;
}

type Query = Record<string, string | number | undefined>;

/** A username (or an id) to the account id the API filters by; undefined when no account has it. */
async function accountId(text: string): Promise<string | undefined> {
  const wanted = text.trim().replace(/^@/, '');
  if (UUID.test(wanted)) return wanted;
  const page = await api.get<Page<AdminUserSummary>>('/api/admin/users', { query: { q: wanted, limit: 20 } });
  return page.items.find((u) => u.username.toLowerCase() === wanted.toLowerCase())?.id;
}

/** `2026-11-23` from a date field → the start of that day (or of the next, for "to") in the reader's time zone. */
function dayBoundary(day: string, next: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + (next ? 1 : 0)).toISOString();
}

/** The security and admin audit log: filter by who, what, to what and when; page through it. */
export default function AuditPage(_props: { params: Record<string, string | undefined> }) {
  const t = useT('admin');
  usePageTitle(t('audit.title'));
  const actionLabel = useActionLabel();
  const search = useSearch();
  const [draft, setDraft] = useState<Draft>(() => {
    const q = new URLSearchParams(search);
    return { actor: q.get('actor') ?? '', action: q.get('action') ?? '', targetType: q.get('targetType') ?? '', target: q.get('target') ?? '', from: '', to: '' };
  });
  const [query, setQuery] = useState<Query | null>(null);
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [page, setPage] = useState<Page<AuditEntry>>();
  const [error, setError] = useState<ApiError>();
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const [loading, setLoading] = useState(false);

  async function apply(event?: FormEvent) {
    event?.preventDefault();
    const errors: Partial<Record<keyof Draft, string>> = {};
    const next: Query = { limit: PAGE_SIZE, action: draft.action.trim() || undefined, targetType: draft.targetType || undefined };
    try {
      if (draft.actor.trim()) {
        next.actorId = await accountId(draft.actor);
        if (!next.actorId) errors.actor = t('audit.noSuchAccount', { name: draft.actor.trim() });
      }
      if (draft.target.trim()) {
        if (draft.targetType === 'user' && !UUID.test(draft.target.trim())) {
          next.targetId = await accountId(draft.target);
          if (!next.targetId) errors.target = t('audit.noSuchAccount', { name: draft.target.trim() });
        } else next.targetId = draft.target.trim();
      }
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : undefined);
      return;
    }
    next.from = draft.from ? dayBoundary(draft.from, false) : undefined;
    next.to = draft.to ? dayBoundary(draft.to, true) : undefined;
    if (next.from && next.to && next.from >= next.to) errors.to = t('audit.toBeforeFrom');
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    setCursors([undefined]);
    setQuery(next);
  }

  // The first page without filters, and from a link that names them (?actor=…).
  useEffect(() => {
    void apply();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const cursor = cursors[cursors.length - 1];
  useEffect(() => {
    if (!query) return;
    let live = true;
    setLoading(true);
    api
      .get<Page<AuditEntry>>('/api/admin/audit', { query: { ...query, cursor } })
      .then((result) => {
        if (!live) return;
        setPage(result);
        setError(undefined);
      })
      .catch((caught: unknown) => live && setError(caught instanceof ApiError ? caught : new ApiError(0, 'NETWORK', String(caught))))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [query, cursor]);

  const pageNumber = cursors.length;
  return (
    <Stack gap={4}>
      <PageHeader title={t('audit.title')} subtitle={t('audit.subtitle')} />
      <Card>
        <form role="search" aria-label={t('audit.filters')} onSubmit={(e) => void apply(e)} className="adm-filters" noValidate>
          <TextInput label={t('audit.actor')} hint={t('audit.accountHint')} name="actor" value={draft.actor} error={fieldErrors.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} />
          <TextInput label={t('audit.action')} hint={t('audit.actionHint')} name="action" list="adm-audit-actions" value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })} />
          <Select
            label={t('audit.targetType')}
            name="targetType"
            value={draft.targetType}
            onChange={(e) => setDraft({ ...draft, targetType: e.target.value })}
            options={[{ value: '', label: t('audit.anyTarget') }, ...TARGET_TYPES.map((type) => ({ value: type, label: t(`audit.targetTypes.${type}`) }))]}
          />
          <TextInput label={t('audit.target')} hint={draft.targetType === 'user' ? t('audit.accountHint') : t('audit.targetHint')} name="target" value={draft.target} error={fieldErrors.target} onChange={(e) => setDraft({ ...draft, target: e.target.value })} />
          <TextInput label={t('audit.from')} type="date" name="from" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          <TextInput label={t('audit.to')} type="date" name="to" value={draft.to} error={fieldErrors.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          <div className="adm-filters__submit">
            <Button type="submit">{t('audit.apply')}</Button>
          </div>
          <datalist id="adm-audit-actions">
            {KNOWN_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {action.endsWith('.') ? t('audit.family', { family: action }) : actionLabel(action)}
              </option>
            ))}
          </datalist>
        </form>
      </Card>

      {error && <ErrorAlert error={error} onRetry={() => void apply()} />}
      {!page && !error && <Loading lines={6} />}
      {page && page.items.length === 0 && <EmptyState title={t('audit.none')} />}
      {page && page.items.length > 0 && (
        <div aria-busy={loading || undefined}>
          <AuditList entries={page.items} label={t('audit.entries', { page: pageNumber })} />
        </div>
      )}
      {page && (cursors.length > 1 || page.nextCursor) && (
        <nav aria-label={t('audit.pagination')}>
          <Row justify="between" align="center" gap={2}>
            <Button variant="secondary" disabled={cursors.length <= 1 || loading} onClick={() => setCursors((c) => c.slice(0, -1))}>
              {t('audit.newer')}
            </Button>
            <span className="adm-muted">{t('audit.page', { page: pageNumber })}</span>
            <Button variant="secondary" disabled={!page.nextCursor || loading} onClick={() => page.nextCursor && setCursors((c) => [...c, page.nextCursor!])}>
              {t('audit.older')}
            </Button>
          </Row>
        </nav>
      )}
    </Stack>
  );
}
