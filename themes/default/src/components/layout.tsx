import type { ThemeModule } from '@petamigos/web';
import { cx } from './util.js';

/** Children one under the other, `gap` steps of the spacing scale apart. */
export const Stack: ThemeModule['Stack'] = ({ children, gap = 4, className }) => <div className={cx('pa-stack', `pa-gap-${gap}`, className)}>{children}</div>;

/** Children side by side (start to end, so mirrored in right-to-left languages). */
export const Row: ThemeModule['Row'] = ({ children, gap = 3, wrap = false, justify = 'start', align = 'center', className }) => (
  <div className={cx('pa-row', `pa-gap-${gap}`, wrap && 'pa-row--wrap', `pa-justify-${justify}`, `pa-align-${align}`, className)}>{children}</div>
);
