import { lazy, Suspense, useMemo, type ComponentType } from 'react';
import { Shell, Skeleton } from '@petamigos/theme';
import { pluginComponent, pluginNav, pluginPages, PluginBoundary, Slot, type PageEntry } from '../sdk/extensions.js';
import { Redirect, Route, Switch, useLocation } from '../sdk/router.js';
import { useSession } from '../sdk/session.js';
import { useT, useTranslateAny } from '../sdk/i18n.js';
import { boot } from '../sdk/boot.js';
import { useUnreadNotifications } from './unread.js';

// The app's own pages load on demand, like plugin pages, so the home route carries only what it shows.
const LoginPage = lazy(() => import('./pages/LoginPage.js'));
const SignupPage = lazy(() => import('./pages/SignupPage.js'));
const VerifyEmailPage = lazy(() => import('./pages/VerifyEmailPage.js'));
const ResetPasswordPage = lazy(() => import('./pages/ResetPasswordPage.js'));
const SettingsPage = lazy(() => import('./pages/SettingsPage.js'));
const NotificationsPage = lazy(() => import('./pages/NotificationsPage.js'));
const SearchPage = lazy(() => import('./pages/SearchPage.js'));
const WelcomePage = lazy(() => import('./pages/WelcomePage.js'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage.js'));
const LogoutPage = lazy(() => import('./pages/LogoutPage.js'));

interface CorePage {
  path: string;
  component: ComponentType<{ params: Record<string, string | undefined> }>;
  requiresAuth?: boolean;
  guestOnly?: boolean;
}

const CORE_PAGES: CorePage[] = [
  { path: '/login', component: LoginPage, guestOnly: true },
  { path: '/signup', component: SignupPage, guestOnly: true },
  { path: '/verify-email', component: VerifyEmailPage },
  { path: '/reset-password', component: ResetPasswordPage },
  { path: '/settings/:section?', component: SettingsPage, requiresAuth: true },
  { path: '/notifications', component: NotificationsPage, requiresAuth: true },
  { path: '/search', component: SearchPage },
  { path: '/logout', component: LogoutPage },
];

function Guarded({ requiresAuth, guestOnly, children }: { requiresAuth?: boolean; guestOnly?: boolean; children: React.ReactNode }) {
  const { status } = useSession();
  const [location] = useLocation();
  if (status === 'loading') return <Skeleton lines={3} />;
  if (requiresAuth && status === 'signed-out') return <Redirect to={`/login?next=${encodeURIComponent(location)}`} />;
  if (guestOnly && status === 'signed-in') return <Redirect to="/" />;
  return <>{children}</>;
}

function PluginPage({ entry, params }: { entry: PageEntry; params: Record<string, string | undefined> }) {
  const Page = pluginComponent<{ params: Record<string, string | undefined> }>(entry.module);
  return (
    <PluginBoundary name={entry.plugin} fallback={<p role="alert">{entry.plugin}</p>}>
      <Page params={params} />
    </PluginBoundary>
  );
}

export function App() {
  const t = useT('web');
  const tn = useTranslateAny();
  const { user, status } = useSession();
  const [location] = useLocation();
  const unread = useUnreadNotifications(status === 'signed-in');
  const pages = useMemo(() => pluginPages(), []);
  const hasHome = pages.some((p) => p.path === '/');

  const nav = [
    // A plugin's navigation label is a key in its own strings.
    ...pluginNav().map((item) => ({ path: item.path, label: tn(item.plugin, item.label), icon: item.icon })),
    { path: '/search', label: t('nav.search'), icon: 'search' },
    ...(user ? [{ path: '/notifications', label: t('nav.notifications'), icon: 'bell', badge: unread }] : []),
  ];
  const accountNav = user
    ? [
        { path: '/settings', label: t('nav.settings'), icon: 'settings' },
        { path: '/logout', label: t('nav.logout'), icon: 'logout' },
      ]
    : [
        { path: '/login', label: t('nav.login'), icon: 'login' },
        { path: '/signup', label: t('nav.signup'), icon: 'signup' },
      ];

  return (
    <Shell siteName={boot().site.name} nav={nav} accountNav={accountNav} currentPath={location} user={user} skipLabel={t('nav.skip')}>
      <Suspense fallback={<Skeleton lines={4} label={t('loading')} />}>
        <Switch>
          {CORE_PAGES.map((page) => (
            <Route key={page.path} path={page.path}>
              {(params) => (
                <Guarded requiresAuth={page.requiresAuth} guestOnly={page.guestOnly}>
                  <page.component params={params as Record<string, string | undefined>} />
                </Guarded>
              )}
            </Route>
          ))}
          {pages.map((entry) => (
            <Route key={`${entry.plugin}:${entry.path}`} path={entry.path}>
              {(params) => (
                <Guarded requiresAuth={entry.requiresAuth}>
                  <PluginPage entry={entry} params={params as Record<string, string | undefined>} />
                </Guarded>
              )}
            </Route>
          ))}
          {!hasHome && (
            <Route path="/">
              <WelcomePage params={{}} />
            </Route>
          )}
          <Route>
            <NotFoundPage params={{}} />
          </Route>
        </Switch>
      </Suspense>
      {/* Components with no place on screen of their own: wellbeing reminders, live toasts. */}
      <Slot name="app.global" props={{ signedIn: status === 'signed-in' }} />
    </Shell>
  );
}
