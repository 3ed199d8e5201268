import { PageHeader, Stack } from '@petamigos/theme';
import { useT } from '../../sdk/i18n.js';
import { Link } from '../../sdk/router.js';
import '../app.css';

/** Any path nobody answers: say so, and offer the way home. */
export default function NotFoundPage(_props: { params: Record<string, string | undefined> }) {
  const t = useT('web');
  return (
    <div className="app-narrow">
      <Stack gap={4}>
        <PageHeader title={t('notFound.title')} subtitle={t('notFound.text')} />
        <div className="app-actions">
          <Link className="app-cta" href="/">{t('notFound.home')}</Link>
          <Link className="app-cta app-cta--secondary" href="/search">{t('notFound.search')}</Link>
        </div>
      </Stack>
    </div>
  );
}
