import { useEffect } from 'react';
import { boot, useT } from '@petamigos/web';

/** `<title>` follows the page, so tabs, history and screen readers name where one is. */
export function usePageTitle(title: string): void {
  const t = useT('admin');
  const brand = t('brand');
  useEffect(() => {
    document.title = `${title} · ${brand} · ${boot().site.name}`;
  }, [title, brand]);
}
