import type { ThemeModule } from '@petamigos/web';
import { cx } from './util.js';

/**
 * While `busy`, the button keeps its place and focus (it is not disabled, which would drop focus)
 * but ignores clicks, shows a spinner and says `aria-busy`.
 */
export const Button: ThemeModule['Button'] = ({ variant = 'primary', size = 'md', busy = false, className, children, onClick, ...rest }) => (
  <button
    {...rest}
    className={cx('pa-btn', `pa-btn--${variant}`, `pa-btn--${size}`, busy && 'pa-btn--busy', className)}
    aria-busy={busy || undefined}
    aria-disabled={busy || rest['aria-disabled'] || undefined}
    onClick={busy ? (event) => event.preventDefault() : onClick}
  >
    {busy && <span className="pa-btn__spinner" aria-hidden="true" />}
    {children}
  </button>
);

export const Card: ThemeModule['Card'] = ({ children, className, as: As = 'div', ...rest }) => (
  <As className={cx('pa-card', className)} {...rest}>
    {children}
  </As>
);
