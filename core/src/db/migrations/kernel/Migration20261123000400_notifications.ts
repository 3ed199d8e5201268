import { Migration } from '@mikro-orm/migrations';

/** Notifications (grouped while unread) and each user's per-type delivery preferences. */
export class Migration20261123000400_notifications extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table kernel_notification (
      id uuid primary key,
      recipient_id uuid not null references kernel_user (id) on delete cascade,
      type text not null,
      actor_ids uuid[] not null default '{}',
      actor_count int not null default 0,
      target_type text not null default '',
      target_id text not null default '',
      text_key text not null,
      data jsonb not null default '{}',
      read_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql('create index kernel_notification_recipient on kernel_notification (recipient_id, updated_at desc, id desc)');
    // One unread notification per recipient, type and target: the next one joins it ("3 people reacted").
    this.addSql('create unique index kernel_notification_group on kernel_notification (recipient_id, type, target_type, target_id) where read_at is null');
    this.addSql(`create table kernel_notification_preference (
      user_id uuid not null references kernel_user (id) on delete cascade,
      type text not null,
      in_app boolean not null,
      email boolean not null,
      primary key (user_id, type)
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table kernel_notification_preference');
    this.addSql('drop table kernel_notification');
  }
}
