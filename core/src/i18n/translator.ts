import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n } from 'i18next';
import ICU from 'i18next-icu';
import { ErrorCode } from 'intl-messageformat';
import { fallbackChain, isSupportedLocale, normalizeLocale, SOURCE_LOCALE, textDirection, type SupportedLocale } from './locales.js';

/** The namespace of the kernel's own strings (`locales/<locale>.json`). Plugins use their name. */
export const KERNEL_NAMESPACE = 'kernel';

export type MessageValues = Record<string, unknown>;
export type StringTree = { [key: string]: string | StringTree };

export interface TranslatorOptions {
  /** Folder with the kernel's `<locale>.json` files; defaults to the `@petamigos/locales` package. */
  kernelLocalesDir?: string | URL;
  /** One entry per enabled plugin that declares `locales` in its manifest. */
  pluginLocales?: Array<{ namespace: string; dir: string | URL }>;
  /**
   * Told about a message that exists but cannot be formatted (broken ICU in one translation, or a
   * variable the caller did not pass). The lookup then moves on down the fallback chain, so users
   * still get a sentence; pass the logger here so translators hear about it.
   */
  onError?: (problem: TranslationProblem) => void;
}

export interface TranslationProblem {
  /**
   * `broken`: the translation itself does not parse or format (log it: a translator should fix it).
   * `missing-value`: the caller did not pass a variable the message needs, e.g. error details
   * without `min`; for errors that only means the English message from code is kept.
   */
  kind: 'broken' | 'missing-value';
  locale: string;
  namespace: string;
  key: string;
  error: Error;
}

/** What `GET /api/i18n/:locale` serves: every namespace already merged along the fallback chain. */
export interface LocaleBundle {
  locale: SupportedLocale;
  dir: 'rtl' | 'ltr';
  fallbacks: SupportedLocale[];
  strings: Record<string, StringTree>;
}

/** One detail of a `VALIDATION_FAILED` body, as the kernel's error handler builds it. */
export interface ValidationIssue {
  in?: string;
  field?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

export interface NamespaceTranslator {
  /** `t(locale, key)` looks in this namespace, then the kernel's; `other:key` names a namespace. */
  t(locale: string, key: string, values?: MessageValues): string;
  translateError(locale: string, code: string, details?: unknown): string | null;
  renderMail(locale: string, kind: string, values: MessageValues): { subject: string; text: string };
  /** The localized text of one validation issue (`{field} is required.`), or null. */
  translateValidationIssue(locale: string, issue: ValidationIssue): string | null;
}

export interface Translator extends NamespaceTranslator {
  /** The underlying i18next instance (with i18next-icu), for anything this facade does not cover. */
  readonly i18next: i18n;
  /** `kernel` first, then each plugin namespace. */
  readonly namespaces: readonly string[];
  /** Whether `key` exists for the locale after fallback (English included). */
  has(locale: string, key: string, namespace?: string): boolean;
  /** The strings a frontend needs for one locale; unknown locales are normalized first. */
  bundle(locale: string): LocaleBundle;
  /** A translator whose unprefixed keys and error codes look in `namespace` before the kernel's. */
  forNamespace(namespace: string): NamespaceTranslator;
}

// Option names i18next reads from the same object as the message's values; a value under one of
// these names would change the lookup instead of filling the message.
const RESERVED_VALUE_NAMES = new Set(['lng', 'lngs', 'ns', 'fallbackLng', 'defaultValue', 'context', 'replace', 'returnObjects', 'returnDetails', 'joinArrays', 'postProcess', 'interpolation', 'keySeparator', 'nsSeparator', 'ordinal', 'skipInterpolation']);

export async function createTranslator(options: TranslatorOptions = {}): Promise<Translator> {
  const kernelDir = toPath(options.kernelLocalesDir ?? defaultKernelLocalesDir());
  const sources = [{ namespace: KERNEL_NAMESPACE, dir: kernelDir }];
  for (const plugin of options.pluginLocales ?? []) {
    if (!/^[a-z0-9][a-z0-9_-]*$/i.test(plugin.namespace)) throw new Error(`Locale namespace ${JSON.stringify(plugin.namespace)} is not a plugin name.`);
    if (sources.some((s) => s.namespace === plugin.namespace)) throw new Error(`Locale namespace "${plugin.namespace}" is given twice (the kernel's is "${KERNEL_NAMESPACE}").`);
    sources.push({ namespace: plugin.namespace, dir: toPath(plugin.dir) });
  }

  const resources: Record<string, Record<string, StringTree>> = {};
  for (const source of sources) {
    for (const [locale, tree] of await readLocaleDir(source.dir)) {
      (resources[locale] ??= {})[source.namespace] = tree;
    }
  }
  return buildTranslator(resources, sources.map((s) => s.namespace), options.onError);
}

/** Reads `<locale>.json` for every supported locale in a folder; other files are not strings. */
export async function readLocaleDir(dir: string): Promise<Map<SupportedLocale, StringTree>> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new Error(`Cannot read the locales folder ${dir}: ${(error as Error).message}`, { cause: error });
  }
  const files = new Map<SupportedLocale, StringTree>();
  for (const name of names.sort()) {
    const locale = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
    if (!isSupportedLocale(locale)) continue;
    const file = path.join(dir, name);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new Error(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    files.set(locale, asStringTree(parsed, file, []));
  }
  return files;
}

function asStringTree(value: unknown, file: string, at: string[]): StringTree {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${file}: ${at.length ? at.join('.') : 'the file'} must be an object of strings.`);
  }
  for (const [key, child] of Object.entries(value)) {
    if (typeof child === 'string') continue;
    asStringTree(child, file, [...at, key]);
  }
  return value as StringTree;
}

function buildTranslator(resources: Record<string, Record<string, StringTree>>, namespaces: string[], onError: TranslatorOptions['onError']): Translator {
  // i18next-icu reports a message that fails to parse or format through this handler and then
  // returns the raw ICU source; the flag lets the facade notice and try the next locale instead.
  let formatError: Error | undefined;
  const instance = i18next.createInstance();
  void instance.use(new ICU({ parseErrorHandler: (error, _key, source) => ((formatError = error), source) })).init({
    resources,
    ns: namespaces,
    defaultNS: KERNEL_NAMESPACE,
    fallbackNS: false,
    lng: SOURCE_LOCALE,
    // `currentOnly` keeps i18next from inventing `es` out of `es-MX` by itself: the one chain used
    // everywhere is fallbackChain's.
    load: 'currentOnly',
    fallbackLng: (code: string) => fallbackChain(code).slice(1),
    returnNull: false,
    // An empty string in a translation file means "not translated yet", not "show nothing".
    returnEmptyString: false,
    interpolation: { escapeValue: false },
    initAsync: false,
  });

  const lookup = (locale: string, candidates: Array<{ namespace: string; key: string }>, values: MessageValues): string | null => {
    // Locale outermost: a Spanish kernel message beats a plugin's English one for a Spanish reader.
    for (const code of fallbackChain(locale)) {
      for (const { namespace, key } of candidates) {
        const source = instance.getResource(code, namespace, key) as unknown;
        if (typeof source !== 'string' || source === '') continue;
        formatError = undefined;
        const text = instance.t(key, { ...safeValues(values), lng: code, ns: namespace });
        if (!formatError) return text;
        const kind = (formatError as { code?: unknown }).code === ErrorCode.MISSING_VALUE ? 'missing-value' : 'broken';
        onError?.({ kind, locale: code, namespace, key, error: formatError });
      }
    }
    return null;
  };

  const candidatesFor = (key: string, defaults: readonly string[]) => {
    const split = key.indexOf(':');
    if (split > 0) return [{ namespace: key.slice(0, split), key: key.slice(split + 1) }];
    return defaults.map((namespace) => ({ namespace, key }));
  };

  const translateValidationIssue = (locale: string, issue: ValidationIssue, namespaces: readonly string[], field?: string): string | null => {
    const values = { ...issue.params, field: field ?? (issue.field || issue.in || '') };
    const keys = [...(issue.keyword ? [`validation.${issue.keyword}`] : []), 'validation.invalid'];
    return lookup(locale, keys.flatMap((key) => namespaces.map((namespace) => ({ namespace, key }))), values);
  };

  const scoped = (defaults: readonly string[]): NamespaceTranslator => ({
    t(locale, key, values = {}) {
      return lookup(locale, candidatesFor(key, defaults), values) ?? key;
    },

    translateError(locale, code, details) {
      if (code === 'VALIDATION_FAILED' && Array.isArray(details) && details[0] && typeof details[0] === 'object') {
        const first = details[0] as ValidationIssue;
        const field = first.field ? `${first.in ?? ''}.${first.field}`.replace(/^\./, '') : first.in;
        const issue = translateValidationIssue(locale, first, defaults, field);
        if (issue) return issue;
      }
      const values = valuesFromDetails(details);
      const rule = isPlainObject(details) && typeof details.rule === 'string' ? details.rule : null;
      // A code may have a sharper message per rule (`errors.WEAK_PASSWORD_min_length`); the plain
      // `errors.CODE` catches rules nobody translated yet.
      const keys = [...(rule ? [`errors.${code}_${rule}`] : []), `errors.${code}`];
      return lookup(locale, keys.flatMap((key) => defaults.map((namespace) => ({ namespace, key }))), values);
    },

    renderMail(locale, kind, values) {
      const render = (part: 'subject' | 'body') => {
        const text = lookup(locale, candidatesFor(`mail.${kind}.${part}`, defaults), values);
        if (text === null) throw new Error(`No mail "${kind}" (${part}) in namespaces ${defaults.join(', ')} for ${locale} or English.`);
        return text;
      };
      return { subject: render('subject'), text: render('body') };
    },

    translateValidationIssue(locale, issue) {
      return translateValidationIssue(locale, issue, defaults);
    },
  });

  const bundles = new Map<SupportedLocale, LocaleBundle>();
  const kernel = scoped([KERNEL_NAMESPACE]);
  return {
    ...kernel,
    i18next: instance,
    namespaces,
    has(locale, key, namespace) {
      const candidates = namespace ? [{ namespace, key }] : candidatesFor(key, [KERNEL_NAMESPACE]);
      return fallbackChain(locale).some((code) => candidates.some((c) => {
        const source = instance.getResource(code, c.namespace, c.key) as unknown;
        return typeof source === 'string' && source !== '';
      }));
    },
    bundle(locale) {
      const normalized = normalizeLocale(locale) ?? SOURCE_LOCALE;
      let bundle = bundles.get(normalized);
      if (!bundle) {
        const chain = fallbackChain(normalized);
        const strings: Record<string, StringTree> = {};
        for (const namespace of namespaces) {
          // Least specific first, so each more specific file overwrites only what it has.
          strings[namespace] = chain.reduceRight<StringTree>((merged, code) => mergeStrings(merged, resources[code]?.[namespace] ?? {}), {});
        }
        bundle = { locale: normalized, dir: textDirection(normalized), fallbacks: chain, strings };
        bundles.set(normalized, bundle);
      }
      return structuredClone(bundle);
    },
    forNamespace(namespace) {
      if (!namespaces.includes(namespace)) throw new Error(`No locale strings were loaded for namespace "${namespace}".`);
      return scoped(namespace === KERNEL_NAMESPACE ? [KERNEL_NAMESPACE] : [namespace, KERNEL_NAMESPACE]);
    },
  };
}

/** Error details become message values: primitives as they are, lists joined, `retryAfter` as `seconds`. */
function valuesFromDetails(details: unknown): MessageValues {
  if (!isPlainObject(details)) return {};
  const values: MessageValues = {};
  for (const [name, value] of Object.entries(details)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') values[name] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) values[name] = value.join(', ');
  }
  if (typeof values.retryAfter === 'number' && values.seconds === undefined) values.seconds = values.retryAfter;
  return values;
}

function safeValues(values: MessageValues): MessageValues {
  const safe: MessageValues = {};
  for (const [name, value] of Object.entries(values)) if (!RESERVED_VALUE_NAMES.has(name)) safe[name] = value;
  return safe;
}

function mergeStrings(base: StringTree, over: StringTree): StringTree {
  const merged: StringTree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (typeof value === 'string') {
      if (value !== '') merged[key] = value;
    } else {
      const current = merged[key];
      merged[key] = mergeStrings(typeof current === 'object' ? current : {}, value);
    }
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toPath(dir: string | URL): string {
  return dir instanceof URL ? fileURLToPath(dir) : dir;
}

/**
 * The kernel's strings ship as the `@petamigos/locales` package; in this repository that is the
 * `locales/` workspace, which `core/src/i18n` and `core/dist/i18n` both sit three levels below.
 */
export function defaultKernelLocalesDir(): string {
  try {
    return path.dirname(createRequire(import.meta.url).resolve('@petamigos/locales/package.json'));
  } catch {
    return fileURLToPath(new URL('../../../locales/', import.meta.url));
  }
}
