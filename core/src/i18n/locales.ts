/**
 * The platform's languages. Strings are looked up variant → language → English, so a variant file
 * holds only what its region says differently and English is the one language that must be whole.
 */
export const LANGUAGES = [
  'en', 'es', 'zh', 'fr', 'pt', 'ar', 'hi', 'ru', 'de', 'ja',
  'bn', 'ko', 'it', 'tr', 'id', 'ur', 'th', 'pl', 'nl', 'vi',
] as const;

export const REGIONAL_VARIANTS = [
  'es-MX', 'es-ES', 'es-AR', 'es-CL', 'es-CO',
  'en-US', 'en-GB', 'en-AU', 'en-CA',
  'fr-FR', 'fr-CA',
  'pt-BR', 'pt-PT',
  'zh-CN', 'zh-TW',
] as const;

export type Language = (typeof LANGUAGES)[number];
export type RegionalVariant = (typeof REGIONAL_VARIANTS)[number];
export type SupportedLocale = Language | RegionalVariant;

export const SUPPORTED_LOCALES: readonly SupportedLocale[] = [...LANGUAGES, ...REGIONAL_VARIANTS];

/** The source language: every key exists here, and every chain ends here. */
export const SOURCE_LOCALE = 'en' satisfies Language;

const supported = new Set<string>(SUPPORTED_LOCALES);
const RTL_LANGUAGES = new Set<string>(['ar', 'ur']);

/*
 * Regions that write a language the way one of our variants does although we do not list them:
 * Hong Kong and Macau read Traditional Chinese, Singapore Simplified.
 */
const REGION_ALIASES: Record<string, SupportedLocale> = {
  'zh-HK': 'zh-TW',
  'zh-MO': 'zh-TW',
  'zh-SG': 'zh-CN',
};
const SCRIPT_ALIASES: Record<string, SupportedLocale> = {
  'zh-Hant': 'zh-TW',
  'zh-Hans': 'zh-CN',
};
// The deprecated code for Indonesian, which some old Android and Java systems still send.
const LANGUAGE_ALIASES: Record<string, string> = { in: 'id' };

export function isSupportedLocale(locale: string): locale is SupportedLocale {
  return supported.has(locale);
}

export function isRegionalVariant(locale: SupportedLocale): locale is RegionalVariant {
  return locale.includes('-');
}

export function languageOf(locale: string): string {
  return locale.split(/[-_]/)[0]!.toLowerCase();
}

export function isRtl(locale: string): boolean {
  return RTL_LANGUAGES.has(languageOf(locale));
}

export function textDirection(locale: string): 'rtl' | 'ltr' {
  return isRtl(locale) ? 'rtl' : 'ltr';
}

/**
 * The supported locale a BCP 47 tag means, or null when the platform does not speak it.
 * Case and `_` are forgiven (`ES_mx`, `es-mx`), a known region keeps its variant, an unknown region
 * falls to its language (`de-AT` → `de`), and Chinese is matched by script as well as region.
 */
export function normalizeLocale(tag: string | null | undefined): SupportedLocale | null {
  if (typeof tag !== 'string') return null;
  const parts = tag.trim().replace(/_/g, '-').split('-').filter(Boolean);
  if (parts.length === 0 || !/^[a-z]{2,3}$/i.test(parts[0]!)) return null;
  const rawLanguage = parts[0]!.toLowerCase();
  const language = LANGUAGE_ALIASES[rawLanguage] ?? rawLanguage;
  let script: string | undefined;
  let region: string | undefined;
  for (const part of parts.slice(1)) {
    if (!script && !region && /^[a-z]{4}$/i.test(part)) script = part[0]!.toUpperCase() + part.slice(1).toLowerCase();
    else if (!region && /^([a-z]{2}|\d{3})$/i.test(part)) region = part.toUpperCase();
  }
  if (region) {
    const withRegion = `${language}-${region}`;
    if (isSupportedLocale(withRegion)) return withRegion;
    const alias = REGION_ALIASES[withRegion];
    if (alias) return alias;
  }
  if (script) {
    const alias = SCRIPT_ALIASES[`${language}-${script}`];
    if (alias) return alias;
  }
  return isSupportedLocale(language) ? language : null;
}

/**
 * Where strings are looked for, most specific first: `es-MX` → `es` → `en`. An unsupported tag is
 * normalized first, and anything unrecognisable reads English.
 */
export function fallbackChain(locale: string): SupportedLocale[] {
  const normalized = normalizeLocale(locale) ?? SOURCE_LOCALE;
  const chain: SupportedLocale[] = [normalized];
  const language = languageOf(normalized);
  if (language !== normalized && isSupportedLocale(language)) chain.push(language);
  if (!chain.includes(SOURCE_LOCALE)) chain.push(SOURCE_LOCALE);
  return chain;
}

/** The locale's own name for itself ("español (México)"), for a language picker. */
export function localeName(locale: SupportedLocale): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
  } catch {
    // A Node built without full ICU has no display names; the tag is still a usable label.
    return locale;
  }
}
