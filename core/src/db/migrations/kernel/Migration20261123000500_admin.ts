import { Migration } from '@mikro-orm/migrations';

/**
 * What the admin area needs: the moderation queue shared by every plugin, settings admins edit
 * at run time, and cheap counters for the overview (daily active users, server errors per hour).
 */
export class Migration20261123000500_admin extends Migration {
  override async up(): Promise<void> {
    // One case per reported item while it is open; every report on that item joins it.
    this.addSql(`create table kernel_report_case (
      id uuid primary key,
      plugin text not null,
      item_type text not null,
      item_id text not null,
      status text not null default 'open' check (status in ('open', 'resolved')),
      opened_at timestamptz not null default now(),
      last_reported_at timestamptz not null default now(),
      resolved_at timestamptz,
      resolved_by uuid references kernel_user (id) on delete set null,
      action text check (action in ('dismiss', 'remove', 'warn', 'suspend')),
      resolution_reason text,
      author_id uuid
    )`);
    this.addSql(`create unique index kernel_report_case_open on kernel_report_case (plugin, item_type, item_id) where status = 'open'`);
    this.addSql('create index kernel_report_case_status on kernel_report_case (status, id)');
    this.addSql(`create table kernel_report (
      id uuid primary key,
      case_id uuid not null references kernel_report_case (id) on delete cascade,
      reporter_id uuid not null references kernel_user (id) on delete cascade,
      reason text not null,
      details text not null default '',
      created_at timestamptz not null default now()
    )`);
    // A person reports an item once per case: reporting it again while open changes nothing.
    this.addSql('create unique index kernel_report_reporter on kernel_report (case_id, reporter_id)');
    this.addSql('create index kernel_report_by_reporter on kernel_report (reporter_id)');

    // Values admins set in the admin UI; the config file's own keys always win over these.
    this.addSql(`create table kernel_plugin_setting (
      plugin text primary key,
      settings jsonb not null default '{}',
      updated_at timestamptz not null default now(),
      updated_by uuid
    )`);

    // One row per user per day they used the API: "active users per day" without scanning logs.
    this.addSql(`create table kernel_daily_active (
      day date not null,
      user_id uuid not null references kernel_user (id) on delete cascade,
      primary key (day, user_id)
    )`);
    this.addSql(`create table kernel_http_error (
      hour timestamptz not null,
      route text not null,
      status int not null,
      count int not null default 0,
      primary key (hour, route, status)
    )`);

    // A user's audit trail is read by target as well as by actor.
    this.addSql('create index kernel_audit_log_target on kernel_audit_log (target_id, id desc)');
    this.addSql('create index kernel_user_created on kernel_user (created_at)');
  }

  override async down(): Promise<void> {
    this.addSql('drop index kernel_user_created');
    this.addSql('drop index kernel_audit_log_target');
    for (const table of ['kernel_http_error', 'kernel_daily_active', 'kernel_plugin_setting', 'kernel_report', 'kernel_report_case']) this.addSql(`drop table ${table}`);
  }
}
