import Type from 'typebox';
import type { AuthGuards } from '../../accounts/guards.js';
import { errorResponses } from '../../accounts/schemas.js';
import type { HttpApp } from '../../http/create-http-app.js';
import type { AdminOverview } from './overview.js';

const Count = Type.Integer({ minimum: 0 });
const JobCountsSchema = Type.Object({ waiting: Count, delayed: Count, active: Count, completed: Count, failed: Count });
const PerDay = Type.Array(Type.Object({ day: Type.String({ description: 'YYYY-MM-DD (UTC)' }), count: Count }), { description: 'The last 30 UTC days, oldest first, today last.' });

export const OverviewSchema = Type.Object({
  generatedAt: Type.String({ format: 'date-time' }),
  users: Type.Object({ total: Count, newLast30Days: Count, suspended: Count, activeToday: Count }),
  activeUsers: PerDay,
  signups: PerDay,
  jobs: Type.Object({ driver: Type.String(), counts: JobCountsSchema, byName: Type.Record(Type.String(), JobCountsSchema) }),
  storage: Type.Union([
    Type.Object({ driver: Type.Union([Type.Literal('local'), Type.Literal('s3')]), bytes: Count, objects: Count, measuredAt: Type.String({ format: 'date-time' }), partial: Type.Boolean() }),
    Type.Null(),
  ], { description: 'Measured in the background at most every 10 minutes; null while the first measurement runs.' }),
  errors: Type.Object({
    last24Hours: Count,
    hourly: Type.Array(Type.Object({ hour: Type.String({ format: 'date-time' }), count: Count }), { description: 'The last 24 hours, oldest first.' }),
    topRoutes: Type.Array(Type.Object({ route: Type.String(), status: Type.Integer(), count: Count })),
  }, { description: 'Responses with a 5xx status.' }),
  plugins: Type.Array(Type.Object({ plugin: Type.String(), id: Type.String(), label: Type.String(), value: Type.Number() }), { description: "Figures from each enabled plugin's admin.stats hook." }),
});

/** `GET /api/admin/overview`: the dashboard's figures in one call. */
export async function overviewRoutes(app: HttpApp, overview: AdminOverview, guards: AuthGuards): Promise<void> {
  app.get('/', {
    preHandler: guards.requirePermission('kernel.overview.read'),
    schema: {
      tags: ['admin'], summary: 'Users, daily activity, jobs, storage, server errors and plugin figures', security: [{ bearer: [] }],
      response: { 200: OverviewSchema, ...errorResponses(401, 403) },
    },
  }, async (request) => overview.build(request.locale ?? 'en'));
}
