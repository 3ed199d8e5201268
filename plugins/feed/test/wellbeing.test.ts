import t from 'tap';
import { eachDatabase, type TestKernel, type TestUser } from '@petamigos/core/testing';
import { api, boot } from './helpers.js';
import { localDay } from '../src/services/wellbeing.js';

/** Heartbeats come a minute apart in real life; the test moves the last one back instead of waiting. */
const minutesPass = (k: TestKernel, who: TestUser, minutes: number, { streak = minutes }: { streak?: number } = {}) =>
  k.sql(`update feed_wellbeing set last_beat_at = last_beat_at - make_interval(mins => ?), streak_started_at = streak_started_at - make_interval(mins => ?) where user_id = ?`, [minutes, streak, who.user.id]);

t.test('wellbeing: minutes per local day, the last week, a reminder once per stretch of use', async (t) => {
  await eachDatabase(t, 'wellbeing', async (t, database) => {
    const k = await boot(t, database);
    const call = api(k);
    const [ana, beto] = await Promise.all(['ana', 'beto'].map((username) => k.createUser({ username })));
    const beat = async (who: TestUser, timeZone?: string) => {
      const res = await call('POST', '/api/feed/wellbeing/heartbeat', who, timeZone ? { timeZone } : undefined);
      t.equal(res.statusCode, 200, res.body);
      return res.json();
    };

    const fresh = (await call('GET', '/api/feed/wellbeing', ana)).json();
    t.match(fresh, { reminderMinutes: null, timeZone: 'UTC', minutesToday: 0, continuousMinutes: 0 }, 'nothing yet; the account\'s time zone');
    t.equal(fresh.days.length, 7);
    t.equal(fresh.days[6].date, localDay(new Date(), 'UTC'), 'today last');
    t.ok(fresh.days.every((d: { minutes: number }) => d.minutes === 0));

    t.equal((await call('PUT', '/api/feed/wellbeing', ana, { reminderMinutes: 4 })).statusCode, 400, 'at least 5 minutes');
    t.equal((await call('PUT', '/api/feed/wellbeing', ana, { reminderMinutes: 601 })).statusCode, 400, 'at most 600');
    t.equal((await call('PUT', '/api/feed/wellbeing', ana, {})).statusCode, 400, 'say null to turn it off');
    const set = await call('PUT', '/api/feed/wellbeing', ana, { reminderMinutes: 20 });
    t.equal(set.statusCode, 200);
    t.equal(set.json().reminderMinutes, 20);

    const badZone = await call('POST', '/api/feed/wellbeing/heartbeat', ana, { timeZone: 'Mars/Olympus_Mons' });
    t.equal(badZone.statusCode, 400);
    t.equal(badZone.json().error.code, 'INVALID_TIME_ZONE');
    t.equal((await call('POST', '/api/feed/wellbeing/heartbeat', null)).statusCode, 401);

    const zone = 'America/Santiago';
    t.same(await beat(ana!, zone), { minutesToday: 0, continuousMinutes: 0, remind: false }, 'the first heartbeat starts a stretch');
    await minutesPass(k, ana!, 1);
    t.same(await beat(ana!), { minutesToday: 1, continuousMinutes: 1, remind: false }, 'a minute later: one minute (and the zone is remembered)');
    const burst = await Promise.all([1, 2, 3, 4, 5].map(() => beat(ana!)));
    t.ok(burst.every((b) => b.minutesToday === 1), 'extra heartbeats at the same moment add nothing');

    // Nineteen minutes later (heartbeats every minute in between): the stretch passes 20 minutes.
    await minutesPass(k, ana!, 1, { streak: 19 });
    t.same(await beat(ana!), { minutesToday: 2, continuousMinutes: 20, remind: true }, 'the reminder, once the stretch passes it');
    await minutesPass(k, ana!, 1);
    t.same(await beat(ana!), { minutesToday: 3, continuousMinutes: 21, remind: false }, 'and only once');

    // A gap of five minutes or more is a break: the time away does not count, and a new stretch begins.
    await minutesPass(k, ana!, 6);
    t.same(await beat(ana!), { minutesToday: 3, continuousMinutes: 0, remind: false });
    await minutesPass(k, ana!, 1, { streak: 20 });
    t.match(await beat(ana!), { minutesToday: 4, remind: true }, 'a new stretch can remind again');

    // Changing the setting re-arms it; turning it off stops it.
    await call('PUT', '/api/feed/wellbeing', ana, { reminderMinutes: 10 });
    await minutesPass(k, ana!, 1);
    t.match(await beat(ana!), { remind: true }, 'a new reminder time applies to the current stretch');
    await call('PUT', '/api/feed/wellbeing', ana, { reminderMinutes: null });
    await minutesPass(k, ana!, 1);
    t.match(await beat(ana!), { remind: false, minutesToday: 6 });

    // The week: today in her zone, earlier days as recorded, nothing older than six days back.
    const today = localDay(new Date(), zone);
    const back = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
    await k.sql('insert into feed_usage_day (user_id, day, seconds) values (?, ?::date, 600), (?, ?::date, 3000), (?, ?::date, 999)', [ana!.user.id, back(1), ana!.user.id, back(6), ana!.user.id, back(7)]);
    const week = (await call('GET', '/api/feed/wellbeing', ana)).json();
    t.match(week, { reminderMinutes: null, timeZone: zone, minutesToday: 6 });
    t.same(week.days.map((d: { date: string }) => d.date), [6, 5, 4, 3, 2, 1, 0].map(back), 'seven local days, oldest first');
    t.same(week.days.map((d: { minutes: number }) => d.minutes), [50, 0, 0, 0, 0, 10, 6]);
    t.equal((await call('GET', '/api/feed/wellbeing?timeZone=Nowhere/Atlantis', ana)).statusCode, 400);

    // Minutes go to the local day of whoever uses the app: 25 hours apart, these zones never share a date.
    await beat(beto!, 'Pacific/Kiritimati');
    await minutesPass(k, beto!, 2);
    await beat(beto!);
    await minutesPass(k, beto!, 3);
    await beat(beto!, 'Pacific/Pago_Pago');
    const days = await k.sql<{ day: string; seconds: number }>(`select to_char(day, 'YYYY-MM-DD') as day, seconds from feed_usage_day where user_id = ? order by day`, [beto!.user.id]);
    const now = new Date();
    t.same(days.map((d) => d.day).sort(), [localDay(now, 'Pacific/Pago_Pago'), localDay(now, 'Pacific/Kiritimati')].sort());
    t.same(days.find((d) => d.day === localDay(now, 'Pacific/Kiritimati'))?.seconds, 120);
    t.same(days.find((d) => d.day === localDay(now, 'Pacific/Pago_Pago'))?.seconds, 180);

    // The export has it; deleting the account takes it.
    t.match((await call('GET', '/api/users/me/export', ana)).json().plugins.feed.wellbeing, { reminderMinutes: null, timeZone: zone, days: [{ date: back(7), minutes: 16 }] });
    t.equal((await call('DELETE', '/api/users/me', ana, { password: ana!.password })).statusCode, 204);
    t.same(await k.sql('select 1 from feed_usage_day where user_id = ? union all select 1 from feed_wellbeing where user_id = ?', [ana!.user.id, ana!.user.id]), []);
  });
});
