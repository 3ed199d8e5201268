import { Suspense, useMemo } from 'react';
import { Button, Card, PageHeader, Stack } from '@petamigos/theme';
import { PluginBoundary, pluginComponent, useApi, useFormat, useT, useTranslateAny } from '@petamigos/web';
import { useAccess } from '../access.js';
import { Chart, type Datum } from '../charts/Chart.js';
import { ErrorAlert } from '../common/ErrorAlert.js';
import { useBytes, useDay } from '../common/format.js';
import { usePageTitle } from '../common/page-title.js';
import { Stat } from '../common/Stat.js';
import { pluginCards } from '../nav.js';
import { JOB_STATES, type Overview } from '../types.js';
import { Loading } from '../common/Loading.js';

/** Users, activity, jobs, storage and errors at a glance, with each plugin's figures and cards. */
export default function OverviewPage(_props: { params: Record<string, string | undefined> }) {
  const t = useT('admin');
  usePageTitle(t('overview.title'));
  const { data, error, loading, reload } = useApi<Overview>('/api/admin/overview');
  const { relative } = useFormat();

  return (
    <Stack gap={5}>
      <PageHeader
        title={t('overview.title')}
        subtitle={data ? t('overview.updated', { when: relative(data.generatedAt) }) : undefined}
        actions={
          <Button variant="secondary" size="sm" onClick={() => void reload()} busy={loading} disabled={loading}>
            {t('actions.refresh')}
          </Button>
        }
      />
      {error && <ErrorAlert error={error} onRetry={() => void reload()} />}
      {!data && !error && <Loading lines={8} />}
      {data && <OverviewBody overview={data} />}
      <PluginCards />
    </Stack>
  );
}

function OverviewBody({ overview }: { overview: Overview }) {
  const t = useT('admin');
  const tn = useTranslateAny();
  const { number, date } = useFormat();
  const bytes = useBytes();
  const day = useDay();
  const n = (value: number) => number(value);

  const perDay = (rows: Array<{ day: string; count: number }>): Datum[] => rows.map((r) => ({ key: r.day, label: day(r.day), tick: day(r.day, 'short'), value: r.count }));
  const active = perDay(overview.activeUsers);
  const signups = perDay(overview.signups);
  const hourly: Datum[] = overview.errors.hourly.map((h) => ({ key: h.hour, label: date(h.hour, { weekday: 'short', hour: 'numeric', minute: '2-digit' }), tick: date(h.hour, { hour: 'numeric' }), value: h.count }));
  const jobs: Datum[] = JOB_STATES.map((state) => ({ key: state, label: t(`jobs.state.${state}`), value: overview.jobs.counts[state] }));
  const peak = (data: Datum[]) => data.reduce<Datum | undefined>((best, d) => (!best || d.value > best.value ? d : best), undefined);
  const total = (data: Datum[]) => data.reduce((sum, d) => sum + d.value, 0);
  const daySummary = (data: Datum[], key: 'overview.activeSummary' | 'overview.signupsSummary') =>
    t(key, { total: n(total(data)), average: number(total(data) / Math.max(1, data.length), { maximumFractionDigits: 1 }), peak: n(peak(data)?.value ?? 0), day: peak(data)?.label ?? '', days: data.length });

  return (
    <Stack gap={5}>
      <section aria-labelledby="adm-ov-figures">
        <h2 className="adm-section-title" id="adm-ov-figures">
          {t('overview.figures')}
        </h2>
        <dl className="adm-stats">
          <Stat label={t('overview.usersTotal')} value={n(overview.users.total)} />
          <Stat label={t('overview.usersNew')} value={n(overview.users.newLast30Days)} />
          <Stat label={t('overview.activeToday')} value={n(overview.users.activeToday)} />
          <Stat label={t('overview.suspended')} value={n(overview.users.suspended)} />
          <Stat label={t('overview.errors24h')} value={n(overview.errors.last24Hours)} tone={overview.errors.last24Hours > 0 ? 'danger' : undefined} />
          <Stat label={t('overview.jobsFailed')} value={n(overview.jobs.counts.failed)} tone={overview.jobs.counts.failed > 0 ? 'danger' : undefined} />
          <Stat
            label={t('overview.storage')}
            value={overview.storage ? bytes(overview.storage.bytes) : t('overview.storageMeasuring')}
            note={overview.storage ? t(overview.storage.partial ? 'overview.storageObjectsPartial' : 'overview.storageObjects', { count: overview.storage.objects, objects: n(overview.storage.objects) }) : undefined}
          />
          {overview.plugins.map((stat) => {
            // A plugin may translate its figure under `stats.<id>`; otherwise its own label is shown.
            const translated = tn(stat.plugin, `stats.${stat.id}`);
            return <Stat key={`${stat.plugin}:${stat.id}`} label={translated === `stats.${stat.id}` ? stat.label : translated} value={n(stat.value)} />;
          })}
        </dl>
      </section>

      <section aria-labelledby="adm-ov-charts">
        <h2 className="adm-section-title" id="adm-ov-charts">
          {t('overview.activity')}
        </h2>
        <div className="adm-grid">
          <Card>
            <Chart kind="line" title={t('overview.activeUsers')} summary={daySummary(active, 'overview.activeSummary')} data={active} labelHeader={t('charts.day')} valueHeader={t('charts.people')} format={n} />
          </Card>
          <Card>
            <Chart kind="bar" title={t('overview.signups')} summary={daySummary(signups, 'overview.signupsSummary')} data={signups} labelHeader={t('charts.day')} valueHeader={t('charts.people')} format={n} />
          </Card>
          <Card>
            <Chart
              kind="bar"
              title={t('overview.errorsHourly')}
              summary={t('overview.errorsSummary', { total: n(overview.errors.last24Hours) })}
              data={hourly}
              labelHeader={t('charts.hour')}
              valueHeader={t('charts.errors')}
              format={n}
            />
          </Card>
          <Card>
            <Chart
              kind="bar"
              title={t('overview.jobs')}
              summary={t('overview.jobsSummary', { waiting: n(overview.jobs.counts.waiting), active: n(overview.jobs.counts.active), failed: n(overview.jobs.counts.failed) })}
              data={jobs}
              axis="every"
              labelHeader={t('jobs.stateHeader')}
              valueHeader={t('jobs.countHeader')}
              format={n}
            />
          </Card>
        </div>
      </section>

      {overview.errors.topRoutes.length > 0 && (
        <section aria-labelledby="adm-ov-routes">
          <h2 className="adm-section-title" id="adm-ov-routes">
            {t('overview.topRoutes')}
          </h2>
          <div className="adm-table-scroll">
            <table className="adm-table">
              <thead>
                <tr>
                  <th scope="col">{t('overview.route')}</th>
                  <th scope="col" className="adm-num">
                    {t('overview.status')}
                  </th>
                  <th scope="col" className="adm-num">
                    {t('charts.errors')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {overview.errors.topRoutes.map((r) => (
                  <tr key={`${r.route}:${r.status}`}>
                    <td>
                      <code>{r.route}</code>
                    </td>
                    <td className="adm-num">{r.status}</td>
                    <td className="adm-num">{n(r.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </Stack>
  );
}

/** Dashboard cards plugins declare (`admin.cards`), each in its own error boundary. */
function PluginCards() {
  const t = useT('admin');
  const tn = useTranslateAny();
  const access = useAccess();
  const cards = useMemo(() => pluginCards(), []);
  const visible = cards.filter((c) => access.holds(c.card.permission));
  if (visible.length === 0) return null;
  return (
    <section aria-labelledby="adm-ov-cards">
      <h2 className="adm-section-title" id="adm-ov-cards">
        {t('overview.pluginCards')}
      </h2>
      <div className="adm-grid">
        {visible.map(({ plugin, card }) => {
          const Loaded = pluginComponent<Record<string, never>>(card.module);
          const title = tn(plugin, card.title);
          return (
            <Card key={`${plugin}:${card.id}`} as="section" aria-label={title}>
              <h3 className="adm-card-title">{title}</h3>
              <PluginBoundary name={plugin} fallback={<p role="alert">{t('plugins.componentFailed', { plugin })}</p>}>
                <Suspense fallback={<Loading lines={2} />}>
                  <Loaded />
                </Suspense>
              </PluginBoundary>
            </Card>
          );
        })}
      </div>
    </section>
  );
}
