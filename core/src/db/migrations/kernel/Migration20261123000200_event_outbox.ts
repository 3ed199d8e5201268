import { Migration } from '@mikro-orm/migrations';

/**
 * Events are written here first, in the emitter's transaction when there is one, and relayed to
 * the bus after commit: a rolled-back row never produces an event, and a crash between commit and
 * publish loses nothing (the next relay pass picks the row up).
 */
export class Migration20261123000200_event_outbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table kernel_event_outbox (
      id uuid primary key,
      name text not null,
      payload jsonb not null,
      emitted_by text not null,
      emitted_at timestamptz not null default now()
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table kernel_event_outbox');
  }
}
