// Languages: the supported locales, request negotiation and the i18next-backed translator.
export {
  LANGUAGES, REGIONAL_VARIANTS, SUPPORTED_LOCALES, SOURCE_LOCALE,
  isSupportedLocale, isRegionalVariant, isRtl, textDirection, languageOf, normalizeLocale, fallbackChain, localeName,
  type Language, type RegionalVariant, type SupportedLocale,
} from './locales.js';
export { negotiateLocale, matchAcceptLanguage, parseAcceptLanguage, type LocaleInputs } from './negotiate.js';
export {
  createTranslator, readLocaleDir, defaultKernelLocalesDir, KERNEL_NAMESPACE,
  type Translator, type NamespaceTranslator, type TranslatorOptions, type TranslationProblem, type LocaleBundle,
  type ValidationIssue, type MessageValues, type StringTree,
} from './translator.js';
export { createNotificationRenderer, type NotificationText, type NotificationRendererFn } from './notifications.js';
