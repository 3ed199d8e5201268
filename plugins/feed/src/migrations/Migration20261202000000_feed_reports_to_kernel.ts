import { Migration } from '@petamigos/core';

/**
 * Reports move to the kernel's moderation queue, shared by every plugin: existing ones become
 * one open case per post there (one report per reporter), and the feed's own table goes.
 */
export class Migration20261202000000_feed_reports_to_kernel extends Migration {
  override async up(): Promise<void> {
    this.addSql(`insert into kernel_report_case (id, plugin, item_type, item_id, opened_at, last_reported_at)
      select (array_agg(id order by id))[1], 'feed', 'post', post_id::text, min(created_at), max(created_at) from feed_report group by post_id`);
    this.addSql(`insert into kernel_report (id, case_id, reporter_id, reason, created_at)
      select distinct on (r.post_id, r.reporter_id) r.id, c.id, r.reporter_id, r.reason, r.created_at
        from feed_report r
        join kernel_report_case c on c.plugin = 'feed' and c.item_type = 'post' and c.item_id = r.post_id::text and c.status = 'open'
        join kernel_user u on u.id = r.reporter_id
       order by r.post_id, r.reporter_id, r.id`);
    this.addSql('drop table feed_report');
  }

  override async down(): Promise<void> {
    this.addSql('create table feed_report (id uuid primary key, post_id uuid not null references feed_post (id) on delete cascade, reporter_id uuid not null, reason text not null, created_at timestamptz not null default now())');
  }
}
