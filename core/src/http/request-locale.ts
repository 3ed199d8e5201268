import type { FastifyInstance } from 'fastify';
import { negotiateLocale, type SupportedLocale } from '../i18n/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The language this request is answered in: the user's setting, else Accept-Language, else the site default. */
    locale: SupportedLocale;
  }
}

/**
 * Negotiates each request's language. Registered around the authentication hook: first from the
 * headers (so even a 401 is localized), then refined with the signed-in user's own setting.
 */
export function installRequestLocale(app: FastifyInstance, siteDefault: string, installAuthentication: () => void): void {
  app.decorateRequest('locale', 'en');
  app.addHook('onRequest', async (request, reply) => {
    request.locale = negotiateLocale({ acceptLanguage: request.headers['accept-language'], siteDefault });
    reply.header('vary', 'Accept-Language');
  });
  installAuthentication();
  app.addHook('onRequest', async (request) => {
    if (request.user?.language) request.locale = negotiateLocale({ userLocale: request.user.language, acceptLanguage: request.headers['accept-language'], siteDefault });
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('content-language', request.locale);
  });
}
