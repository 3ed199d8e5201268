import { normalizeLocale, SOURCE_LOCALE, type SupportedLocale } from './locales.js';

export interface LocaleInputs {
  /** The signed-in user's language setting (`users.language`), if any. */
  userLocale?: string | null | undefined;
  /** The request's `Accept-Language` header. */
  acceptLanguage?: string | string[] | null | undefined;
  /** `site.defaultLocale` from the configuration. */
  siteDefault?: string | null | undefined;
}

/**
 * The language to answer in. A user's own choice beats what their browser says (they may be on a
 * borrowed or work machine), the browser beats the site default, and English is the last resort
 * because it is the one language every key exists in.
 */
export function negotiateLocale(inputs: LocaleInputs): SupportedLocale {
  return (
    normalizeLocale(inputs.userLocale) ??
    matchAcceptLanguage(inputs.acceptLanguage) ??
    normalizeLocale(inputs.siteDefault) ??
    SOURCE_LOCALE
  );
}

/** Headers longer than this are cut before parsing: no browser sends more, and it bounds the work. */
const MAX_HEADER_LENGTH = 1024;

/**
 * The best supported locale for an `Accept-Language` header, or null. Ranges are tried by
 * descending q (ties keep header order), and each range matches its variant or else its language,
 * so `de-AT` reads German and `es-MX,es;q=0.9` reads Mexican Spanish. `q=0` means "not this one".
 */
export function matchAcceptLanguage(header: string | string[] | null | undefined): SupportedLocale | null {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return null;
  const ranges = parseAcceptLanguage(value.slice(0, MAX_HEADER_LENGTH));
  const refused = new Set(ranges.filter((r) => r.q === 0).map((r) => normalizeLocale(r.tag)).filter((l) => l !== null));
  for (const range of ranges) {
    if (range.q === 0) continue;
    const locale = normalizeLocale(range.tag);
    if (locale && !refused.has(locale)) return locale;
  }
  return null;
}

export function parseAcceptLanguage(header: string): Array<{ tag: string; q: number }> {
  const ranges: Array<{ tag: string; q: number; order: number }> = [];
  header.split(',').forEach((part, order) => {
    const [rawTag, ...params] = part.trim().split(';');
    const tag = rawTag?.trim();
    if (!tag || tag === '*') return;
    let q = 1;
    for (const param of params) {
      const [name, raw] = param.split('=').map((s) => s.trim());
      if (name?.toLowerCase() !== 'q') continue;
      const parsed = Number(raw);
      q = Number.isFinite(parsed) ? Math.min(1, Math.max(0, parsed)) : 0;
    }
    ranges.push({ tag, q, order });
  });
  return ranges.sort((a, b) => b.q - a.q || a.order - b.order).map(({ tag, q }) => ({ tag, q }));
}
