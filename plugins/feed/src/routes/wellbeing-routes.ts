import { Type, type PluginApp } from '@petamigos/core';
import type { RouteDeps } from './index.js';
import { errorResponses, security, strict, tags } from './schemas.js';

const TimeZone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, such as America/Santiago. Default: the last one sent, else the account\'s.' });
const ReminderMinutes = Type.Union([Type.Integer({ minimum: 5, maximum: 600 }), Type.Null()], { description: 'Remind after this many minutes of continuous use; null turns it off.' });

const WellbeingView = Type.Object({
  reminderMinutes: ReminderMinutes,
  timeZone: Type.String(),
  minutesToday: Type.Integer(),
  continuousMinutes: Type.Integer({ description: 'Length of the current stretch of use (heartbeats less than 5 minutes apart).' }),
  days: Type.Array(Type.Object({ date: Type.String({ format: 'date' }), minutes: Type.Integer() }), { description: 'The last 7 local days, oldest first, today last.' }),
});

/** Time spent today, the last week, and an optional reminder after a stretch of continuous use. */
export function wellbeingRoutes(app: PluginApp, { ctx, feed }: RouteDeps): void {
  const preHandler = ctx.auth.requireUser;

  app.post('/wellbeing/heartbeat', {
    // A heartbeat may come without a body (`navigator.sendBeacon`, a bare fetch): that is `{}`.
    preValidation: async (request) => {
      request.body ??= {};
    },
    preHandler,
    schema: {
      tags, security,
      summary: 'Record use: the app calls this every minute while it is visible; `remind` is true once per stretch when it passes the reminder',
      body: Type.Object({ timeZone: Type.Optional(TimeZone) }, strict),
      response: {
        200: Type.Object({ minutesToday: Type.Integer(), continuousMinutes: Type.Integer(), remind: Type.Boolean() }),
        ...errorResponses(400, 401),
      },
    },
  }, async (request) => feed.wellbeing.heartbeat(request.user!.id, request.body.timeZone));

  app.get('/wellbeing', {
    preHandler,
    schema: {
      tags, security, summary: 'Your usage today and in the last 7 days, and your reminder setting',
      querystring: Type.Object({ timeZone: Type.Optional(TimeZone) }, strict),
      response: { 200: WellbeingView, ...errorResponses(400, 401) },
    },
  }, async (request) => feed.wellbeing.view(request.user!.id, request.query.timeZone));

  app.put('/wellbeing', {
    preHandler,
    schema: {
      tags, security, summary: 'Set or turn off the continuous-use reminder',
      body: Type.Object({ reminderMinutes: ReminderMinutes }, strict),
      response: { 200: WellbeingView, ...errorResponses(400, 401) },
    },
  }, async (request) => {
    await feed.wellbeing.setReminder(request.user!.id, request.body.reminderMinutes);
    return feed.wellbeing.view(request.user!.id);
  });
}
