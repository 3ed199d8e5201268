/**
 * Locale → text-search configuration (PostgreSQL's snowball stemmers) and → ISO 639-3 code
 * (Meilisearch's `localizedAttributes`). A language without a stemmer falls back to `simple`, which
 * still matches whole words; the engine also drops a configuration the server does not ship
 * (PostgreSQL 15 has no `estonian`), so a declaration never breaks on an older server.
 */
const POSTGRES_CONFIG: Record<string, string> = {
  ar: 'arabic',
  ca: 'catalan',
  da: 'danish',
  de: 'german',
  el: 'greek',
  en: 'english',
  es: 'spanish',
  et: 'estonian',
  eu: 'basque',
  fi: 'finnish',
  fr: 'french',
  ga: 'irish',
  hi: 'hindi',
  hu: 'hungarian',
  hy: 'armenian',
  id: 'indonesian',
  it: 'italian',
  lt: 'lithuanian',
  nb: 'norwegian',
  ne: 'nepali',
  nl: 'dutch',
  nn: 'norwegian',
  no: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  yi: 'yiddish',
};

const POSTGRES_CONFIG_NAMES = new Set([...Object.values(POSTGRES_CONFIG), 'simple']);

const MEILISEARCH_LOCALE: Record<string, string> = {
  ar: 'ara',
  bn: 'ben',
  de: 'deu',
  en: 'eng',
  es: 'spa',
  fr: 'fra',
  hi: 'hin',
  id: 'ind',
  it: 'ita',
  ja: 'jpn',
  ko: 'kor',
  nl: 'nld',
  pl: 'pol',
  pt: 'por',
  ru: 'rus',
  th: 'tha',
  tr: 'tur',
  ur: 'urd',
  vi: 'vie',
  zh: 'cmn',
};

/** `es-MX`, `es_MX`, `ES` → `es`. */
export function primaryLanguage(locale: string): string {
  return locale.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/** The PostgreSQL text-search configuration for a locale (or a configuration name given as is). */
export function textSearchConfigFor(locale: string | null | undefined): string {
  if (!locale) return 'simple';
  const lowered = locale.trim().toLowerCase();
  if (POSTGRES_CONFIG_NAMES.has(lowered)) return lowered;
  return POSTGRES_CONFIG[primaryLanguage(lowered)] ?? 'simple';
}

/** The ISO 639-3 code Meilisearch expects, or undefined when it should detect the language itself. */
export function meilisearchLocaleFor(locale: string | null | undefined): string | undefined {
  if (!locale) return undefined;
  return MEILISEARCH_LOCALE[primaryLanguage(locale)];
}
