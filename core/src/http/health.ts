import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors.js';

export interface ReadinessChecks {
  database: () => Promise<boolean>;
  /** Only reported when a search server is configured; the default driver is the database. */
  search?: () => Promise<boolean>;
  /** Each enabled plugin's own readiness, by name. */
  plugins: () => Array<{ name: string; check: () => Promise<boolean> }>;
}

const CHECK_TIMEOUT_MS = 2000;

/** `/health`: the process answers. `/ready`: it can do its work (database and every enabled plugin). */
export function installHealthRoutes(app: FastifyInstance, checks: ReadinessChecks): void {
  const startedAt = Date.now();
  app.get('/health', {
    config: { rateLimit: false },
    schema: {
      tags: ['kernel'],
      summary: 'Liveness: the process is up',
      response: { 200: Type.Object({ status: Type.Literal('ok'), uptimeSeconds: Type.Number() }) },
    },
  }, async () => ({ status: 'ok' as const, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) }));

  app.get('/ready', {
    config: { rateLimit: false },
    schema: { tags: ['kernel'], summary: 'Readiness: database reachable and every enabled plugin ready' },
  }, async (_request, reply) => {
    const results: Record<string, 'ok' | 'fail'> = {};
    results.database = (await withTimeout(checks.database())) ? 'ok' : 'fail';
    if (checks.search) results.search = (await withTimeout(checks.search())) ? 'ok' : 'fail';
    for (const { name, check } of checks.plugins()) {
      results[`plugin:${name}`] = (await withTimeout(check())) ? 'ok' : 'fail';
    }
    const failing = Object.keys(results).filter((k) => results[k] === 'fail');
    if (failing.length > 0) {
      return reply.status(503).send(errorBody('NOT_READY', `Not ready: ${failing.join(', ')}`, { checks: results }));
    }
    return { status: 'ready', checks: results };
  });
}

async function withTimeout(check: Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      check.catch(() => false),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS); }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
