import Type from 'typebox';
import { audit } from '../../accounts/audit.js';
import { originOf, type AuthGuards } from '../../accounts/guards.js';
import type { Sql } from '../../accounts/sql.js';
import { errorResponses } from '../../accounts/schemas.js';
import type { HttpApp } from '../../http/create-http-app.js';
import { HttpError } from '../../http/errors.js';
import { JobNotFoundError, type JobQueue } from './index.js';

const Counts = Type.Object({ waiting: Type.Integer(), delayed: Type.Integer(), active: Type.Integer(), completed: Type.Integer(), failed: Type.Integer() });

/** `/api/admin/jobs`: queue health for admins — counts, schedules, failed jobs with their error, retry. */
export async function jobRoutes(app: HttpApp, jobs: JobQueue, guards: AuthGuards, sql: Sql): Promise<void> {
  const tags = ['admin'];
  const security = [{ bearer: [] }];
  const guard = guards.requirePermission('kernel.jobs.manage');

  app.get('/', {
    preHandler: guard,
    schema: {
      tags, summary: 'Job counts by name and state, and the schedules', security,
      response: {
        200: Type.Object({
          driver: Type.String(),
          counts: Type.Record(Type.String(), Counts),
          schedules: Type.Array(Type.Object({ id: Type.String(), cron: Type.String(), tz: Type.String(), name: Type.String(), next: Type.Union([Type.String(), Type.Null()]) })),
        }),
        ...errorResponses(401, 403),
      },
    },
  }, async () => ({
    driver: jobs.driver,
    counts: await jobs.counts(),
    schedules: (await jobs.schedules()).map((s) => ({ ...s, next: s.next ? s.next.toISOString() : null })),
  }));

  app.get('/failed', {
    preHandler: guard,
    schema: {
      tags, summary: 'Failed jobs, newest first, with their last error', security,
      querystring: Type.Object({ name: Type.Optional(Type.String({ maxLength: 200 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }, { additionalProperties: false }),
      response: {
        200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), payload: Type.Unknown(), error: Type.String(), attempts: Type.Integer(), failedAt: Type.String() })) }),
        ...errorResponses(400, 401, 403),
      },
    },
  }, async (request) => ({
    items: (await jobs.failed({ name: request.query.name, limit: request.query.limit })).map((j) => ({ ...j, failedAt: j.failedAt.toISOString() })),
  }));

  app.post('/:name/:id/retry', {
    preHandler: guard,
    schema: {
      tags, summary: 'Run a failed job again', security,
      params: Type.Object({ name: Type.String({ maxLength: 200 }), id: Type.String({ maxLength: 200 }) }),
      response: { 202: Type.Object({ accepted: Type.Literal(true) }), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    try {
      await jobs.retry(request.params.name, request.params.id);
    } catch (error) {
      if (error instanceof JobNotFoundError) throw new HttpError(404, 'JOB_NOT_FOUND', `No failed job ${request.params.id} of ${request.params.name}.`);
      throw error;
    }
    // An admin re-running work is an admin action like any other: it goes in the audit log.
    await audit(sql, { actorId: request.user!.id, action: 'admin.job.retried', targetType: 'job', targetId: `${request.params.name}/${request.params.id}`, ip: originOf(request).ip, details: { name: request.params.name, id: request.params.id } });
    return reply.status(202).send({ accepted: true as const });
  });
}
