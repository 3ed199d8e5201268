import { Alert, Button } from '@petamigos/theme';
import { ApiError, useT } from '@petamigos/web';

/** The server's own message (already in the reader's language), with a way to try again. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT('admin');
  const message = error instanceof ApiError ? (error.status === 0 ? t('errors.network') : error.message) : t('errors.unexpected');
  return (
    <Alert tone="error">
      <span>{message}</span>
      {onRetry && (
        <>
          {' '}
          <Button variant="secondary" size="sm" onClick={onRetry}>
            {t('actions.retry')}
          </Button>
        </>
      )}
    </Alert>
  );
}
