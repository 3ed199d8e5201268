import { HttpError, type PublicUser } from '@petamigos/core';
import type { SocialContext } from '../settings.js';

/**
 * Accounts as the social plugin needs them. `ctx.accounts` finds people by id only, and every
 * public route here names people by username, so the one lookup by username reads the kernel's
 * account table directly (read-only, and only here) until the kernel offers it.
 */
export class People {
  constructor(private readonly ctx: SocialContext) {}

  /** The id of an active account, or 404 — suspended accounts are as absent as in the kernel's own profile route. */
  async idOf(username: string): Promise<string> {
    const [row] = await this.ctx.db.query<{ id: string }>('select id from kernel_user where lower(username) = lower(?) and suspended_at is null', [username]);
    if (!row) throw userNotFound();
    return row.id;
  }

  async get(id: string): Promise<PublicUser> {
    const user = await this.ctx.accounts.getUser(id);
    if (!user) throw userNotFound();
    return user;
  }

  async byId(ids: readonly string[]): Promise<Map<string, PublicUser>> {
    const unique = [...new Set(ids)];
    const users = unique.length === 0 ? [] : await this.ctx.accounts.getUsers(unique);
    return new Map(users.map((u) => [u.id, u]));
  }
}

/** The same answer for "no such person" and "blocked either way", so a block cannot be detected by probing. */
export function userNotFound(): HttpError {
  return new HttpError(404, 'USER_NOT_FOUND', 'No such user.');
}
