import { IntlMessageFormat } from 'intl-messageformat';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { boot } from './boot.js';

type StringTree = { [key: string]: string | StringTree };
export interface LocaleBundle {
  locale: string;
  dir: 'ltr' | 'rtl';
  strings: Record<string, StringTree>;
}

const LOCALE_COOKIE = 'petamigos_locale';

async function loadBundle(locale: string): Promise<LocaleBundle> {
  const response = await fetch(`/api/i18n/${encodeURIComponent(locale)}`);
  if (!response.ok) throw new Error(`Could not load the ${locale} strings (${response.status}).`);
  return (await response.json()) as LocaleBundle;
}

function lookup(tree: StringTree | undefined, key: string): string | undefined {
  let node: string | StringTree | undefined = tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

export type Translate = (key: string, values?: Record<string, unknown>) => string;

interface I18nState {
  bundle: LocaleBundle;
  setLocale(locale: string): Promise<void>;
}

const I18nContext = createContext<I18nState | null>(null);
const formatCache = new Map<string, IntlMessageFormat>();

/** Loads the locale's strings (the server already merged the fallback chain) and keeps `<html lang dir>` in step. */
export function I18nProvider({ initial, children }: { initial: LocaleBundle; children: ReactNode }) {
  const [bundle, setBundle] = useState(initial);
  useEffect(() => {
    document.documentElement.lang = bundle.locale;
    document.documentElement.dir = bundle.dir;
  }, [bundle]);
  const setLocale = useCallback(async (locale: string) => {
    const next = await loadBundle(locale);
    document.cookie = `${LOCALE_COOKIE}=${encodeURIComponent(next.locale)}; path=/; max-age=31536000; samesite=lax`;
    formatCache.clear();
    setBundle(next);
  }, []);
  const value = useMemo(() => ({ bundle, setLocale }), [bundle, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export async function loadInitialBundle(): Promise<LocaleBundle> {
  return loadBundle(boot().locale);
}

function useI18n(): I18nState {
  const state = useContext(I18nContext);
  if (!state) throw new Error('PetAmigos: useT() outside <I18nProvider>.');
  return state;
}

/**
 * `t(key, values)` for one namespace: `web` for the app's own strings, `kernel` for the kernel's
 * (error codes, notification texts), a plugin's name for its strings. ICU messages (plurals, selects, numbers) format in the current locale. A missing key
 * shows the key itself, so a gap is visible rather than blank.
 */
export function useT(namespace = 'kernel'): Translate {
  const { bundle } = useI18n();
  return useCallback((key: string, values?: Record<string, unknown>) => translate(bundle, namespace, key, values), [bundle, namespace]);
}

/** `t(namespace, key, values)` for code that shows strings of several namespaces (navigation built from plugins). */
export function useTranslateAny(): (namespace: string, key: string, values?: Record<string, unknown>) => string {
  const { bundle } = useI18n();
  return useCallback((namespace: string, key: string, values?: Record<string, unknown>) => translate(bundle, namespace, key, values), [bundle]);
}

function translate(bundle: LocaleBundle, namespace: string, key: string, values?: Record<string, unknown>): string {
  const message = lookup(bundle.strings[namespace], key);
  if (message === undefined) return key;
  const cacheKey = `${bundle.locale}\u0000${namespace}\u0000${key}`;
  let format = formatCache.get(cacheKey);
  if (!format) {
    try {
      format = new IntlMessageFormat(message, bundle.locale);
    } catch {
      return message;
    }
    formatCache.set(cacheKey, format);
  }
  try {
    return String(format.format(values as Record<string, string>));
  } catch {
    return message;
  }
}

export function useLocale(): { locale: string; dir: 'ltr' | 'rtl'; setLocale(locale: string): Promise<void> } {
  const { bundle, setLocale } = useI18n();
  return { locale: bundle.locale, dir: bundle.dir, setLocale };
}

/** Dates, numbers and relative times in the user's locale (and their own time zone, the browser's). */
export function useFormat() {
  const { locale } = useLocale();
  return useMemo(() => {
    const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
    return {
      date: (value: string | Date, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }) => new Intl.DateTimeFormat(locale, options).format(new Date(value)),
      dateTime: (value: string | Date) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value)),
      number: (value: number, options?: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options).format(value),
      relative: (value: string | Date) => {
        const seconds = Math.round((new Date(value).getTime() - Date.now()) / 1000);
        const abs = Math.abs(seconds);
        if (abs < 60) return relative.format(seconds, 'second');
        if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
        if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
        if (abs < 604_800) return relative.format(Math.round(seconds / 86_400), 'day');
        return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(value));
      },
    };
  }, [locale]);
}
