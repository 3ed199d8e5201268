import { Button, EmptyState, PageHeader } from '@petamigos/theme';
import { useSession, useT } from '@petamigos/web';
import { usePageTitle } from '../common/page-title.js';

/** Signed in, but the account holds none of the admin or moderator permissions. */
export function NoAccess() {
  const t = useT('admin');
  const { user, signOut } = useSession();
  usePageTitle(t('noAccess.title'));
  return (
    <div className="adm-narrow">
      <PageHeader title={t('noAccess.title')} />
      <EmptyState
        title={t('noAccess.body', { username: user?.username ?? '' })}
        action={
          <div className="adm-actions">
            <a href="/">{t('nav.backToSite')}</a>
            <Button variant="secondary" onClick={() => void signOut()}>
              {t('noAccess.switchAccount')}
            </Button>
          </div>
        }
      >
        <p>{t('noAccess.hint')}</p>
      </EmptyState>
    </div>
  );
}
