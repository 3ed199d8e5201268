import Router from 'find-my-way';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './errors.js';
import type { ErrorLocalizer } from './error-handler.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * Answers unknown URLs with 404 and known URLs called with the wrong method with 405 plus an
 * `Allow` header. Fastify itself answers both with 404, so a shadow router remembers each route.
 */
/** Answers a browser's GET for an app page (deep links into the frontend) instead of a 404; false when it is not one. */
export type PageFallback = (request: FastifyRequest, reply: FastifyReply) => boolean;

export function installNotFoundHandler(app: FastifyInstance, localize: ErrorLocalizer = () => null, pageFallback: () => PageFallback | undefined = () => undefined): void {
  const shadow = Router({ ignoreTrailingSlash: true });
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (!(METHODS as readonly string[]).includes(method)) continue;
      try {
        shadow.on(method as (typeof METHODS)[number], route.url, () => undefined);
      } catch {
        // Already known (HEAD is added next to GET): nothing to remember twice.
      }
    }
  });
  app.setNotFoundHandler((request, reply) => {
    if (pageFallback()?.(request, reply)) return reply;
    const path = request.url.split('?')[0]!;
    // OPTIONS is answered for every path by CORS preflight, so it says nothing about the route.
    const allowed = METHODS.filter((m) => m !== 'OPTIONS' && m !== request.method && shadow.find(m, path));
    // A route that exists for this very method sent the request here on purpose (a disabled plugin's files): 404.
    const routedHere = (METHODS as readonly string[]).includes(request.method) && shadow.find(request.method as (typeof METHODS)[number], path);
    if (allowed.length > 0 && request.method !== 'OPTIONS' && !routedHere) {
      return reply
        .status(405)
        .header('allow', allowed.join(', '))
        .send(errorBody('METHOD_NOT_ALLOWED', localize(request, 'METHOD_NOT_ALLOWED', { allowed }) ?? `${request.method} is not allowed on ${path}; use ${allowed.join(', ')}`, { allowed }));
    }
    return reply.status(404).send(errorBody('NOT_FOUND', localize(request, 'NOT_FOUND', null) ?? `No route for ${request.method} ${path}`));
  });
}
