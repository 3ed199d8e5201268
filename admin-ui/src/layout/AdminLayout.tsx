import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Avatar, Button } from '@petamigos/theme';
import { boot, Link, useLocale, useLocation, useSession, useT, useTranslateAny } from '@petamigos/web';
import type { AdminNavEntry } from '../nav.js';

interface Props {
  /** Sections and plugin panels the person may open; empty while signed out or without access. */
  nav: AdminNavEntry[];
  panels: AdminNavEntry[];
  children: ReactNode;
}

/** The longest navigation path the location is in, so `/plugins/feed/x` marks its panel and not "Plugins". */
function currentPath(location: string, entries: AdminNavEntry[]): string | undefined {
  const matches = entries.filter((e) => (e.path === '/' ? location === '/' || location === '' : location === e.path || location.startsWith(e.path + '/')));
  return matches.sort((a, b) => b.path.length - a.path.length)[0]?.path;
}

/**
 * The admin frame: a header with the site, the signed-in person and the language, a navigation
 * column (a disclosure menu on narrow screens) and the page. Built from theme components and the
 * theme's tokens, so every theme restyles it.
 */
export function AdminLayout({ nav, panels, children }: Props) {
  const t = useT('admin');
  const tn = useTranslateAny();
  const { user, signOut } = useSession();
  const { locale, setLocale } = useLocale();
  const [location] = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const site = boot().site.name;
  const current = currentPath(location, [...nav, ...panels]);
  const hasNav = nav.length + panels.length > 0;

  // A new page closes the narrow-screen menu and moves focus to the page, as a page load would,
  // so keyboard and screen-reader users start reading where the content changed.
  const mainRef = useRef<HTMLElement>(null);
  const arrived = useRef(false);
  useEffect(() => {
    setMenuOpen(false);
    if (arrived.current) mainRef.current?.focus();
    arrived.current = true;
  }, [location]);

  const link = (entry: AdminNavEntry) => (
    <li key={entry.path}>
      <Link href={entry.path} className="adm-nav__link" aria-current={entry.path === current ? 'page' : undefined}>
        {entry.plugin ? tn(entry.plugin, entry.label) : t(entry.label)}
      </Link>
    </li>
  );

  return (
    <div className="adm">
      <a className="adm-skip" href="#adm-main">
        {t('nav.skip')}
      </a>
      <header className="adm-header">
        {hasNav && (
          <button type="button" className="adm-menu-button" aria-expanded={menuOpen} aria-controls="adm-nav" onClick={() => setMenuOpen((open) => !open)}>
            <span aria-hidden="true" className="adm-menu-button__icon" />
            {t('nav.menu')}
          </button>
        )}
        <Link href="/" className="adm-brand">
          <span className="adm-brand__site">{site}</span>
          <span className="adm-brand__tag">{t('brand')}</span>
        </Link>
        <div className="adm-account">
          <label className="adm-language">
            <span className="adm-visually-hidden">{t('nav.language')}</span>
            <select value={locale} onChange={(event) => void setLocale(event.target.value)}>
              {boot().locales.map((l) => (
                <option key={l.locale} value={l.locale} lang={l.locale}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
          {user && (
            <>
              <span className="adm-account__who">
                <Avatar src={user.avatarUrl} name={user.displayName} size="sm" />
                <span className="adm-account__name">{user.displayName}</span>
              </span>
              <Button variant="ghost" size="sm" onClick={() => void signOut()}>
                {t('nav.signOut')}
              </Button>
            </>
          )}
        </div>
      </header>
      <div className={`adm-body${hasNav ? '' : ' adm-body--bare'}`}>
        {hasNav && (
          <nav id="adm-nav" className={`adm-nav${menuOpen ? ' adm-nav--open' : ''}`} aria-label={t('nav.label')}>
            <ul className="adm-nav__list">{nav.map(link)}</ul>
            {panels.length > 0 && (
              <>
                <h2 className="adm-nav__heading" id="adm-nav-panels">
                  {t('nav.pluginPanels')}
                </h2>
                <ul className="adm-nav__list" aria-labelledby="adm-nav-panels">
                  {panels.map(link)}
                </ul>
              </>
            )}
            <p className="adm-nav__site">
              <a href="/">{t('nav.backToSite')}</a>
            </p>
          </nav>
        )}
        <main id="adm-main" className="adm-main" tabIndex={-1} ref={mainRef}>
          {children}
        </main>
      </div>
    </div>
  );
}
