import { Skeleton } from '@petamigos/theme';
import { useT } from '@petamigos/web';

/** The theme's skeleton, marked busy so assistive tech (and the browser tests) know the page is still loading. */
export function Loading({ lines = 4 }: { lines?: number }) {
  const t = useT('admin');
  return (
    <div className="adm-loading" aria-busy="true">
      <Skeleton lines={lines} label={t('loading')} />
    </div>
  );
}
