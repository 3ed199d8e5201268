import { useState } from 'react';
import { Alert, Badge, Card, Checkbox, EmptyState, PageHeader, Row, Stack, useToast } from '@petamigos/theme';
import { api, ApiError, Link, useApi, useT, useTranslateAny } from '@petamigos/web';
import { ErrorAlert } from '../common/ErrorAlert.js';
import { usePageTitle } from '../common/page-title.js';
import { refreshManifest } from '../manifest-refresh.js';
import type { AdminPlugin } from '../types.js';
import { Loading } from '../common/Loading.js';

/** Installed plugins: version, on or off, health, pending migrations, and a way to their settings and panels. */
export default function PluginsPage(_props: { params: Record<string, string | undefined> }) {
  const t = useT('admin');
  usePageTitle(t('plugins.title'));
  const { data, error, reload, setData } = useApi<{ items: AdminPlugin[] }>('/api/admin/plugins');

  return (
    <Stack gap={4}>
      <PageHeader title={t('plugins.title')} subtitle={t('plugins.subtitle')} />
      {error && <ErrorAlert error={error} onRetry={() => void reload()} />}
      {!data && !error && <Loading lines={6} />}
      {data && data.items.length === 0 && <EmptyState title={t('plugins.none')} />}
      {data && data.items.length > 0 && (
        <ul className="adm-cases" aria-label={t('plugins.title')}>
          {data.items.map((plugin) => (
            <li key={plugin.name}>
              <PluginCard plugin={plugin} onChanged={(next) => setData((current) => ({ items: (current?.items ?? []).map((p) => (p.name === next.name ? next : p)) }))} />
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}

export function HealthBadge({ plugin }: { plugin: AdminPlugin }) {
  const t = useT('admin');
  const tone = plugin.health === 'ok' ? 'success' : plugin.health === 'disabled' ? 'neutral' : 'danger';
  return <Badge tone={tone}>{t(`plugins.health.${plugin.health}`)}</Badge>;
}

export function MigrationsBadge({ plugin }: { plugin: AdminPlugin }) {
  const t = useT('admin');
  if (plugin.pendingMigrations === 0) return null;
  return <Badge tone="danger">{t('plugins.pendingMigrations', { count: plugin.pendingMigrations })}</Badge>;
}

function PluginCard({ plugin, onChanged }: { plugin: AdminPlugin; onChanged(next: AdminPlugin): void }) {
  const t = useT('admin');
  const tn = useTranslateAny();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  // The switch moves at once; it goes back if the server refuses.
  const [pending, setPending] = useState<boolean | null>(null);
  const [error, setError] = useState<string>();
  const headingId = `adm-plugin-${plugin.name}`;

  async function toggle(enabled: boolean) {
    setBusy(true);
    setPending(enabled);
    setError(undefined);
    try {
      const next = await api.put<AdminPlugin>(`/api/admin/plugins/${encodeURIComponent(plugin.name)}/enabled`, { enabled });
      onChanged(next);
      // Its panels join or leave the navigation before the switch is announced as done.
      await refreshManifest().catch(() => undefined);
      toast(t(enabled ? 'plugins.enabledToast' : 'plugins.disabledToast', { plugin: plugin.name }), 'success');
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t('errors.unexpected'));
    } finally {
      setBusy(false);
      setPending(null);
    }
  }

  const requires = Object.entries(plugin.requires);
  return (
    <Card as="article" aria-label={plugin.name}>
      <Stack gap={3}>
        <Row justify="between" align="start" wrap gap={2}>
          <div>
            <h2 className="adm-card-title" id={headingId}>
              {plugin.name} <span className="adm-muted adm-version">{t('plugins.version', { version: plugin.version })}</span>
            </h2>
            {plugin.description && <p className="adm-muted">{plugin.description}</p>}
          </div>
          <Row gap={2} wrap>
            <HealthBadge plugin={plugin} />
            <MigrationsBadge plugin={plugin} />
          </Row>
        </Row>
        {!plugin.available && plugin.reason && <Alert tone="error">{plugin.reason}</Alert>}
        <Checkbox
          label={t('plugins.enabled', { plugin: plugin.name })}
          checked={pending ?? plugin.enabled}
          disabled={busy || !plugin.available}
          aria-describedby={plugin.requiredBy.length > 0 ? `${headingId}-required` : undefined}
          onChange={(e) => void toggle(e.target.checked)}
        />
        {error && <Alert tone="error">{error}</Alert>}
        <dl className="adm-facts">
          {requires.length > 0 && (
            <div>
              <dt>{t('plugins.requires')}</dt>
              <dd>{requires.map(([name, range]) => `${name} ${range}`).join(', ')}</dd>
            </div>
          )}
          {plugin.requiredBy.length > 0 && (
            <div>
              <dt>{t('plugins.requiredBy')}</dt>
              <dd id={`${headingId}-required`}>{plugin.requiredBy.join(', ')}</dd>
            </div>
          )}
          <div>
            <dt>{t('plugins.origin')}</dt>
            <dd className="adm-break">{plugin.origin}</dd>
          </div>
        </dl>
        <Row gap={3} wrap>
          {plugin.settings && (
            <Link href={`/plugins/${plugin.name}`} aria-label={t('plugins.settingsOf', { plugin: plugin.name })}>
              {t('plugins.settings')}
            </Link>
          )}
          {plugin.enabled &&
            plugin.admin.panels.map((panel) => (
              <Link key={panel.id} href={`/plugins/${plugin.name}/${panel.id}`}>
                {tn(plugin.name, panel.title)}
              </Link>
            ))}
        </Row>
      </Stack>
    </Card>
  );
}
