import { lazy, Suspense, useEffect, useMemo, useState, type ComponentType } from 'react';
import { Redirect, Route, Switch, useSession, useT } from '@petamigos/web';
import { AccessProvider, SECTIONS, useAccess, type Section } from './access.js';
import { AdminLayout } from './layout/AdminLayout.js';
import { pluginPanels, SECTION_PATHS, type AdminNavEntry } from './nav.js';
import { SignInForm } from './auth/SignInForm.js';
import { NoAccess } from './auth/NoAccess.js';
import { NotAllowed, NotFound } from './common/NotFound.js';
import { MANIFEST_CHANGED } from './manifest-refresh.js';
import { Loading } from './common/Loading.js';

// Pages load on demand, so opening the moderation queue does not fetch the overview's charts.
const OverviewPage = lazy(() => import('./pages/OverviewPage.js'));
const UsersPage = lazy(() => import('./pages/UsersPage.js'));
const UserPage = lazy(() => import('./pages/UserPage.js'));
const ModerationPage = lazy(() => import('./pages/ModerationPage.js'));
const PluginsPage = lazy(() => import('./pages/PluginsPage.js'));
const PluginSettingsPage = lazy(() => import('./pages/PluginSettingsPage.js'));
const PanelPage = lazy(() => import('./pages/PanelPage.js'));
const JobsPage = lazy(() => import('./pages/JobsPage.js'));
const AuditPage = lazy(() => import('./pages/AuditPage.js'));

type Params = Record<string, string | undefined>;

const ROUTES: Array<{ path: string; section: Section; component: ComponentType<{ params: Params }> }> = [
  { path: '/', section: 'overview', component: OverviewPage },
  { path: '/users', section: 'users', component: UsersPage },
  { path: '/users/:id', section: 'users', component: UserPage },
  { path: '/moderation', section: 'moderation', component: ModerationPage },
  { path: '/plugins', section: 'plugins', component: PluginsPage },
  { path: '/plugins/:name', section: 'plugins', component: PluginSettingsPage },
  { path: '/jobs', section: 'jobs', component: JobsPage },
  { path: '/audit', section: 'audit', component: AuditPage },
];

const NAV_LABELS: Record<Section, string> = {
  overview: 'nav.overview',
  moderation: 'nav.moderation',
  users: 'nav.users',
  plugins: 'nav.plugins',
  jobs: 'nav.jobs',
  audit: 'nav.audit',
};

/** Who is at the door: signed out → the log-in form; signed in → what their permissions open. */
export function AdminApp() {
  const t = useT('admin');
  const { status, user } = useSession();
  if (status === 'loading' || (status === 'signed-in' && !user)) {
    return (
      <AdminLayout nav={[]} panels={[]}>
        <Loading lines={4} />
      </AdminLayout>
    );
  }
  if (!user) {
    return (
      <AdminLayout nav={[]} panels={[]}>
        <SignInForm />
      </AdminLayout>
    );
  }
  return (
    <AccessProvider user={user}>
      <SignedIn />
    </AccessProvider>
  );
}

function SignedIn() {
  const t = useT('admin');
  const access = useAccess();
  // Switching a plugin on or off refreshes the boot manifest; its panels follow without a reload.
  const [manifestVersion, setManifestVersion] = useState(0);
  useEffect(() => {
    const changed = () => setManifestVersion((v) => v + 1);
    window.addEventListener(MANIFEST_CHANGED, changed);
    return () => window.removeEventListener(MANIFEST_CHANGED, changed);
  }, []);
  const panels = useMemo(() => pluginPanels(), [manifestVersion]);
  if (access.status === 'checking') {
    return (
      <AdminLayout nav={[]} panels={[]}>
        <Loading lines={4} />
      </AdminLayout>
    );
  }
  const allowed = SECTIONS.filter((s) => access.sections.has(s));
  if (allowed.length === 0) {
    return (
      <AdminLayout nav={[]} panels={[]}>
        <NoAccess />
      </AdminLayout>
    );
  }
  const nav: AdminNavEntry[] = allowed.map((s) => ({ path: SECTION_PATHS[s], label: NAV_LABELS[s] }));
  const visiblePanels = panels.filter((p) => access.holds(p.panel.permission));
  const panelNav: AdminNavEntry[] = visiblePanels.map((p) => ({ path: p.path, label: p.panel.title, plugin: p.plugin }));

  return (
    <AdminLayout nav={nav} panels={panelNav}>
      <Suspense fallback={<Loading lines={5} />}>
        <Switch>
          {ROUTES.map((route) => (
            <Route key={route.path} path={route.path}>
              {(params) =>
                access.sections.has(route.section) ? (
                  <route.component params={params as Params} />
                ) : route.path === '/' ? (
                  // Moderators land on the queue, not on a dashboard they cannot read.
                  <Redirect to={SECTION_PATHS[allowed[0]!]} replace />
                ) : (
                  <NotAllowed />
                )
              }
            </Route>
          ))}
          <Route path="/plugins/:plugin/:panel">{(params) => <PanelPage params={params as Params} />}</Route>
          <Route>
            <NotFound />
          </Route>
        </Switch>
      </Suspense>
    </AdminLayout>
  );
}
