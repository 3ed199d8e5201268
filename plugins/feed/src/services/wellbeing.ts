import { HttpError } from '@petamigos/core';
import type { FeedContext } from '../settings.js';
import { sqlOf } from './sql.js';

/** Heartbeats closer together than this are one stretch of use; a longer gap is a break. */
export const BREAK_MS = 5 * 60_000;
const WEEK = 7;

export interface Heartbeat {
  minutesToday: number;
  continuousMinutes: number;
  /** True on the one heartbeat where the current stretch passes the reminder; then not again until a break. */
  remind: boolean;
}

export interface WellbeingView {
  reminderMinutes: number | null;
  timeZone: string;
  minutesToday: number;
  continuousMinutes: number;
  /** The last seven local days, oldest first, today last; days without use are 0. */
  days: Array<{ date: string; minutes: number }>;
}

interface Row {
  reminder_minutes: number | null;
  time_zone: string;
  last_beat_at: Date | string | null;
  streak_started_at: Date | string | null;
  reminded: boolean;
  now?: Date | string;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `YYYY-MM-DD` of `at` on the wall calendar of `zone`. */
export function localDay(at: Date, zone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

function daysBefore(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

const ms = (d: Date | string | null) => (d === null ? null : new Date(d).getTime());

/**
 * Wellbeing: how long someone used PetAmigos today, and an optional nudge after a stretch of
 * continuous use. The web app sends a heartbeat every minute while it is visible; each heartbeat
 * adds the time since the previous one when that was less than `BREAK_MS` ago, so duplicate or
 * extra heartbeats add (almost) nothing and a closed laptop adds nothing. Days are the person's
 * local days (the time zone the app sends, else the last one used, else the account's).
 */
export class Wellbeing {
  constructor(private readonly ctx: FeedContext) {}

  private zoneFor(requested: string | undefined): string | undefined {
    if (requested === undefined) return undefined;
    if (!isTimeZone(requested)) throw new HttpError(400, 'INVALID_TIME_ZONE', 'The time zone is not a known IANA zone, such as America/Santiago.', { timeZone: requested });
    return requested;
  }

  private async accountZone(userId: string): Promise<string> {
    try {
      const [row] = await this.ctx.db.query<{ timezone: string }>('select timezone from kernel_user where id = ?', [userId]);
      return row && isTimeZone(row.timezone) ? row.timezone : 'UTC';
    } catch {
      return 'UTC';
    }
  }

  async heartbeat(userId: string, requestedZone?: string): Promise<Heartbeat> {
    const requested = this.zoneFor(requestedZone);
    const initialZone = requested ?? (await this.accountZone(userId));
    return this.ctx.db.transaction(async (em) => {
      const sql = sqlOf(em);
      await sql('insert into feed_wellbeing (user_id, time_zone) values (?, ?) on conflict do nothing', [userId, initialZone]);
      // The row lock makes two heartbeats sent at once count the elapsed time once. The clock is
      // read after the lock is held: `now()` is when the transaction began, which can be before
      // the heartbeat that held the lock wrote its own time.
      const [row] = await sql<Row>('select reminder_minutes, time_zone, last_beat_at, streak_started_at, reminded from feed_wellbeing where user_id = ? for update', [userId]);
      const [clock] = await sql<{ now: Date | string }>('select clock_timestamp() as now');
      const now = new Date(clock!.now);
      const zone = requested ?? row!.time_zone;
      const last = ms(row!.last_beat_at);
      const elapsed = last === null ? null : Math.max(0, now.getTime() - last);
      const continuing = elapsed !== null && elapsed < BREAK_MS;
      const added = continuing ? Math.round(elapsed / 1000) : 0;
      const streakStart = continuing && row!.streak_started_at ? new Date(row!.streak_started_at) : now;
      const continuousMinutes = Math.floor((now.getTime() - streakStart.getTime()) / 60_000);
      const alreadyReminded = continuing && row!.reminded;
      const remind = row!.reminder_minutes !== null && !alreadyReminded && continuousMinutes >= row!.reminder_minutes;
      const [day] = await sql<{ seconds: number }>(
        `insert into feed_usage_day (user_id, day, seconds) values (?, ?::date, ?)
         on conflict (user_id, day) do update set seconds = feed_usage_day.seconds + excluded.seconds returning seconds`,
        [userId, localDay(now, zone), added],
      );
      await sql('update feed_wellbeing set last_beat_at = ?, streak_started_at = ?, reminded = ?, time_zone = ?, updated_at = now() where user_id = ?',
        [now, streakStart, alreadyReminded || remind, zone, userId]);
      return { minutesToday: Math.floor(Number(day!.seconds) / 60), continuousMinutes, remind };
    });
  }

  async view(userId: string, requestedZone?: string): Promise<WellbeingView> {
    const requested = this.zoneFor(requestedZone);
    const [row] = await this.ctx.db.query<Row>('select reminder_minutes, time_zone, last_beat_at, streak_started_at, reminded, now() as now from feed_wellbeing where user_id = ?', [userId]);
    const zone = requested ?? row?.time_zone ?? (await this.accountZone(userId));
    const now = new Date(row?.now ?? Date.now());
    const today = localDay(now, zone);
    const first = daysBefore(today, WEEK - 1);
    const usage = await this.ctx.db.query<{ day: string; seconds: number }>(
      `select to_char(day, 'YYYY-MM-DD') as day, seconds from feed_usage_day where user_id = ? and day between ?::date and ?::date`, [userId, first, today]);
    const byDay = new Map(usage.map((u) => [u.day, Math.floor(Number(u.seconds) / 60)]));
    const days = Array.from({ length: WEEK }, (_, i) => daysBefore(today, WEEK - 1 - i)).map((date) => ({ date, minutes: byDay.get(date) ?? 0 }));
    const last = ms(row?.last_beat_at ?? null);
    const streaking = last !== null && now.getTime() - last < BREAK_MS && row?.streak_started_at;
    return {
      reminderMinutes: row?.reminder_minutes ?? null,
      timeZone: zone,
      minutesToday: byDay.get(today) ?? 0,
      continuousMinutes: streaking ? Math.floor((now.getTime() - ms(row!.streak_started_at)!) / 60_000) : 0,
      days,
    };
  }

  /** `null` turns the reminder off. Changing it re-arms it for the current stretch. */
  async setReminder(userId: string, reminderMinutes: number | null): Promise<void> {
    const zone = await this.accountZone(userId);
    await this.ctx.db.query(
      `insert into feed_wellbeing (user_id, time_zone, reminder_minutes) values (?, ?, ?)
       on conflict (user_id) do update set reminder_minutes = excluded.reminder_minutes, reminded = false, updated_at = now()`,
      [userId, zone, reminderMinutes],
    );
  }

  async exportFor(userId: string): Promise<{ reminderMinutes: number | null; timeZone: string | null; days: Array<{ date: string; minutes: number }> }> {
    const [row] = await this.ctx.db.query<Row>('select reminder_minutes, time_zone from feed_wellbeing where user_id = ?', [userId]);
    const days = await this.ctx.db.query<{ day: string; seconds: number }>(`select to_char(day, 'YYYY-MM-DD') as day, seconds from feed_usage_day where user_id = ? order by day`, [userId]);
    return { reminderMinutes: row?.reminder_minutes ?? null, timeZone: row?.time_zone ?? null, days: days.map((d) => ({ date: d.day, minutes: Math.floor(Number(d.seconds) / 60) })) };
  }
}
