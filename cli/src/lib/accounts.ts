import type { Kernel } from '@petamigos/core';

/** Who the audit log records for changes made from the command line. */
export const CLI_ORIGIN = { ip: '127.0.0.1', device: 'petamigos cli' };

export type Role = 'user' | 'moderator' | 'admin';
export const ROLES: Role[] = ['user', 'moderator', 'admin'];

/** The sign-up route's rules (core/src/accounts/schemas.ts), which the service itself leaves to the route. */
export const USERNAME = /^[A-Za-z0-9_]{3,30}$/;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface UserRow {
  id: string;
  username: string;
  email: string;
  displayName: string;
  role: Role;
  emailVerified: boolean;
  suspended: boolean;
  createdAt: string;
  lastActiveAt: string;
}

export async function sql<Row>(kernel: Kernel, query: string, params: unknown[] = []): Promise<Row[]> {
  return kernel.db.orm.em.getConnection().execute(query, params as never[], 'all') as Promise<Row[]>;
}

export async function findUser(kernel: Kernel, username: string): Promise<{ id: string; username: string; role: Role } | undefined> {
  const [row] = await sql<{ id: string; username: string; role: Role }>(kernel, 'select id, username, role from kernel_user where lower(username) = lower(?)', [username]);
  return row;
}

export async function listUsers(kernel: Kernel, options: { role?: Role; limit: number; search?: string }): Promise<UserRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (options.role) {
    where.push('role = ?');
    params.push(options.role);
  }
  if (options.search) {
    where.push("(username ilike ? or email ilike ? or display_name ilike ?)");
    const like = `%${options.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params.push(like, like, like);
  }
  params.push(options.limit);
  const rows = await sql<{ id: string; username: string; email: string; display_name: string; role: Role; email_verified: boolean; suspended_at: Date | null; created_at: Date; last_active_at: Date }>(
    kernel,
    `select id, username, email, display_name, role, email_verified, suspended_at, created_at, last_active_at from kernel_user
      ${where.length > 0 ? `where ${where.join(' and ')}` : ''} order by created_at, id limit ?`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    email: r.email,
    displayName: r.display_name,
    role: r.role,
    emailVerified: r.email_verified,
    suspended: r.suspended_at !== null,
    createdAt: new Date(r.created_at).toISOString(),
    lastActiveAt: new Date(r.last_active_at).toISOString(),
  }));
}
