import Type from 'typebox';
import { errorResponses } from '../accounts/schemas.js';
import { isSupportedLocale, localeName, normalizeLocale, SUPPORTED_LOCALES, textDirection, type Translator } from '../i18n/index.js';
import type { HttpApp } from './create-http-app.js';
import { HttpError } from './errors.js';

/** `/api/i18n`: the languages on offer and, per locale, every string the frontend needs with its text direction. */
export async function i18nRoutes(app: HttpApp, i18n: Translator, isNamespaceVisible: (namespace: string) => boolean): Promise<void> {
  const tags = ['i18n'];
  app.get('/', {
    schema: {
      tags, summary: 'Supported locales for the language picker',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ locale: Type.String(), name: Type.String(), dir: Type.Union([Type.Literal('ltr'), Type.Literal('rtl')]) })) }) },
    },
  }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=3600');
    return { items: SUPPORTED_LOCALES.map((locale) => ({ locale, name: localeName(locale), dir: textDirection(locale) })) };
  });
  app.get('/:locale', {
    schema: {
      tags, summary: 'All strings for one locale, merged along its fallback chain (variant → language → English), with dir rtl/ltr',
      params: Type.Object({ locale: Type.String({ maxLength: 35 }) }),
      response: { 200: Type.Object({ locale: Type.String(), dir: Type.Union([Type.Literal('ltr'), Type.Literal('rtl')]), fallbacks: Type.Array(Type.String()), strings: Type.Record(Type.String(), Type.Unknown()) }), ...errorResponses(404) },
    },
  }, async (request, reply) => {
    const locale = isSupportedLocale(request.params.locale) ? request.params.locale : normalizeLocale(request.params.locale);
    if (!locale) throw new HttpError(404, 'NOT_FOUND', `PetAmigos does not speak ${request.params.locale} yet.`, { supported: SUPPORTED_LOCALES });
    const bundle = i18n.bundle(locale);
    // Strings of disabled plugins stay out, like their pages.
    bundle.strings = Object.fromEntries(Object.entries(bundle.strings).filter(([namespace]) => isNamespaceVisible(namespace)));
    reply.header('cache-control', 'public, max-age=300');
    return bundle;
  });
}
