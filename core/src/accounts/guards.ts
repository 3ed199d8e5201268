import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../http/errors.js';
import type { AccountsService, AuthUser } from './accounts-service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null for anonymous requests. */
    user: AuthUser | null;
  }
}

export type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** Route guards handed to plugins through `ctx.auth`. */
export interface AuthGuards {
  /** preHandler: 401 unless signed in. */
  requireUser: Guard;
  /** preHandler: 401 unless signed in, 403 unless the user's role holds `permission`. */
  requirePermission(permission: string): Guard;
  /** Throws 403 unless the signed-in user owns the thing, or holds `overridePermission` (moderators). */
  assertOwner(request: FastifyRequest, ownerId: string, overridePermission?: string): void;
}

/**
 * Resolves `Authorization: Bearer` on every request. A token that is present but bad is always a
 * 401, even on public routes, so clients learn at once that they must refresh or log in again.
 */
export function installAuthentication(app: FastifyInstance, accounts: AccountsService): void {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header) return;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new HttpError(401, 'INVALID_TOKEN', 'Send the access token as `Authorization: Bearer <token>`.');
    request.user = await accounts.authenticate(match[1]!);
  });
}

export function createGuards(accounts: AccountsService): AuthGuards {
  const requireUser: Guard = async (request) => {
    if (!request.user) throw new HttpError(401, 'AUTH_REQUIRED', 'Log in to do this.');
  };
  return {
    requireUser,
    requirePermission(permission) {
      // A typo in a permission name would silently lock everyone out; fail at route definition instead.
      if (!accounts.permissions.isDeclared(permission)) throw new Error(`requirePermission("${permission}"): no plugin declares this permission`);
      return async (request, reply) => {
        await requireUser(request, reply);
        if (!accounts.permissions.has(request.user!.role, permission)) {
          throw new HttpError(403, 'FORBIDDEN', `This needs the ${permission} permission.`, { permission });
        }
      };
    },
    assertOwner(request, ownerId, overridePermission) {
      if (!request.user) throw new HttpError(401, 'AUTH_REQUIRED', 'Log in to do this.');
      if (request.user.id === ownerId) return;
      if (overridePermission && accounts.permissions.has(request.user.role, overridePermission)) return;
      throw new HttpError(403, 'FORBIDDEN', 'Only the owner can do this.');
    },
  };
}

export function originOf(request: FastifyRequest) {
  return { ip: request.ip ?? '', device: String(request.headers['user-agent'] ?? '').slice(0, 300) };
}
