import { Migration } from '@petamigos/core';

/** Video media items (transcoded to HLS by a job) and the wellbeing figures. */
export class Migration20261201000000_feed_video_wellbeing extends Migration {
  override async up(): Promise<void> {
    // Images are ready the moment they are stored; videos start `processing` and end `ready` or `failed`.
    this.addSql(`alter table feed_media
      add column kind text not null default 'image' check (kind in ('image', 'video')),
      add column status text not null default 'ready' check (status in ('processing', 'ready', 'failed')),
      add column duration_seconds double precision,
      add column original_key text,
      add column playlist_key text,
      add column poster_key text,
      add column error text,
      add column processed_at timestamptz`);
    // What the job recovery asks at every start: the videos a crash may have left half done.
    this.addSql(`create index feed_media_processing_idx on feed_media (id) where status = 'processing'`);
    this.addSql('create index feed_media_owner_idx on feed_media (owner_id)');

    this.addSql(`create table feed_wellbeing (
      user_id uuid primary key,
      reminder_minutes integer check (reminder_minutes between 5 and 600),
      time_zone text not null default 'UTC',
      last_beat_at timestamptz,
      streak_started_at timestamptz,
      reminded boolean not null default false,
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create table feed_usage_day (
      user_id uuid not null,
      day date not null,
      seconds integer not null default 0 check (seconds >= 0),
      primary key (user_id, day)
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists feed_usage_day');
    this.addSql('drop table if exists feed_wellbeing');
    this.addSql('drop index if exists feed_media_owner_idx');
    this.addSql('drop index if exists feed_media_processing_idx');
    this.addSql(`alter table feed_media drop column if exists kind, drop column if exists status, drop column if exists duration_seconds,
      drop column if exists original_key, drop column if exists playlist_key, drop column if exists poster_key, drop column if exists error, drop column if exists processed_at`);
  }
}
