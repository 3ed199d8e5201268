import { useEffect, useId, useRef, useState, type MouseEvent } from 'react';
import { Link, useFormat, type NavItem, type ShellProps, type ThemeModule } from '@petamigos/web';
import { Avatar } from './Avatar.js';
import { Icon } from './icons.js';
import { cx, useThemeStrings } from './util.js';

/** `/settings` stays current on `/settings/profile`; `/` only on itself. */
function isCurrent(path: string, current: string): boolean {
  const bare = current.split(/[?#]/)[0] ?? current;
  return bare === path || (path !== '/' && bare.startsWith(`${path.replace(/\/$/, '')}/`));
}

function Count({ value }: { value: number | undefined }) {
  const format = useFormat();
  if (!value || value <= 0) return null;
  return <span className="pa-count">{value > 99 ? `${format.number(99)}+` : format.number(value)}</span>;
}

function MainNav({ items, currentPath, label }: { items: NavItem[]; currentPath: string; label: string }) {
  return (
    <nav className="pa-nav" aria-label={label}>
      <ul className="pa-nav__list">
        {items.map((item) => (
          <li key={item.path} className="pa-nav__item">
            <Link href={item.path} className="pa-nav__link" aria-current={isCurrent(item.path, currentPath) ? 'page' : undefined}>
              <span className="pa-nav__icon">
                <Icon name={item.icon} />
              </span>
              {/* After the label, so it is read "Notifications 3"; drawn on the icon's corner. */}
              <span className="pa-nav__label">{item.label}</span>
              <Count value={item.badge} />
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Signed in: a button with the avatar that discloses the account entries. Signed out: the entries as buttons. */
function AccountNav({ items, user, currentPath, label }: { items: NavItem[]; user: ShellProps['user']; currentPath: string; label: string }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const root = useRef<HTMLElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => setOpen(false), [currentPath]);
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (!user) {
    return (
      <nav className="pa-account" aria-label={label}>
        <ul className="pa-account__links">
          {items.map((item, index) => (
            <li key={item.path}>
              <Link
                href={item.path}
                className={cx('pa-btn', 'pa-btn--sm', index === items.length - 1 ? 'pa-btn--primary' : 'pa-btn--ghost')}
                aria-current={isCurrent(item.path, currentPath) ? 'page' : undefined}
              >
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    );
  }
  const unread = items.reduce((sum, item) => sum + (item.badge ?? 0), 0);
  return (
    <nav
      className="pa-account"
      aria-label={label}
      ref={root}
      onBlur={(event) => {
        if (open && !event.currentTarget.contains(event.relatedTarget as Node | null) && event.relatedTarget) setOpen(false);
      }}
    >
      <button ref={button} type="button" className="pa-account__button" aria-expanded={open} aria-controls={menuId} onClick={() => setOpen(!open)}>
        <Avatar src={user.avatarUrl} name={user.displayName} size="sm" />
        <span className="pa-account__name">{user.displayName}</span>
        <Count value={unread} />
        <Icon name="chevron" className="pa-account__chevron" />
      </button>
      <div id={menuId} className="pa-menu" hidden={!open}>
        <div className="pa-menu__who">
          <span className="pa-menu__name">{user.displayName}</span>
          <span className="pa-menu__username">@{user.username}</span>
        </div>
        <ul className="pa-menu__list">
          {items.map((item) => (
            <li key={item.path}>
              <Link href={item.path} className="pa-menu__link" aria-current={isCurrent(item.path, currentPath) ? 'page' : undefined} onClick={() => setOpen(false)}>
                <Icon name={item.icon} />
                <span>{item.label}</span>
                <Count value={item.badge} />
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}

/**
 * The frame of every page: a top bar (site name, account), the navigation — a tab bar at the
 * bottom of a phone, a side column on wider screens — and the `main` landmark the skip link targets.
 */
export const Shell: ThemeModule['Shell'] = ({ siteName, nav, accountNav, currentPath, user, skipLabel, children }) => {
  const strings = useThemeStrings();
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    // Focus main by hand: the router would otherwise see a new URL, and the fragment adds nothing.
    const main = document.getElementById('main');
    if (!main) return;
    event.preventDefault();
    main.focus();
  };
  return (
    <div className={cx('pa-shell', nav.length > 0 && 'pa-shell--nav')}>
      <a className="pa-skip" href="#main" onClick={skip}>
        {skipLabel}
      </a>
      <header className="pa-topbar">
        <div className="pa-topbar__inner">
          <Link href="/" className="pa-brand">
            <span className="pa-brand__mark">
              <Icon name="paw" />
            </span>
            <span className="pa-brand__name">{siteName}</span>
          </Link>
          <AccountNav items={accountNav} user={user} currentPath={currentPath} label={strings.accountNav} />
        </div>
      </header>
      <div className="pa-frame">
        {nav.length > 0 && <MainNav items={nav} currentPath={currentPath} label={strings.mainNav} />}
        <main id="main" className="pa-main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
};
