import type { PermissionDeclaration, Role } from '../plugins/manifest.js';
import type { Sql } from './sql.js';

export const ROLES: Role[] = ['user', 'moderator', 'admin'];

/** The kernel's own permissions, declared the same way plugins declare theirs. */
export const KERNEL_PERMISSIONS: Record<string, PermissionDeclaration> = {
  'kernel.users.read': { description: 'See every account, including suspended ones', roles: ['moderator', 'admin'] },
  'kernel.users.manage': { description: 'Change roles, suspend and unsuspend accounts, sign them out everywhere and reset their two-factor authentication', roles: ['admin'] },
  'kernel.roles.manage': { description: 'Grant extra permissions to roles', roles: ['admin'] },
  'kernel.audit.read': { description: 'Read the security and admin audit log', roles: ['admin'] },
  'kernel.jobs.manage': { description: 'See background job health and retry failed jobs', roles: ['admin'] },
  'kernel.moderation.manage': { description: 'Work the moderation queue: see reports from every plugin and resolve them (dismiss, remove, warn, suspend)', roles: ['moderator', 'admin'] },
  'kernel.plugins.manage': { description: 'See installed plugins, edit their settings and switch them on and off', roles: ['admin'] },
  'kernel.overview.read': { description: 'See the admin overview: users, activity, jobs, storage, errors and plugin figures', roles: ['admin'] },
};

export interface PermissionInfo {
  permission: string;
  description: string;
  owner: string;
  /** Roles holding it now: the declared defaults plus grants made by admins. */
  roles: Role[];
  granted: Role[];
}

/**
 * Maps roles to the permissions every plugin declares. Admins hold every permission; admins may
 * grant extra permissions to roles, which are kept in `kernel_role_permission`.
 */
export class PermissionRegistry {
  private readonly declared = new Map<string, PermissionDeclaration & { owner: string }>();
  private grants = new Set<string>();

  declare(owner: string, permissions: Record<string, PermissionDeclaration>): void {
    for (const [name, declaration] of Object.entries(permissions)) this.declared.set(name, { ...declaration, owner });
  }

  isDeclared(permission: string): boolean {
    return this.declared.has(permission);
  }

  /** Reads the grants admins made; called at start and after every change in this process. */
  async load(sql: Sql): Promise<void> {
    const rows = await sql<{ role: Role; permission: string }>('select role, permission from kernel_role_permission');
    this.grants = new Set(rows.map((r) => `${r.role}:${r.permission}`));
  }

  has(role: Role, permission: string): boolean {
    if (role === 'admin') return true;
    const declared = this.declared.get(permission);
    return Boolean(declared?.roles.includes(role)) || this.grants.has(`${role}:${permission}`);
  }

  list(): PermissionInfo[] {
    return [...this.declared].map(([permission, d]) => {
      const granted = ROLES.filter((r) => this.grants.has(`${r}:${permission}`));
      return { permission, description: d.description, owner: d.owner, roles: ROLES.filter((r) => this.has(r, permission)), granted };
    });
  }

  permissionsOf(role: Role): string[] {
    return [...this.declared.keys()].filter((p) => this.has(role, p));
  }
}
