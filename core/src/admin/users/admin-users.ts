import type { MikroORM } from '@mikro-orm/postgresql';
import type { AccountsService, AuthUser } from '../../accounts/accounts-service.js';
import { audit } from '../../accounts/audit.js';
import type { RequestOrigin } from '../../accounts/session-tokens.js';
import { sqlFor, transaction, type Sql } from '../../accounts/sql.js';
import type { UserRow } from '../../accounts/users.js';
import { HttpError } from '../../http/errors.js';
import type { Role } from '../../plugins/manifest.js';

export interface AdminUserSummary {
  id: string;
  username: string;
  displayName: string;
  email: string;
  avatarUrl: string | null;
  role: Role;
  status: 'active' | 'suspended';
  emailVerified: boolean;
  createdAt: string;
  lastActiveAt: string;
}

export interface AdminUserDetail extends AdminUserSummary {
  bio: string;
  language: string;
  timezone: string;
  suspension: { at: string; reason: string | null } | null;
  twoFactorEnabled: boolean;
  /** Sessions that are neither revoked nor expired. */
  activeSessions: number;
  lockedUntil: string | null;
}

export interface UserSearch {
  q?: string;
  role?: Role;
  status?: 'active' | 'suspended';
  cursor?: string;
  limit: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * What admins see and do to accounts beyond what AccountsService already offers (roles and
 * suspensions live there): search, a full view, signing someone out everywhere, resetting 2FA.
 */
export class AdminUsers {
  private readonly sql: Sql;

  constructor(private readonly orm: MikroORM, private readonly accounts: AccountsService) {
    this.sql = sqlFor(orm);
  }

  /** Newest accounts first; `q` matches username, email or display name anywhere, ignoring case. */
  async search(search: UserSearch): Promise<{ items: AdminUserSummary[]; nextCursor: string | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (search.q?.trim()) {
      const like = `%${search.q.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push('(lower(username) like ? or lower(email) like ? or lower(display_name) like ?)');
      params.push(like, like, like);
    }
    if (search.role) where.push('role = ?') && params.push(search.role);
    if (search.status === 'active') where.push('suspended_at is null');
    if (search.status === 'suspended') where.push('suspended_at is not null');
    if (search.cursor) {
      const before = Buffer.from(search.cursor, 'base64url').toString('utf8');
      if (!UUID.test(before)) throw new HttpError(400, 'INVALID_CURSOR', 'The cursor is not one this endpoint gave out.');
      where.push('id < ?') && params.push(before);
    }
    params.push(search.limit + 1);
    const rows = await this.sql<UserRow>(`select * from kernel_user ${where.length ? `where ${where.join(' and ')}` : ''} order by id desc limit ?`, params);
    const items = rows.slice(0, search.limit).map(toSummary);
    return { items, nextCursor: rows.length > search.limit ? Buffer.from(items[items.length - 1]!.id).toString('base64url') : null };
  }

  async detail(id: string): Promise<AdminUserDetail> {
    const row = await this.accounts.getUser(id);
    if (!row) throw new HttpError(404, 'USER_NOT_FOUND', 'No such user.');
    const [sessions] = await this.sql<{ n: number }>('select count(*)::int as n from kernel_session where user_id = ? and revoked_at is null and expires_at > now()', [id]);
    return {
      ...toSummary(row),
      bio: row.bio,
      language: row.language,
      timezone: row.timezone,
      suspension: row.suspended_at ? { at: new Date(row.suspended_at).toISOString(), reason: row.suspended_reason } : null,
      twoFactorEnabled: await this.accounts.twoFactor.isEnabled(this.sql, id),
      activeSessions: sessions!.n,
      lockedUntil: row.locked_until && new Date(row.locked_until) > new Date() ? new Date(row.locked_until).toISOString() : null,
    };
  }

  /** Revokes every session, and with them every refresh token: the next request of each device gets 401. */
  async signOutEverywhere(actor: AuthUser, id: string, origin: RequestOrigin): Promise<number> {
    if (!(await this.accounts.getUser(id))) throw new HttpError(404, 'USER_NOT_FOUND', 'No such user.');
    return transaction(this.orm, async (sql) => {
      const revokedSessions = await this.accounts.revokeAllSessions(sql, id, 'admin_sign_out');
      await audit(sql, { actorId: actor.id, action: 'admin.user.signed_out', targetType: 'user', targetId: id, ip: origin.ip, details: { revokedSessions } });
      return revokedSessions;
    });
  }

  /** For someone who lost their authenticator and their recovery codes: they log in with the password alone and may enrol again. */
  async resetTwoFactor(actor: AuthUser, id: string, origin: RequestOrigin): Promise<void> {
    if (!(await this.accounts.getUser(id))) throw new HttpError(404, 'USER_NOT_FOUND', 'No such user.');
    if (!(await this.accounts.twoFactor.isEnabled(this.sql, id))) throw new HttpError(409, 'TWO_FACTOR_NOT_ENABLED', 'Two-factor authentication is not on.');
    await transaction(this.orm, async (sql) => {
      await this.accounts.twoFactor.disable(sql, id);
      await audit(sql, { actorId: actor.id, action: 'admin.user.two_factor_reset', targetType: 'user', targetId: id, ip: origin.ip });
    });
  }
}

function toSummary(row: UserRow): AdminUserSummary {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    avatarUrl: row.avatar_url,
    role: row.role,
    status: row.suspended_at ? 'suspended' : 'active',
    emailVerified: row.email_verified,
    createdAt: new Date(row.created_at).toISOString(),
    lastActiveAt: new Date(row.last_active_at).toISOString(),
  };
}
