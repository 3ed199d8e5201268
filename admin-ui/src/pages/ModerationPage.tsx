import { useMemo, useState } from 'react';
import { Badge, Button, Card, EmptyState, PageHeader, Row, Select, Stack, Tabs, useToast } from '@petamigos/theme';
import { api, boot, useFormat, useT } from '@petamigos/web';
import { ErrorAlert } from '../common/ErrorAlert.js';
import { LoadMore } from '../common/LoadMore.js';
import { usePageTitle } from '../common/page-title.js';
import { PersonLine } from '../common/PersonLine.js';
import { ReasonDialog } from '../common/ReasonDialog.js';
import { usePaged } from '../common/use-paged.js';
import { RESOLUTIONS, type ReportCase, type Resolution } from '../types.js';
import { Loading } from '../common/Loading.js';

/**
 * The moderation queue of every plugin: open cases oldest first (work it in order), resolved ones
 * newest first. Each case shows the reported item as its plugin describes it, its author, and
 * every report; resolving asks for a reason, which is audited and, for warnings, read by the author.
 */
export default function ModerationPage(_props: { params: Record<string, string | undefined> }) {
  const t = useT('admin');
  usePageTitle(t('moderation.title'));
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const [plugin, setPlugin] = useState('');
  const cases = usePaged<ReportCase>('/api/admin/reports', { status, plugin: plugin || undefined });
  const plugins = useMemo(() => [...new Set([...boot().plugins.map((p) => p.name), ...cases.items.map((c) => c.plugin), ...(plugin ? [plugin] : [])])].sort(), [cases.items, plugin]);

  return (
    <Stack gap={4}>
      <PageHeader title={t('moderation.title')} subtitle={t('moderation.subtitle')} />
      <Row justify="between" align="end" wrap gap={3}>
        <Tabs
          label={t('moderation.tabsLabel')}
          tabs={[
            { id: 'open', label: t('moderation.open') },
            { id: 'resolved', label: t('moderation.resolved') },
          ]}
          active={status}
          onChange={(id) => setStatus(id as 'open' | 'resolved')}
        />
        <div className="adm-compact-field">
          <Select label={t('moderation.plugin')} value={plugin} onChange={(e) => setPlugin(e.target.value)} options={[{ value: '', label: t('moderation.allPlugins') }, ...plugins.map((p) => ({ value: p, label: p }))]} />
        </div>
      </Row>
      {cases.error && <ErrorAlert error={cases.error} onRetry={cases.reload} />}
      {cases.loading && cases.items.length === 0 && <Loading lines={6} />}
      {!cases.loading && !cases.error && cases.items.length === 0 && <EmptyState title={status === 'open' ? t('moderation.emptyOpen') : t('moderation.emptyResolved')} />}
      {cases.items.length > 0 && (
        <ul className="adm-cases" aria-label={status === 'open' ? t('moderation.open') : t('moderation.resolved')}>
          {cases.items.map((c) => (
            <li key={c.id}>
              <CaseCard report={c} onResolved={(next) => cases.update((x) => x.id === c.id, status === 'open' ? null : next)} />
            </li>
          ))}
        </ul>
      )}
      <LoadMore hasMore={cases.hasMore} loading={cases.loading} onClick={cases.loadMore} />
    </Stack>
  );
}

function CaseCard({ report, onResolved }: { report: ReportCase; onResolved(next: ReportCase): void }) {
  const t = useT('admin');
  const toast = useToast();
  const { dateTime, relative } = useFormat();
  const [action, setAction] = useState<Resolution | null>(null);
  const item = report.item;
  const headingId = `adm-case-${report.id}`;
  const authorName = report.author?.displayName ?? t('moderation.unknownAuthor');

  const unavailable = (a: Resolution) => {
    if (a === 'dismiss') return false;
    if (!item) return true;
    if (a === 'warn' || a === 'suspend') return !report.author;
    return false;
  };

  async function resolve(reason: string) {
    if (!action) return;
    const next = await api.post<ReportCase>(`/api/admin/reports/${report.id}/resolve`, { action, reason });
    setAction(null);
    toast(t(`moderation.done.${action}`), 'success');
    onResolved(next);
  }

  return (
    <Card as="article" aria-label={item?.title ?? t('moderation.itemGone')}>
      <Stack gap={3}>
        <Row justify="between" align="start" wrap gap={2}>
          <h2 className="adm-card-title" id={headingId}>
            {item?.title ?? t('moderation.itemGone')}
          </h2>
          <Row gap={2} wrap>
            <Badge>{`${report.plugin} · ${report.itemType}`}</Badge>
            {item?.removed && <Badge tone="danger">{t('moderation.removed')}</Badge>}
            <Badge tone="primary">{t('moderation.reportCount', { count: report.reporterCount })}</Badge>
          </Row>
        </Row>

        {report.author && (
          <p className="adm-case__author">
            <span className="adm-muted">{t('moderation.author')}</span> <PersonLine person={report.author} />
          </p>
        )}

        {item ? (
          <div className="adm-case__item">
            {item.text && <blockquote className="adm-quote adm-pre">{item.text}</blockquote>}
            {item.media && item.media.length > 0 && (
              <ul className="adm-case__media" aria-label={t('moderation.media')}>
                {item.media.map((m, i) => (
                  <li key={m.url}>
                    {m.type === 'image' ? (
                      <img src={m.url} alt={t('moderation.imageAlt', { n: i + 1, name: authorName })} loading="lazy" width={m.width} height={m.height} />
                    ) : (
                      <a href={m.url} target="_blank" rel="noopener noreferrer">
                        {t('moderation.openVideo', { n: i + 1 })}
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            )}
            {item.url && (
              <p>
                <a href={item.url} target="_blank" rel="noopener noreferrer">
                  {t('moderation.openItem')}
                </a>
              </p>
            )}
          </div>
        ) : (
          <p className="adm-muted">{t('moderation.itemGoneHint')}</p>
        )}

        <section aria-label={t('moderation.reports')}>
          <h3 className="adm-subtitle">{t('moderation.reports')}</h3>
          <ul className="adm-reports">
            {report.reports.map((r) => (
              <li key={r.id} className="adm-reports__item">
                <Row justify="between" wrap gap={2}>
                  {r.reporter ? <PersonLine person={r.reporter} /> : <span>{t('moderation.deletedReporter')}</span>}
                  <time className="adm-muted" dateTime={r.createdAt} title={dateTime(r.createdAt)}>
                    {relative(r.createdAt)}
                  </time>
                </Row>
                <p className="adm-reports__reason">
                  <span className="adm-muted">{t('moderation.reason')}</span> <strong className="adm-pre">{r.reason}</strong>
                </p>
                {r.details && <p className="adm-pre">{r.details}</p>}
              </li>
            ))}
          </ul>
          {report.reporterCount > report.reports.length && <p className="adm-muted">{t('moderation.moreReports', { count: report.reporterCount - report.reports.length })}</p>}
        </section>

        {report.resolution ? (
          <div className="adm-resolution">
            <p>
              <Badge tone={report.resolution.action === 'dismiss' ? 'neutral' : 'danger'}>{t(`moderation.action.${report.resolution.action}`)}</Badge>{' '}
              {report.resolution.moderator ? (
                <>
                  {t('moderation.resolvedBy')} <PersonLine person={report.resolution.moderator} />
                </>
              ) : null}{' '}
              <time className="adm-muted" dateTime={report.resolution.at}>
                {dateTime(report.resolution.at)}
              </time>
            </p>
            <p>
              <span className="adm-muted">{t('moderation.resolutionReason')}</span> <span className="adm-pre">{report.resolution.reason}</span>
            </p>
          </div>
        ) : (
          <Row gap={2} wrap>
            {RESOLUTIONS.map((a) => (
              <Button key={a} variant={a === 'dismiss' ? 'secondary' : a === 'warn' ? 'secondary' : 'danger'} size="sm" disabled={unavailable(a)} onClick={() => setAction(a)} aria-describedby={headingId}>
                {t(`moderation.act.${a}`)}
              </Button>
            ))}
          </Row>
        )}
      </Stack>
      <ReasonDialog
        open={action !== null}
        title={action ? t(`moderation.act.${action}`) : ''}
        description={action ? t(`moderation.confirm.${action}`, { name: authorName }) : ''}
        confirmLabel={action ? t(`moderation.act.${action}`) : ''}
        tone={action === 'dismiss' || action === 'warn' ? 'primary' : 'danger'}
        reasonLabel={action === 'warn' ? t('moderation.warnReason') : t('moderation.resolutionReasonLabel')}
        maxReason={1000}
        onClose={() => setAction(null)}
        onConfirm={resolve}
      />
    </Card>
  );
}
