import { EmptyState, PageHeader } from '@petamigos/theme';
import { Link, useT } from '@petamigos/web';
import { usePageTitle } from './page-title.js';

export function NotFound() {
  const t = useT('admin');
  usePageTitle(t('notFound.title'));
  return (
    <>
      <PageHeader title={t('notFound.title')} />
      <EmptyState title={t('notFound.body')} action={<Link href="/">{t('notFound.home')}</Link>} />
    </>
  );
}

/** A section the person's role does not open (the server would answer 403). */
export function NotAllowed() {
  const t = useT('admin');
  usePageTitle(t('notAllowed.title'));
  return (
    <>
      <PageHeader title={t('notAllowed.title')} />
      <EmptyState title={t('notAllowed.body')} action={<Link href="/">{t('notFound.home')}</Link>} />
    </>
  );
}
