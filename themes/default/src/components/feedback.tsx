import type { ThemeModule } from '@petamigos/web';
import { Icon } from './icons.js';
import { cx, useThemeStrings } from './util.js';

/**
 * Grey shimmering lines in the shape of what is loading. Announced once as a status with its
 * label ("Loading…" unless told otherwise); the lines themselves are hidden from assistive tech.
 */
export const Skeleton: ThemeModule['Skeleton'] = ({ lines, height, label }) => {
  const strings = useThemeStrings();
  const count = lines ?? (height ? 1 : 3);
  return (
    <div className="pa-skeleton" role="status">
      <span className="pa-visually-hidden">{label ?? strings.loading}</span>
      {Array.from({ length: count }, (_, index) => (
        <div key={index} className="pa-skeleton__line" aria-hidden="true" style={height ? { blockSize: height } : undefined} />
      ))}
    </div>
  );
};

export const Spinner: ThemeModule['Spinner'] = ({ label }) => (
  <span className="pa-spinner" role="status">
    <span className="pa-spinner__ring" aria-hidden="true" />
    <span className="pa-visually-hidden">{label}</span>
  </span>
);

export const EmptyState: ThemeModule['EmptyState'] = ({ title, children, action }) => (
  <div className="pa-empty">
    <span className="pa-empty__art" aria-hidden="true">
      <Icon name="paw" />
    </span>
    <h2 className="pa-empty__title">{title}</h2>
    {children && <div className="pa-empty__body">{children}</div>}
    {action && <div className="pa-empty__action">{action}</div>}
  </div>
);

export const PageHeader: ThemeModule['PageHeader'] = ({ title, subtitle, actions }) => (
  <div className="pa-page-header">
    <div className="pa-page-header__text">
      <h1 className="pa-page-header__title">{title}</h1>
      {subtitle && <p className="pa-page-header__subtitle">{subtitle}</p>}
    </div>
    {actions && <div className="pa-page-header__actions">{actions}</div>}
  </div>
);

export const Badge: ThemeModule['Badge'] = ({ children, tone = 'neutral' }) => <span className={`pa-badge pa-badge--${tone}`}>{children}</span>;

const ALERT_ICON = { info: 'info', error: 'error', success: 'success' } as const;

/** Errors interrupt (`role="alert"`); information and success wait their turn (`role="status"`). */
export const Alert: ThemeModule['Alert'] = ({ children, tone = 'info' }) => (
  <div className={cx('pa-alert', `pa-alert--${tone}`)} role={tone === 'error' ? 'alert' : 'status'}>
    <Icon name={ALERT_ICON[tone]} className="pa-alert__icon" />
    <div className="pa-alert__body">{children}</div>
  </div>
);
