import { createSigner, createVerifier } from 'fast-jwt';
import { v7 as uuidv7 } from 'uuid';
import { HttpError } from '../http/errors.js';
import { audit } from './audit.js';
import { deriveKey, randomToken, sha256 } from './crypto.js';
import { transaction, type Sql } from './sql.js';
import type { MikroORM } from '@mikro-orm/postgresql';

export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const REFRESH_TOKEN_DAYS = 7;

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  sessionId: string;
}

export interface AccessClaims {
  sub: string;
  sid: string;
}

export interface RequestOrigin {
  ip: string;
  device: string;
}

/**
 * Access tokens are short-lived JWTs (HS256 only: `alg: none` and every other algorithm are
 * refused). Refresh tokens are opaque, stored hashed, and rotate on every use; presenting one that
 * was already used means it was copied, so the whole session (its token family) is revoked.
 */
export class SessionTokens {
  private readonly sign: (claims: AccessClaims) => string;
  private readonly verify: (token: string) => AccessClaims;

  constructor(private readonly orm: MikroORM, secret: string) {
    const key = deriveKey(secret, 'access-token');
    this.sign = createSigner({ key, algorithm: 'HS256', expiresIn: ACCESS_TOKEN_SECONDS * 1000, iss: 'petamigos' }) as (c: AccessClaims) => string;
    this.verify = createVerifier({ key, algorithms: ['HS256'], allowedIss: 'petamigos', cache: false }) as (t: string) => AccessClaims;
  }

  /** Verifies signature, algorithm, issuer and expiry; throws 401 for anything else. */
  verifyAccessToken(token: string): AccessClaims {
    try {
      const claims = this.verify(token);
      if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') throw new Error('missing claims');
      return claims;
    } catch (error) {
      const expired = (error as { code?: string }).code === 'FAST_JWT_EXPIRED';
      throw new HttpError(401, expired ? 'TOKEN_EXPIRED' : 'INVALID_TOKEN', expired ? 'The access token has expired; refresh it.' : 'The access token is not valid.');
    }
  }

  async startSession(sql: Sql, userId: string, origin: RequestOrigin): Promise<IssuedTokens> {
    const sessionId = uuidv7();
    await sql(`insert into kernel_session (id, user_id, device, ip, expires_at) values (?, ?, ?, ?, now() + interval '${REFRESH_TOKEN_DAYS} days')`, [
      sessionId, userId, origin.device.slice(0, 300), origin.ip,
    ]);
    return this.issue(sql, userId, sessionId);
  }

  /** Rotates a refresh token. Reuse of a spent token revokes the session and is audited. */
  async refresh(refreshToken: string, origin: RequestOrigin): Promise<IssuedTokens> {
    const outcome = await transaction(this.orm, async (sql) => {
      const [row] = await sql<{ session_id: string; used_at: Date | null; user_id: string; revoked_at: Date | null; expired: boolean; suspended: boolean }>(
        `select t.session_id, t.used_at, s.user_id, s.revoked_at, s.expires_at < now() as expired, u.suspended_at is not null as suspended
           from kernel_refresh_token t join kernel_session s on s.id = t.session_id join kernel_user u on u.id = s.user_id
          where t.token_hash = ? for update of t, s`,
        [sha256(refreshToken)],
      );
      if (!row) return { error: new HttpError(401, 'INVALID_REFRESH_TOKEN', 'The refresh token is not valid.') };
      if (row.revoked_at) return { error: new HttpError(401, 'SESSION_REVOKED', 'This session was signed out.') };
      if (row.used_at) {
        await sql("update kernel_session set revoked_at = now(), revoked_reason = 'refresh_token_reuse' where id = ?", [row.session_id]);
        await audit(sql, { actorId: row.user_id, action: 'auth.session.reuse_detected', targetType: 'session', targetId: row.session_id, ip: origin.ip });
        return { error: new HttpError(401, 'REFRESH_TOKEN_REUSED', 'This refresh token was already used; the session has been signed out for safety.') };
      }
      if (row.expired) return { error: new HttpError(401, 'SESSION_EXPIRED', 'The session has expired; log in again.') };
      if (row.suspended) return { error: new HttpError(403, 'ACCOUNT_SUSPENDED', 'This account is suspended.') };
      await sql('update kernel_refresh_token set used_at = now() where token_hash = ?', [sha256(refreshToken)]);
      await sql(`update kernel_session set last_used_at = now(), ip = ?, expires_at = now() + interval '${REFRESH_TOKEN_DAYS} days' where id = ?`, [origin.ip, row.session_id]);
      return { tokens: await this.issue(sql, row.user_id, row.session_id) };
    });
    // Thrown after the transaction so the revocation above is committed, not rolled back.
    if ('error' in outcome) throw outcome.error;
    return outcome.tokens;
  }

  private async issue(sql: Sql, userId: string, sessionId: string): Promise<IssuedTokens> {
    const refreshToken = randomToken(32);
    await sql('insert into kernel_refresh_token (token_hash, session_id) values (?, ?)', [sha256(refreshToken), sessionId]);
    return { accessToken: this.sign({ sub: userId, sid: sessionId }), refreshToken, tokenType: 'Bearer', expiresIn: ACCESS_TOKEN_SECONDS, sessionId };
  }
}
