import { useEffect, useRef } from 'react';
import { Spinner } from '@petamigos/theme';
import { useT } from '../../sdk/i18n.js';
import { useLocation } from '../../sdk/router.js';
import { useSession } from '../../sdk/session.js';
import '../app.css';

/** `/logout` (the account menu's last entry): ends this session on the server and here, then goes home. */
export default function LogoutPage(_props: { params: Record<string, string | undefined> }) {
  const t = useT('web');
  const { signOut } = useSession();
  const [, navigate] = useLocation();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void signOut().finally(() => navigate('/', { replace: true }));
  }, [signOut, navigate]);
  return (
    <div className="app-narrow app-center">
      <Spinner label={t('logout.busy')} />
    </div>
  );
}
