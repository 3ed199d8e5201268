import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { randomBytes } from 'node:crypto';
import { HttpError } from '../http/errors.js';
import { decrypt, encrypt, sha256 } from './crypto.js';
import type { Sql } from './sql.js';

const PERIOD = 30;

export interface TwoFactorSetup {
  secret: string;
  otpauthUri: string;
  qrCodeDataUrl: string;
}

/**
 * TOTP (RFC 6238) with seeds encrypted at rest, one-step clock tolerance, no reuse of a code within
 * its time step, and ten single-use recovery codes stored as hashes.
 */
export class TwoFactor {
  constructor(private readonly key: Buffer, private readonly issuer: string) {}

  async begin(sql: Sql, user: { id: string; username: string }): Promise<TwoFactorSetup> {
    const existing = await sql<{ enabled_at: Date | null }>('select enabled_at from kernel_two_factor where user_id = ?', [user.id]);
    if (existing[0]?.enabled_at) throw new HttpError(409, 'TWO_FACTOR_ALREADY_ENABLED', 'Two-factor authentication is already on; disable it first to enrol again.');
    const secret = new Secret({ size: 20 });
    await sql(
      `insert into kernel_two_factor (user_id, secret_encrypted) values (?, ?)
       on conflict (user_id) do update set secret_encrypted = excluded.secret_encrypted, last_used_step = 0, created_at = now()`,
      [user.id, encrypt(this.key, secret.base32)],
    );
    const otpauthUri = this.totp(secret, user.username).toString();
    return { secret: secret.base32, otpauthUri, qrCodeDataUrl: await QRCode.toDataURL(otpauthUri) };
  }

  /** Confirms enrolment with a first code and returns the recovery codes (shown once, never again). */
  async confirm(sql: Sql, user: { id: string; username: string }, code: string): Promise<string[]> {
    const [row] = await sql<{ secret_encrypted: string; enabled_at: Date | null }>('select secret_encrypted, enabled_at from kernel_two_factor where user_id = ?', [user.id]);
    if (!row) throw new HttpError(409, 'TWO_FACTOR_NOT_STARTED', 'Start two-factor enrolment first.');
    if (row.enabled_at) throw new HttpError(409, 'TWO_FACTOR_ALREADY_ENABLED', 'Two-factor authentication is already on.');
    if (!(await this.checkCode(sql, user, code, row.secret_encrypted))) throw new HttpError(400, 'INVALID_TWO_FACTOR_CODE', 'That code is not valid; check your authenticator app and the time on your phone.');
    await sql('update kernel_two_factor set enabled_at = now() where user_id = ?', [user.id]);
    await sql('delete from kernel_recovery_code where user_id = ?', [user.id]);
    const codes = Array.from({ length: 10 }, () => {
      const raw = randomBytes(5).toString('hex');
      return `${raw.slice(0, 5)}-${raw.slice(5)}`;
    });
    for (const code of codes) await sql('insert into kernel_recovery_code (code_hash, user_id) values (?, ?)', [sha256(code), user.id]);
    return codes;
  }

  async isEnabled(sql: Sql, userId: string): Promise<boolean> {
    return (await sql('select 1 from kernel_two_factor where user_id = ? and enabled_at is not null', [userId])).length > 0;
  }

  /** Accepts a current TOTP code or an unused recovery code (which is then spent). */
  async verify(sql: Sql, user: { id: string; username: string }, input: { code?: string; recoveryCode?: string }): Promise<'totp' | 'recovery' | false> {
    const [row] = await sql<{ secret_encrypted: string }>('select secret_encrypted from kernel_two_factor where user_id = ? and enabled_at is not null', [user.id]);
    if (!row) return false;
    if (input.code && (await this.checkCode(sql, user, input.code, row.secret_encrypted))) return 'totp';
    if (input.recoveryCode) {
      const spent = await sql('update kernel_recovery_code set used_at = now() where code_hash = ? and user_id = ? and used_at is null returning code_hash', [
        sha256(input.recoveryCode.trim().toLowerCase()), user.id,
      ]);
      if (spent.length > 0) return 'recovery';
    }
    return false;
  }

  async disable(sql: Sql, userId: string): Promise<void> {
    await sql('delete from kernel_two_factor where user_id = ?', [userId]);
    await sql('delete from kernel_recovery_code where user_id = ?', [userId]);
  }

  /** Current code for a seed: what an authenticator app would show (tests, CLI). */
  static codeFor(secret: string, at = Date.now()): string {
    return new TOTP({ secret: Secret.fromBase32(secret), period: PERIOD, digits: 6, algorithm: 'SHA1' }).generate({ timestamp: at });
  }

  private totp(secret: Secret, label: string): TOTP {
    return new TOTP({ issuer: this.issuer, label, secret, period: PERIOD, digits: 6, algorithm: 'SHA1' });
  }

  private async checkCode(sql: Sql, user: { id: string; username: string }, code: string, sealed: string): Promise<boolean> {
    if (!/^\d{6}$/.test(code.trim())) return false;
    const totp = this.totp(Secret.fromBase32(decrypt(this.key, sealed)), user.username);
    const delta = totp.validate({ token: code.trim(), window: 1 });
    if (delta === null) return false;
    const step = Math.floor(Date.now() / 1000 / PERIOD) + delta;
    // Each code works once: a code seen over someone's shoulder cannot be replayed in its 30 s.
    const claimed = await sql('update kernel_two_factor set last_used_step = ? where user_id = ? and last_used_step < ? returning user_id', [step, user.id, step]);
    return claimed.length > 0;
  }
}
