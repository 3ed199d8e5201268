import { useMemo } from 'react';
import { useT } from '@petamigos/web';
import { Icon } from './icons.js';
import { VISIBILITIES, type Visibility } from './types.js';

export function useVisibilityOptions(): Array<{ value: Visibility; label: string }> {
  const t = useT('feed');
  return useMemo(() => VISIBILITIES.map((value) => ({ value, label: t(`web.visibility.${value}`) })), [t]);
}

/** Who can see a post, as an icon with its name for assistive technology and as a tooltip. */
export function VisibilityIcon({ visibility }: { visibility: Visibility }) {
  const t = useT('feed');
  return <span className="feed-visibility"><Icon name={visibility} size={14} label={t(`web.visibility.${visibility}`)} /></span>;
}
