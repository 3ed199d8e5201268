import argon2 from 'argon2';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyBaseLogger } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { ResolvedConfig } from '../config/resolved.js';
import { HttpError } from '../http/errors.js';
import type { Role } from '../plugins/manifest.js';
import type { Mailer } from '../services/mail/index.js';
import { audit } from './audit.js';
import { deriveKey, randomToken, sha256 } from './crypto.js';
import { checkPassword } from './password-policy.js';
import type { PermissionRegistry } from './permissions.js';
import { SessionTokens, type IssuedTokens, type RequestOrigin } from './session-tokens.js';
import { sqlFor, transaction, type Sql } from './sql.js';
import { TwoFactor } from './two-factor.js';
import { findUserById, findUserByLogin, findUserByUsername, toPrivateUser, toPublicUser, type PrivateUser, type PublicUser, type UserRow } from './users.js';

/** The signed-in user as routes see it (`request.user`). */
export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  sessionId: string;
  emailVerified: boolean;
  /** The user's own language setting. */
  language: string;
}

export interface RegisterInput {
  username: string;
  email: string;
  password: string;
  displayName?: string;
  language?: string;
  timezone?: string;
}

export interface AccountHooks {
  /** Each enabled plugin's contribution to a user's data export, by plugin name. */
  exportUserData(userId: string): Promise<Record<string, unknown>>;
  /** Runs every enabled plugin's delete hook (dependents first). */
  deleteUserData(userId: string): Promise<void>;
}

const LOCK_AFTER_FAILURES = 5;
const MAX_LOCK_SECONDS = 15 * 60;
const VERIFY_EMAIL_HOURS = 24;
const RESET_PASSWORD_HOURS = 1;

/**
 * Accounts are kernel: sign-up, log-in with progressive lockout and 2FA, rotating sessions,
 * single-use mail tokens, roles, blocks, export and deletion. Routes and plugins use this facade.
 */
export class AccountsService {
  readonly tokens: SessionTokens;
  readonly twoFactor: TwoFactor;
  private readonly sql: Sql;
  // Verifying against a real hash when the user does not exist keeps response times the same,
  // so timing does not reveal which usernames exist.
  private readonly dummyHash: Promise<string>;
  private readonly hashOptions: { type: typeof argon2.argon2id; memoryCost: number; timeCost: number };

  constructor(
    private readonly orm: MikroORM,
    private readonly config: ResolvedConfig,
    secret: string,
    private readonly mailer: Mailer,
    readonly permissions: PermissionRegistry,
    private readonly hooks: AccountHooks,
    private readonly log: FastifyBaseLogger,
    /** Renders an account mail in the recipient's language (the kernel's translator). */
    private readonly renderMail: (locale: string, kind: 'verify_email' | 'reset_password', values: { name: string; site: string; link: string }) => { subject: string; text: string },
  ) {
    this.sql = sqlFor(orm);
    this.tokens = new SessionTokens(orm, secret);
    this.twoFactor = new TwoFactor(deriveKey(secret, 'two-factor'), config.site.name);
    this.hashOptions = { type: argon2.argon2id, memoryCost: config.accounts.passwordHashing.memoryKiB, timeCost: config.accounts.passwordHashing.iterations };
    this.dummyHash = argon2.hash(randomToken(16), this.hashOptions);
  }

  // ---------------------------------------------------------------- sign-up and profile

  async register(input: RegisterInput, origin: RequestOrigin, options: { role?: Role; bypassRegistrationRule?: boolean } = {}): Promise<{ user: PrivateUser; tokens: IssuedTokens | null }> {
    if (this.config.accounts.registration === 'closed' && !options.bypassRegistrationRule) {
      throw new HttpError(403, 'REGISTRATION_CLOSED', 'Sign-up is closed on this community; ask an admin for an account.');
    }
    checkPassword(input.password, { username: input.username, email: input.email, minLength: this.config.accounts.passwordMinLength });
    const passwordHash = await argon2.hash(input.password, this.hashOptions);
    const { user, tokens } = await transaction(this.orm, async (sql) => {
      // Serialises sign-ups only for the "first user becomes admin" decision, so two racing first sign-ups cannot both be admin.
      await sql("select pg_advisory_xact_lock(hashtext('petamigos:first-user'))");
      let role: Role = options.role ?? 'user';
      if (!options.role && this.config.accounts.firstUserIsAdmin) {
        const [count] = await sql<{ n: number }>('select count(*)::int as n from kernel_user');
        if (count!.n === 0) role = 'admin';
      }
      const taken = await sql<{ username: string }>('select username from kernel_user where lower(username) = lower(?) or lower(email) = lower(?)', [input.username, input.email]);
      if (taken.length > 0) {
        const field = taken.some((t) => t.username.toLowerCase() === input.username.toLowerCase()) ? 'username' : 'email';
        throw new HttpError(409, field === 'username' ? 'USERNAME_TAKEN' : 'EMAIL_TAKEN', field === 'username' ? 'That username is taken.' : 'An account with that email already exists.', { field });
      }
      const id = uuidv7();
      await sql(
        `insert into kernel_user (id, username, email, display_name, password_hash, language, timezone, role)
         values (?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, input.username, input.email.trim(), input.displayName?.trim() || input.username, passwordHash, input.language ?? this.config.site.defaultLocale, input.timezone ?? 'UTC', role],
      );
      await audit(sql, { actorId: id, action: 'auth.register', targetType: 'user', targetId: id, ip: origin.ip, details: { role } });
      const row = (await findUserById(sql, id))!;
      const issued = this.config.accounts.requireEmailVerification ? null : await this.tokens.startSession(sql, id, origin);
      return { user: row, tokens: issued };
    });
    await this.requestEmailVerification(user.id);
    return { user: toPrivateUser(user, false), tokens };
  }

  async getUser(id: string): Promise<UserRow | undefined> {
    return findUserById(this.sql, id);
  }

  async getPrivateUser(id: string): Promise<PrivateUser> {
    const row = await findUserById(this.sql, id);
    if (!row) throw new HttpError(404, 'USER_NOT_FOUND', 'No such user.');
    return toPrivateUser(row, await this.twoFactor.isEnabled(this.sql, id));
  }

  /** A public profile, as seen by `viewerId`: someone who blocked the viewer does not exist for them. */
  async getPublicProfile(username: string, viewerId: string | null): Promise<PublicUser> {
    const row = await findUserByUsername(this.sql, username);
    if (!row || row.suspended_at || (viewerId && (await this.isBlocked(row.id, viewerId)))) throw new HttpError(404, 'USER_NOT_FOUND', 'No such user.');
    return toPublicUser(row);
  }

  async findPublicUser(username: string): Promise<PublicUser | undefined> {
    const row = await findUserByUsername(this.sql, username);
    return row && !row.suspended_at ? toPublicUser(row) : undefined;
  }

  async getPublicUsers(ids: string[]): Promise<PublicUser[]> {
    if (ids.length === 0) return [];
    const rows = await this.sql<UserRow>(`select * from kernel_user where id in (${ids.map(() => '?').join(', ')})`, ids);
    return rows.map(toPublicUser);
  }

  async updateProfile(id: string, patch: { displayName?: string; bio?: string; avatarUrl?: string | null; language?: string; timezone?: string }): Promise<PrivateUser> {
    const columns: Record<string, unknown> = {
      display_name: patch.displayName?.trim(),
      bio: patch.bio,
      avatar_url: patch.avatarUrl,
      language: patch.language,
      timezone: patch.timezone,
    };
    const set = Object.entries(columns).filter(([, v]) => v !== undefined);
    if (set.length > 0) await this.sql(`update kernel_user set ${set.map(([k]) => `${k} = ?`).join(', ')} where id = ?`, [...set.map(([, v]) => v), id]);
    return this.getPrivateUser(id);
  }

  // ---------------------------------------------------------------- log-in and sessions

  async login(input: { login: string; password: string; code?: string; recoveryCode?: string }, origin: RequestOrigin): Promise<{ user: PrivateUser; tokens: IssuedTokens }> {
    const user = await findUserByLogin(this.sql, input.login);
    if (!user) {
      await argon2.verify(await this.dummyHash, input.password);
      throw new HttpError(401, 'INVALID_CREDENTIALS', 'Wrong username/email or password.');
    }
    if (user.locked_until && new Date(user.locked_until) > new Date()) {
      const retryAfter = Math.ceil((new Date(user.locked_until).getTime() - Date.now()) / 1000);
      throw new HttpError(429, 'TOO_MANY_FAILED_LOGINS', `Too many failed attempts; try again in ${retryAfter} s.`, { retryAfter });
    }
    if (!(await argon2.verify(user.password_hash, input.password))) {
      await this.recordFailure(user, origin, 'password');
      throw new HttpError(401, 'INVALID_CREDENTIALS', 'Wrong username/email or password.');
    }
    if (user.suspended_at) {
      await audit(this.sql, { actorId: user.id, action: 'auth.login.refused_suspended', targetType: 'user', targetId: user.id, ip: origin.ip });
      throw new HttpError(403, 'ACCOUNT_SUSPENDED', `This account is suspended${user.suspended_reason ? `: ${user.suspended_reason}` : ''}.`);
    }
    if (this.config.accounts.requireEmailVerification && !user.email_verified) {
      throw new HttpError(403, 'EMAIL_NOT_VERIFIED', 'Confirm your email address first; we sent you a link.');
    }
    let usedRecoveryCode = false;
    if (await this.twoFactor.isEnabled(this.sql, user.id)) {
      if (!input.code && !input.recoveryCode) {
        throw new HttpError(401, 'TWO_FACTOR_REQUIRED', 'Enter the code from your authenticator app (or a recovery code).');
      }
      const method = await this.twoFactor.verify(this.sql, user, { code: input.code, recoveryCode: input.recoveryCode });
      if (!method) {
        await this.recordFailure(user, origin, 'two_factor');
        throw new HttpError(401, 'INVALID_TWO_FACTOR_CODE', 'That code is not valid (recovery codes work only once).');
      }
      usedRecoveryCode = method === 'recovery';
    }
    const tokens = await transaction(this.orm, async (sql) => {
      await sql('update kernel_user set failed_logins = 0, locked_until = null, last_active_at = now() where id = ?', [user.id]);
      await audit(sql, { actorId: user.id, action: 'auth.login', targetType: 'user', targetId: user.id, ip: origin.ip, details: usedRecoveryCode ? { recoveryCode: true } : {} });
      return this.tokens.startSession(sql, user.id, origin);
    });
    return { user: await this.getPrivateUser(user.id), tokens };
  }

  /** After five failures the account waits 30 s, then twice as long after each further one (max 15 min). */
  private async recordFailure(user: UserRow, origin: RequestOrigin, factor: 'password' | 'two_factor'): Promise<void> {
    const failures = user.failed_logins + 1;
    const lockSeconds = failures >= LOCK_AFTER_FAILURES ? Math.min(MAX_LOCK_SECONDS, 30 * 2 ** (failures - LOCK_AFTER_FAILURES)) : 0;
    await this.sql(`update kernel_user set failed_logins = failed_logins + 1, locked_until = ${lockSeconds ? `now() + interval '${lockSeconds} seconds'` : 'locked_until'} where id = ?`, [user.id]);
    await audit(this.sql, { actorId: null, action: 'auth.login.failed', targetType: 'user', targetId: user.id, ip: origin.ip, details: { factor, failures, lockSeconds } });
  }

  /** Resolves an access token to the signed-in user, refusing revoked sessions and suspended accounts at once. */
  async authenticate(accessToken: string): Promise<AuthUser> {
    const claims = this.tokens.verifyAccessToken(accessToken);
    const [row] = await this.sql<{ id: string; username: string; role: Role; email_verified: boolean; language: string; suspended_at: Date | null; revoked_at: Date | null; last_active_at: Date }>(
      `select u.id, u.username, u.role, u.email_verified, u.language, u.suspended_at, u.last_active_at, s.revoked_at
         from kernel_session s join kernel_user u on u.id = s.user_id where s.id = ? and u.id = ?`,
      [claims.sid, claims.sub],
    );
    if (!row || row.revoked_at) throw new HttpError(401, 'SESSION_REVOKED', 'This session was signed out; log in again.');
    if (row.suspended_at) throw new HttpError(403, 'ACCOUNT_SUSPENDED', 'This account is suspended.');
    if (Date.now() - new Date(row.last_active_at).getTime() > 5 * 60_000) {
      await this.sql('update kernel_user set last_active_at = now() where id = ?', [row.id]);
    }
    return { id: row.id, username: row.username, role: row.role, sessionId: claims.sid, emailVerified: row.email_verified, language: row.language };
  }

  refresh(refreshToken: string, origin: RequestOrigin): Promise<IssuedTokens> {
    return this.tokens.refresh(refreshToken, origin);
  }

  async listSessions(userId: string, currentSessionId: string | null) {
    const rows = await this.sql<{ id: string; device: string; ip: string; created_at: Date; last_used_at: Date; expires_at: Date }>(
      'select id, device, ip, created_at, last_used_at, expires_at from kernel_session where user_id = ? and revoked_at is null and expires_at > now() order by last_used_at desc',
      [userId],
    );
    return rows.map((r) => ({
      id: r.id,
      device: r.device,
      ip: r.ip,
      createdAt: new Date(r.created_at).toISOString(),
      lastUsedAt: new Date(r.last_used_at).toISOString(),
      expiresAt: new Date(r.expires_at).toISOString(),
      current: r.id === currentSessionId,
    }));
  }

  /** Revokes one of the user's own sessions; someone else's session is reported as not found. */
  async revokeSession(userId: string, sessionId: string, origin: RequestOrigin, reason = 'signed_out'): Promise<void> {
    const revoked = await this.sql('update kernel_session set revoked_at = now(), revoked_reason = ? where id = ? and user_id = ? and revoked_at is null returning id', [reason, sessionId, userId]);
    if (revoked.length === 0) throw new HttpError(404, 'SESSION_NOT_FOUND', 'No such session.');
    await audit(this.sql, { actorId: userId, action: 'auth.session.revoked', targetType: 'session', targetId: sessionId, ip: origin.ip, details: { reason } });
  }

  async revokeAllSessions(sql: Sql, userId: string, reason: string, exceptSessionId: string | null = null): Promise<number> {
    const rows = await sql('update kernel_session set revoked_at = now(), revoked_reason = ? where user_id = ? and revoked_at is null and id is distinct from ? returning id', [reason, userId, exceptSessionId]);
    return rows.length;
  }

  async changePassword(user: AuthUser, input: { currentPassword: string; newPassword: string }, origin: RequestOrigin): Promise<{ revokedSessions: number }> {
    const row = (await findUserById(this.sql, user.id))!;
    if (!(await argon2.verify(row.password_hash, input.currentPassword))) throw new HttpError(400, 'WRONG_PASSWORD', 'The current password is not right.', { field: 'currentPassword' });
    checkPassword(input.newPassword, { username: row.username, email: row.email, minLength: this.config.accounts.passwordMinLength });
    const hash = await argon2.hash(input.newPassword, this.hashOptions);
    return transaction(this.orm, async (sql) => {
      await sql('update kernel_user set password_hash = ? where id = ?', [hash, user.id]);
      const revokedSessions = await this.revokeAllSessions(sql, user.id, 'password_changed', user.sessionId);
      await audit(sql, { actorId: user.id, action: 'auth.password.changed', targetType: 'user', targetId: user.id, ip: origin.ip, details: { revokedSessions } });
      return { revokedSessions };
    });
  }

  // ---------------------------------------------------------------- mail flows

  async requestEmailVerification(userId: string): Promise<void> {
    const user = await findUserById(this.sql, userId);
    if (!user || user.email_verified) return;
    const token = await this.issueUserToken(user.id, 'verify_email', VERIFY_EMAIL_HOURS);
    const link = `${this.config.site.publicUrl}/verify-email?token=${token}`;
    await this.mailer.send({ to: user.email, ...this.renderMail(user.language, 'verify_email', { name: user.display_name, site: this.config.site.name, link }) });
  }

  async verifyEmail(token: string, origin: RequestOrigin): Promise<void> {
    const userId = await this.consumeUserToken(token, 'verify_email');
    await this.sql('update kernel_user set email_verified = true where id = ?', [userId]);
    await audit(this.sql, { actorId: userId, action: 'auth.email.verified', targetType: 'user', targetId: userId, ip: origin.ip });
  }

  /** Always answers the same way, whether or not the address has an account. */
  async requestPasswordReset(email: string, origin: RequestOrigin): Promise<void> {
    const [user] = await this.sql<UserRow>('select * from kernel_user where lower(email) = lower(?)', [email]);
    if (!user) return;
    const token = await this.issueUserToken(user.id, 'reset_password', RESET_PASSWORD_HOURS);
    const link = `${this.config.site.publicUrl}/reset-password?token=${token}`;
    await this.mailer.send({ to: user.email, ...this.renderMail(user.language, 'reset_password', { name: user.display_name, site: this.config.site.name, link }) });
    await audit(this.sql, { actorId: null, action: 'auth.password.reset_requested', targetType: 'user', targetId: user.id, ip: origin.ip });
  }

  async resetPassword(token: string, newPassword: string, origin: RequestOrigin): Promise<void> {
    const [pending] = await this.sql<{ user_id: string }>("select user_id from kernel_user_token where token_hash = ? and purpose = 'reset_password' and used_at is null and expires_at > now()", [sha256(token)]);
    if (!pending) throw new HttpError(400, 'INVALID_TOKEN', 'This link is not valid any more; ask for a new one.');
    const user = (await findUserById(this.sql, pending.user_id))!;
    // Checked before the token is spent, so a weak new password does not burn the link.
    checkPassword(newPassword, { username: user.username, email: user.email, minLength: this.config.accounts.passwordMinLength });
    const hash = await argon2.hash(newPassword, this.hashOptions);
    await transaction(this.orm, async (sql) => {
      const userId = await this.consumeUserToken(token, 'reset_password', sql);
      await sql('update kernel_user set password_hash = ?, failed_logins = 0, locked_until = null where id = ?', [hash, userId]);
      const revokedSessions = await this.revokeAllSessions(sql, userId, 'password_reset');
      await audit(sql, { actorId: userId, action: 'auth.password.reset', targetType: 'user', targetId: userId, ip: origin.ip, details: { revokedSessions } });
    });
  }

  private async issueUserToken(userId: string, purpose: 'verify_email' | 'reset_password', hours: number): Promise<string> {
    const token = randomToken(32);
    await this.sql(`insert into kernel_user_token (token_hash, user_id, purpose, expires_at) values (?, ?, ?, now() + interval '${hours} hours')`, [sha256(token), userId, purpose]);
    return token;
  }

  /** Spends a mail token atomically: of two simultaneous uses, exactly one succeeds. */
  private async consumeUserToken(token: string, purpose: 'verify_email' | 'reset_password', sql: Sql = this.sql): Promise<string> {
    const [row] = await sql<{ user_id: string }>(
      'update kernel_user_token set used_at = now() where token_hash = ? and purpose = ? and used_at is null and expires_at > now() returning user_id',
      [sha256(token), purpose],
    );
    if (!row) throw new HttpError(400, 'INVALID_TOKEN', 'This link is not valid any more; ask for a new one.');
    return row.user_id;
  }

  // ---------------------------------------------------------------- two-factor

  async beginTwoFactor(user: AuthUser) {
    return this.twoFactor.begin(this.sql, user);
  }

  async confirmTwoFactor(user: AuthUser, code: string, origin: RequestOrigin): Promise<string[]> {
    const codes = await this.twoFactor.confirm(this.sql, user, code);
    await audit(this.sql, { actorId: user.id, action: 'auth.2fa.enabled', targetType: 'user', targetId: user.id, ip: origin.ip });
    return codes;
  }

  async disableTwoFactor(user: AuthUser, input: { code?: string; recoveryCode?: string }, origin: RequestOrigin): Promise<void> {
    if (!(await this.twoFactor.isEnabled(this.sql, user.id))) throw new HttpError(409, 'TWO_FACTOR_NOT_ENABLED', 'Two-factor authentication is not on.');
    if (!(await this.twoFactor.verify(this.sql, user, input))) throw new HttpError(400, 'INVALID_TWO_FACTOR_CODE', 'That code is not valid (recovery codes work only once).');
    await this.twoFactor.disable(this.sql, user.id);
    await audit(this.sql, { actorId: user.id, action: 'auth.2fa.disabled', targetType: 'user', targetId: user.id, ip: origin.ip });
  }

  // ---------------------------------------------------------------- roles and moderation

  async setRole(actor: AuthUser | null, userId: string, role: Role, origin: RequestOrigin): Promise<PrivateUser> {
    const target = await findUserById(this.sql, userId);
    if (!target) throw new HttpError(404, 'USER_NOT_FOUND', 'No such user.');
    if (actor?.id === userId && role !== 'admin') {
      const [admins] = await this.sql<{ n: number }>("select count(*)::int as n from kernel_user where role = 'admin' and suspended_at is null");
      if (admins!.n <= 1) throw new HttpError(409, 'LAST_ADMIN', 'You are the last admin; promote someone else first.');
    }
    await this.sql('update kernel_user set role = ? where id = ?', [role, userId]);
    await audit(this.sql, { actorId: actor?.id ?? null, action: 'admin.user.role_changed', targetType: 'user', targetId: userId, ip: origin.ip, details: { from: target.role, to: role } });
    return this.getPrivateUser(userId);
  }

  async suspend(actor: AuthUser | null, userId: string, reason: string, origin: RequestOrigin): Promise<void> {
    const target = await findUserById(this.sql, userId);
    if (!target) throw new HttpError(404, 'USER_NOT_FOUND', 'No such user.');
    if (actor?.id === userId) throw new HttpError(409, 'CANNOT_SUSPEND_SELF', 'You cannot suspend yourself.');
    await transaction(this.orm, async (sql) => {
      await sql('update kernel_user set suspended_at = now(), suspended_reason = ? where id = ?', [reason, userId]);
      const revokedSessions = await this.revokeAllSessions(sql, userId, 'suspended');
      await audit(sql, { actorId: actor?.id ?? null, action: 'admin.user.suspended', targetType: 'user', targetId: userId, ip: origin.ip, details: { reason, revokedSessions } });
    });
  }

  async unsuspend(actor: AuthUser | null, userId: string, origin: RequestOrigin): Promise<void> {
    const updated = await this.sql('update kernel_user set suspended_at = null, suspended_reason = null where id = ? returning id', [userId]);
    if (updated.length === 0) throw new HttpError(404, 'USER_NOT_FOUND', 'No such user.');
    await audit(this.sql, { actorId: actor?.id ?? null, action: 'admin.user.unsuspended', targetType: 'user', targetId: userId, ip: origin.ip });
  }

  async grantPermission(actor: AuthUser, role: Role, permission: string, grant: boolean, origin: RequestOrigin): Promise<void> {
    if (!this.permissions.isDeclared(permission)) throw new HttpError(404, 'PERMISSION_NOT_FOUND', `No plugin declares the permission ${permission}.`);
    if (grant) await this.sql('insert into kernel_role_permission (role, permission, granted_by) values (?, ?, ?) on conflict do nothing', [role, permission, actor.id]);
    else await this.sql('delete from kernel_role_permission where role = ? and permission = ?', [role, permission]);
    await this.permissions.load(this.sql);
    await audit(this.sql, { actorId: actor.id, action: grant ? 'admin.permission.granted' : 'admin.permission.revoked', targetType: 'role', targetId: role, ip: origin.ip, details: { permission } });
  }

  // ---------------------------------------------------------------- blocks

  async block(blockerId: string, username: string, origin: RequestOrigin): Promise<void> {
    const target = await findUserByUsername(this.sql, username);
    if (!target) throw new HttpError(404, 'USER_NOT_FOUND', 'No such user.');
    if (target.id === blockerId) throw new HttpError(400, 'CANNOT_BLOCK_SELF', 'You cannot block yourself.');
    await this.sql('insert into kernel_block (blocker_id, blocked_id) values (?, ?) on conflict do nothing', [blockerId, target.id]);
    await audit(this.sql, { actorId: blockerId, action: 'user.blocked', targetType: 'user', targetId: target.id, ip: origin.ip });
  }

  async unblock(blockerId: string, username: string): Promise<void> {
    const target = await findUserByUsername(this.sql, username);
    if (!target) throw new HttpError(404, 'USER_NOT_FOUND', 'No such user.');
    await this.sql('delete from kernel_block where blocker_id = ? and blocked_id = ?', [blockerId, target.id]);
  }

  /** True when either user blocked the other: blocking hides both ways. */
  async isBlocked(a: string, b: string): Promise<boolean> {
    const rows = await this.sql('select 1 from kernel_block where (blocker_id = ? and blocked_id = ?) or (blocker_id = ? and blocked_id = ?) limit 1', [a, b, b, a]);
    return rows.length > 0;
  }

  /** Everyone `userId` must not see: people they blocked and people who blocked them. */
  async hiddenUserIds(userId: string): Promise<string[]> {
    const rows = await this.sql<{ id: string }>('select blocked_id as id from kernel_block where blocker_id = ? union select blocker_id from kernel_block where blocked_id = ?', [userId, userId]);
    return rows.map((r) => r.id);
  }

  async listBlocked(userId: string): Promise<PublicUser[]> {
    const rows = await this.sql<UserRow>('select u.* from kernel_block b join kernel_user u on u.id = b.blocked_id where b.blocker_id = ? order by b.created_at desc', [userId]);
    return rows.map(toPublicUser);
  }

  // ---------------------------------------------------------------- privacy

  async exportData(userId: string): Promise<Record<string, unknown>> {
    const user = await this.getPrivateUser(userId);
    const sessions = await this.listSessions(userId, null);
    const securityEvents = await this.sql('select at, action, ip, details from kernel_audit_log where actor_id = ? or target_id = ? order by id', [userId, userId]);
    const blocked = (await this.listBlocked(userId)).map((u) => u.username);
    return {
      format: 'petamigos-export/1',
      exportedAt: new Date().toISOString(),
      site: this.config.site.name,
      account: user,
      sessions,
      blocked,
      securityEvents,
      plugins: await this.hooks.exportUserData(userId),
    };
  }

  /** Plugins delete or anonymise first; the account goes last, so a failure can be retried safely. */
  async deleteAccount(user: AuthUser, input: { password: string; code?: string; recoveryCode?: string }, origin: RequestOrigin): Promise<void> {
    const row = (await findUserById(this.sql, user.id))!;
    if (!(await argon2.verify(row.password_hash, input.password))) throw new HttpError(400, 'WRONG_PASSWORD', 'The password is not right.', { field: 'password' });
    if ((await this.twoFactor.isEnabled(this.sql, user.id)) && !(await this.twoFactor.verify(this.sql, user, input))) {
      throw new HttpError(400, 'INVALID_TWO_FACTOR_CODE', 'Confirm with a code from your authenticator app.');
    }
    await this.hooks.deleteUserData(user.id);
    await transaction(this.orm, async (sql) => {
      await sql('update kernel_audit_log set actor_id = null where actor_id = ?', [user.id]);
      await sql('delete from kernel_user where id = ?', [user.id]);
      await audit(sql, { actorId: null, action: 'user.deleted', targetType: 'user', targetId: user.id, ip: origin.ip });
    });
    this.log.info({ userId: user.id }, 'account deleted');
  }
}
