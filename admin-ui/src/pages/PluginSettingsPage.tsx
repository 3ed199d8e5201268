import { Badge, Card, EmptyState, PageHeader, Row, Stack } from '@petamigos/theme';
import { Link, useApi, useT } from '@petamigos/web';
import { ErrorAlert } from '../common/ErrorAlert.js';
import { usePageTitle } from '../common/page-title.js';
import { SettingsForm } from '../settings/SettingsForm.js';
import type { AdminPlugin } from '../types.js';
import { HealthBadge, MigrationsBadge } from './PluginsPage.js';
import { Loading } from '../common/Loading.js';

/** One plugin's settings, edited through the form generated from its schema. */
export default function PluginSettingsPage({ params }: { params: Record<string, string | undefined> }) {
  const t = useT('admin');
  const name = params.name ?? '';
  usePageTitle(t('plugins.settingsTitle', { plugin: name }));
  const { data: plugin, error, reload, setData } = useApi<AdminPlugin>(`/api/admin/plugins/${encodeURIComponent(name)}`);

  return (
    <Stack gap={4}>
      <p className="adm-breadcrumb">
        <Link href="/plugins">{t('plugins.back')}</Link>
      </p>
      <PageHeader title={t('plugins.settingsTitle', { plugin: name })} subtitle={plugin ? t('plugins.version', { version: plugin.version }) : undefined} />
      {error && (error.status === 404 ? <EmptyState title={t('plugins.notFound')} /> : <ErrorAlert error={error} onRetry={() => void reload()} />)}
      {!plugin && !error && <Loading lines={6} />}
      {plugin && (
        <>
          <Row gap={2} wrap>
            <Badge tone={plugin.enabled ? 'success' : 'neutral'}>{plugin.enabled ? t('plugins.on') : t('plugins.off')}</Badge>
            <HealthBadge plugin={plugin} />
            <MigrationsBadge plugin={plugin} />
          </Row>
          <Card>
            {plugin.settings ? (
              <SettingsForm plugin={plugin.name} view={plugin.settings} onSaved={(settings) => setData({ ...plugin, settings })} />
            ) : (
              <p className="adm-muted">{t('settings.none')}</p>
            )}
          </Card>
        </>
      )}
    </Stack>
  );
}
