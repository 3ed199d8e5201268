import type { Role } from '../plugins/manifest.js';
import type { Sql } from './sql.js';

export interface UserRow {
  id: string;
  username: string;
  email: string;
  display_name: string;
  password_hash: string;
  avatar_url: string | null;
  bio: string;
  language: string;
  timezone: string;
  role: Role;
  email_verified: boolean;
  suspended_at: Date | null;
  suspended_reason: string | null;
  failed_logins: number;
  locked_until: Date | null;
  created_at: Date;
  last_active_at: Date;
}

/** What anyone may see about a user. */
export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
  bio: string;
  verified: boolean;
  createdAt: string;
}

/** What the user sees about themselves. */
export interface PrivateUser extends PublicUser {
  email: string;
  language: string;
  timezone: string;
  role: Role;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  lastActiveAt: string;
}

export function toPublicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    avatarUrl: row.avatar_url,
    bio: row.bio,
    verified: row.email_verified,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export function toPrivateUser(row: UserRow, twoFactorEnabled: boolean): PrivateUser {
  return {
    ...toPublicUser(row),
    email: row.email,
    language: row.language,
    timezone: row.timezone,
    role: row.role,
    emailVerified: row.email_verified,
    twoFactorEnabled,
    lastActiveAt: new Date(row.last_active_at).toISOString(),
  };
}

export async function findUserById(sql: Sql, id: string): Promise<UserRow | undefined> {
  return (await sql<UserRow>('select * from kernel_user where id = ?', [id]))[0];
}

export async function findUserByLogin(sql: Sql, login: string): Promise<UserRow | undefined> {
  return (await sql<UserRow>('select * from kernel_user where lower(username) = lower(?) or lower(email) = lower(?) limit 1', [login, login]))[0];
}

export async function findUserByUsername(sql: Sql, username: string): Promise<UserRow | undefined> {
  return (await sql<UserRow>('select * from kernel_user where lower(username) = lower(?)', [username]))[0];
}

export async function twoFactorEnabled(sql: Sql, userId: string): Promise<boolean> {
  const rows = await sql('select 1 from kernel_two_factor where user_id = ? and enabled_at is not null', [userId]);
  return rows.length > 0;
}
