import { useState } from 'react';
import { Button, Card, EmptyState, PageHeader, Row, Stack, useToast } from '@petamigos/theme';
import { api, ApiError, useApi, useFormat, useT } from '@petamigos/web';
import { Chart } from '../charts/Chart.js';
import { ErrorAlert } from '../common/ErrorAlert.js';
import { usePageTitle } from '../common/page-title.js';
import { Stat } from '../common/Stat.js';
import { JOB_STATES, type FailedJob, type JobCounts, type JobsView } from '../types.js';
import { Loading } from '../common/Loading.js';

/** Background jobs: how many in each state, by job, the schedules, and failed jobs to retry. */
export default function JobsPage(_props: { params: Record<string, string | undefined> }) {
  const t = useT('admin');
  usePageTitle(t('jobs.title'));
  const { number, dateTime } = useFormat();
  const jobs = useApi<JobsView>('/api/admin/jobs');
  const failed = useApi<{ items: FailedJob[] }>('/api/admin/jobs/failed', { limit: 50 });
  const n = (value: number) => number(value);

  const totals = JOB_STATES.reduce((sum, state) => ({ ...sum, [state]: Object.values(jobs.data?.counts ?? {}).reduce((s, c) => s + c[state], 0) }), {} as JobCounts);
  const names = Object.keys(jobs.data?.counts ?? {}).sort();

  return (
    <Stack gap={5}>
      <PageHeader
        title={t('jobs.title')}
        subtitle={jobs.data ? t('jobs.driver', { driver: jobs.data.driver }) : undefined}
        actions={
          <Button variant="secondary" size="sm" onClick={() => { void jobs.reload(); void failed.reload(); }}>
            {t('actions.refresh')}
          </Button>
        }
      />
      {jobs.error && <ErrorAlert error={jobs.error} onRetry={() => void jobs.reload()} />}
      {!jobs.data && !jobs.error && <Loading lines={4} />}
      {jobs.data && (
        <>
          <dl className="adm-stats">
            {JOB_STATES.map((state) => (
              <Stat key={state} label={t(`jobs.state.${state}`)} value={n(totals[state])} tone={state === 'failed' && totals.failed > 0 ? 'danger' : undefined} />
            ))}
          </dl>
          <Card>
            <Chart
              kind="bar"
              title={t('jobs.byState')}
              summary={t('overview.jobsSummary', { waiting: n(totals.waiting), active: n(totals.active), failed: n(totals.failed) })}
              data={JOB_STATES.map((state) => ({ key: state, label: t(`jobs.state.${state}`), value: totals[state] }))}
              axis="every"
              labelHeader={t('jobs.stateHeader')}
              valueHeader={t('jobs.countHeader')}
              format={n}
            />
          </Card>
          <section aria-labelledby="adm-jobs-by-name">
            <h2 className="adm-section-title" id="adm-jobs-by-name">
              {t('jobs.byName')}
            </h2>
            {names.length === 0 ? (
              <EmptyState title={t('jobs.noneYet')} />
            ) : (
              <div className="adm-table-scroll">
                <table className="adm-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('jobs.name')}</th>
                      {JOB_STATES.map((state) => (
                        <th key={state} scope="col" className="adm-num">
                          {t(`jobs.state.${state}`)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {names.map((name) => (
                      <tr key={name}>
                        <th scope="row">
                          <code>{name}</code>
                        </th>
                        {JOB_STATES.map((state) => (
                          <td key={state} className="adm-num">
                            {n(jobs.data!.counts[name]![state])}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          {jobs.data.schedules.length > 0 && (
            <section aria-labelledby="adm-jobs-schedules">
              <h2 className="adm-section-title" id="adm-jobs-schedules">
                {t('jobs.schedules')}
              </h2>
              <div className="adm-table-scroll">
                <table className="adm-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('jobs.name')}</th>
                      <th scope="col">{t('jobs.cron')}</th>
                      <th scope="col">{t('jobs.next')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {jobs.data.schedules.map((s) => (
                      <tr key={s.id}>
                        <th scope="row">
                          <code>{s.name}</code>
                        </th>
                        <td>
                          <code>{s.cron}</code> <span className="adm-muted">{s.tz}</span>
                        </td>
                        <td>{s.next ? dateTime(s.next) : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
        </>
      )}

      <section aria-labelledby="adm-jobs-failed">
        <Stack gap={3}>
          <h2 className="adm-section-title" id="adm-jobs-failed">
            {t('jobs.failed')}
          </h2>
          {failed.error && <ErrorAlert error={failed.error} onRetry={() => void failed.reload()} />}
          {!failed.data && !failed.error && <Loading lines={3} />}
          {failed.data && failed.data.items.length === 0 && <EmptyState title={t('jobs.noFailed')} />}
          {failed.data && failed.data.items.length > 0 && (
            <ul className="adm-cases" aria-label={t('jobs.failed')}>
              {failed.data.items.map((job) => (
                <li key={`${job.name}:${job.id}`}>
                  <FailedJobCard
                    job={job}
                    onRetried={() => {
                      failed.setData((current) => ({ items: (current?.items ?? []).filter((j) => !(j.id === job.id && j.name === job.name)) }));
                      void jobs.reload();
                    }}
                  />
                </li>
              ))}
            </ul>
          )}
        </Stack>
      </section>
    </Stack>
  );
}

function FailedJobCard({ job, onRetried }: { job: FailedJob; onRetried(): void }) {
  const t = useT('admin');
  const toast = useToast();
  const { dateTime, relative } = useFormat();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const headingId = `adm-job-${job.name}-${job.id}`.replace(/[^a-zA-Z0-9_-]/g, '-');

  async function retry() {
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/api/admin/jobs/${encodeURIComponent(job.name)}/${encodeURIComponent(job.id)}/retry`);
      toast(t('jobs.retried', { name: job.name }), 'success');
      onRetried();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t('errors.unexpected'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card as="article" aria-label={job.name}>
      <Stack gap={2}>
        <Row justify="between" align="start" wrap gap={2}>
          <h3 className="adm-card-title" id={headingId}>
            <code>{job.name}</code>
          </h3>
          <time className="adm-muted" dateTime={job.failedAt} title={dateTime(job.failedAt)}>
            {relative(job.failedAt)}
          </time>
        </Row>
        <p className="adm-muted">{t('jobs.attempts', { count: job.attempts, id: job.id })}</p>
        <pre className="adm-error-text">{job.error}</pre>
        <details>
          <summary>{t('jobs.payload')}</summary>
          <pre className="adm-code">{JSON.stringify(job.payload, null, 2)}</pre>
        </details>
        {error && <p className="adm-field-error" role="alert">{error}</p>}
        <Row justify="end">
          <Button size="sm" onClick={() => void retry()} busy={busy} disabled={busy} aria-describedby={headingId}>
            {t('jobs.retry')}
          </Button>
        </Row>
      </Stack>
    </Card>
  );
}
