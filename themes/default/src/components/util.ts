import { useMemo } from 'react';
import { useT } from '@petamigos/web';

/** Joins class names, skipping empty ones. */
export function cx(...names: Array<string | false | null | undefined>): string {
  return names.filter(Boolean).join(' ');
}

/** `aria-describedby` from the ids that exist, or nothing at all. */
export function describedBy(...ids: Array<string | undefined>): string | undefined {
  const list = ids.filter(Boolean);
  return list.length > 0 ? list.join(' ') : undefined;
}

/**
 * The few words a theme shows on its own (landmark names, "Close", "Loading…"). They are the app's
 * (`web` namespace), so every theme shares one set of translations.
 */
export function useThemeStrings() {
  const t = useT('web');
  return useMemo(() => ({ mainNav: t('nav.main'), accountNav: t('nav.account'), close: t('common.close'), loading: t('loading') }), [t]);
}

export const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
