import { Suspense, useMemo } from 'react';
import { Alert, PageHeader, Stack } from '@petamigos/theme';
import { PluginBoundary, pluginComponent, useT, useTranslateAny, type PageComponent } from '@petamigos/web';
import { useAccess } from '../access.js';
import { NotAllowed, NotFound } from '../common/NotFound.js';
import { usePageTitle } from '../common/page-title.js';
import { pluginPanels } from '../nav.js';
import { Loading } from '../common/Loading.js';

/** A plugin's admin panel at /admin/plugins/<plugin>/<panel-id>: its module, loaded on demand, in its own error boundary. */
export default function PanelPage({ params }: { params: Record<string, string | undefined> }) {
  const t = useT('admin');
  const tn = useTranslateAny();
  const access = useAccess();
  const entry = useMemo(() => pluginPanels().find((p) => p.plugin === params.plugin && p.panel.id === params.panel), [params.plugin, params.panel]);
  const title = entry ? tn(entry.plugin, entry.panel.title) : t('notFound.title');
  usePageTitle(title);
  if (!entry) return <NotFound />;
  if (!access.holds(entry.panel.permission)) return <NotAllowed />;
  const Panel = pluginComponent<{ params: Record<string, string | undefined> }>(entry.panel.module) as unknown as PageComponent;
  return (
    <Stack gap={4}>
      <PageHeader title={title} subtitle={t('plugins.panelOf', { plugin: entry.plugin })} />
      <PluginBoundary name={entry.plugin} fallback={<Alert tone="error">{t('plugins.componentFailed', { plugin: entry.plugin })}</Alert>}>
        <Suspense fallback={<Loading lines={4} />}>
          <Panel params={params} />
        </Suspense>
      </PluginBoundary>
    </Stack>
  );
}
