import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import rawBody from 'fastify-raw-body';
import type { Redis } from 'ioredis';
import type { ResolvedConfig } from '../config/resolved.js';
import { installErrorHandler, type ErrorLocalizer } from './error-handler.js';
import { HttpError } from './errors.js';
import { clientErrorHandler, frameworkErrors } from './framework-errors.js';
import { installNotFoundHandler, type PageFallback } from './not-found.js';
import { genRequestId } from './request-id.js';
import { createValidatorCompiler } from './validator.js';

/**
 * Fastify with the kernel's HTTP conventions: request ids, the error body for every failure
 * (including those raised before routing), schema validation that rejects unknown fields, CORS,
 * rate limits, and opt-in raw bodies for signature checks (`config: { rawBody: true }`).
 */
export async function createHttpApp(config: ResolvedConfig, log: FastifyBaseLogger, redis?: Redis, localize?: ErrorLocalizer, pageFallback?: () => PageFallback | undefined) {
  const app = Fastify({
    loggerInstance: log,
    genReqId: genRequestId,
    requestIdHeader: false,
    trustProxy: config.server.trustProxy,
    bodyLimit: config.server.bodyLimit,
    routerOptions: { maxParamLength: 100, ignoreTrailingSlash: true },
    frameworkErrors,
    clientErrorHandler,
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(createValidatorCompiler());
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installErrorHandler(app, localize);
  installNotFoundHandler(app, localize, pageFallback);

  await app.register(cors, {
    origin: [new URL(config.site.publicUrl).origin, ...config.security.corsOrigins],
    credentials: true,
  });
  await app.register(rateLimit, {
    global: true,
    max: config.security.rateLimit.max,
    // With Redis the counters are shared, so a limit holds across every web process.
    ...(redis ? { redis, nameSpace: `${config.redis.keyPrefix}rate-limit:` } : {}),
    timeWindow: config.security.rateLimit.timeWindow,
    // Static bundles of the frontend: one page load fetches a dozen, and they cost nothing to serve.
    allowList: (request) => request.url.startsWith('/web/') || request.url.startsWith('/admin/assets/') || request.url.startsWith('/admin/plugins/'),
    // Injected requests (tests, injectWS) may carry no address; they share one bucket.
    keyGenerator: (request) => request.ip ?? request.socket?.remoteAddress ?? 'unknown',
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'RATE_LIMITED', `Too many requests; try again in ${context.after}.`, { limit: context.max, retryAfter: Math.max(1, Math.ceil(context.ttl / 1000)) }),
  });
  await app.register(rawBody, { field: 'rawBody', global: false, encoding: false, runFirst: true });
  return app;
}

export type HttpApp = Awaited<ReturnType<typeof createHttpApp>>;
