import { Migration } from '@mikro-orm/migrations';

/** Accounts: users, sessions (refresh-token families), single-use mail tokens, 2FA, roles, audit, blocks, mail outbox. */
export class Migration20261123000100_accounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table kernel_user (
      id uuid primary key,
      username text not null,
      email text not null,
      display_name text not null,
      password_hash text not null,
      avatar_url text,
      bio text not null default '',
      language text not null,
      timezone text not null default 'UTC',
      role text not null default 'user' check (role in ('user', 'moderator', 'admin')),
      email_verified boolean not null default false,
      suspended_at timestamptz,
      suspended_reason text,
      failed_logins int not null default 0,
      locked_until timestamptz,
      created_at timestamptz not null default now(),
      last_active_at timestamptz not null default now()
    )`);
    // Unique regardless of letter case: "Firulais" and "firulais" are the same person.
    this.addSql('create unique index kernel_user_username_ci on kernel_user (lower(username))');
    this.addSql('create unique index kernel_user_email_ci on kernel_user (lower(email))');

    this.addSql(`create table kernel_session (
      id uuid primary key,
      user_id uuid not null references kernel_user (id) on delete cascade,
      device text not null default '',
      ip text not null default '',
      created_at timestamptz not null default now(),
      last_used_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      revoked_reason text
    )`);
    this.addSql('create index kernel_session_user on kernel_session (user_id) where revoked_at is null');
    // Every refresh token ever issued for a session; a used one presented again means theft.
    this.addSql(`create table kernel_refresh_token (
      token_hash text primary key,
      session_id uuid not null references kernel_session (id) on delete cascade,
      created_at timestamptz not null default now(),
      used_at timestamptz
    )`);

    this.addSql(`create table kernel_user_token (
      token_hash text primary key,
      user_id uuid not null references kernel_user (id) on delete cascade,
      purpose text not null check (purpose in ('verify_email', 'reset_password')),
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    )`);

    this.addSql(`create table kernel_two_factor (
      user_id uuid primary key references kernel_user (id) on delete cascade,
      secret_encrypted text not null,
      enabled_at timestamptz,
      last_used_step bigint not null default 0,
      created_at timestamptz not null default now()
    )`);
    this.addSql(`create table kernel_recovery_code (
      code_hash text primary key,
      user_id uuid not null references kernel_user (id) on delete cascade,
      used_at timestamptz
    )`);

    this.addSql(`create table kernel_role_permission (
      role text not null check (role in ('user', 'moderator', 'admin')),
      permission text not null,
      granted_by uuid,
      granted_at timestamptz not null default now(),
      primary key (role, permission)
    )`);

    this.addSql(`create table kernel_audit_log (
      id uuid primary key,
      at timestamptz not null default now(),
      actor_id uuid,
      action text not null,
      target_type text,
      target_id text,
      ip text,
      details jsonb not null default '{}'
    )`);
    this.addSql('create index kernel_audit_log_action on kernel_audit_log (action, id desc)');
    this.addSql('create index kernel_audit_log_actor on kernel_audit_log (actor_id, id desc)');

    this.addSql(`create table kernel_block (
      blocker_id uuid not null references kernel_user (id) on delete cascade,
      blocked_id uuid not null references kernel_user (id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (blocker_id, blocked_id)
    )`);
    this.addSql('create index kernel_block_blocked on kernel_block (blocked_id)');

    this.addSql(`create table kernel_mail_outbox (
      id uuid primary key,
      to_address text not null,
      subject text not null,
      text_body text not null,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      attempts int not null default 0,
      last_error text
    )`);

    this.addSql(`create table kernel_setting (
      key text primary key,
      value text not null,
      updated_at timestamptz not null default now()
    )`);
  }

  override async down(): Promise<void> {
    for (const table of ['kernel_setting', 'kernel_mail_outbox', 'kernel_block', 'kernel_audit_log', 'kernel_role_permission', 'kernel_recovery_code', 'kernel_two_factor', 'kernel_user_token', 'kernel_refresh_token', 'kernel_session', 'kernel_user']) {
      this.addSql(`drop table ${table}`);
    }
  }
}
