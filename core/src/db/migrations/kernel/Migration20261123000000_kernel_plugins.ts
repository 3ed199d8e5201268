import { Migration } from '@mikro-orm/migrations';

/** What the kernel remembers about each plugin between starts: drives install/upgrade/enable hooks. */
export class Migration20261123000000_kernel_plugins extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table kernel_plugin (
      name text primary key,
      version text not null,
      enabled boolean not null,
      installed_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table kernel_plugin');
  }
}
