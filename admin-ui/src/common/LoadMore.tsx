import { Button } from '@petamigos/theme';
import { useT } from '@petamigos/web';

export function LoadMore({ hasMore, loading, onClick }: { hasMore: boolean; loading: boolean; onClick(): void }) {
  const t = useT('admin');
  if (!hasMore) return null;
  return (
    <div className="adm-load-more">
      <Button variant="secondary" onClick={onClick} busy={loading} disabled={loading}>
        {t('actions.loadMore')}
      </Button>
    </div>
  );
}
