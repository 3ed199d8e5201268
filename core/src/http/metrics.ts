import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Prometheus metrics on a registry owned by this app (no process-wide global state). */
export function installMetrics(app: FastifyInstance, extra: (registry: Registry) => void = () => undefined): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'petamigos_' });
  const duration = new Histogram({
    name: 'petamigos_http_request_duration_seconds',
    help: 'HTTP request duration by route, method and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const total = new Counter({
    name: 'petamigos_http_requests_total',
    help: 'HTTP requests by route, method and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  extra(registry);
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL, so ids in paths cannot explode label cardinality.
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    total.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true }, config: { rateLimit: false } }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  return registry;
}
