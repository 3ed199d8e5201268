import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, type Me } from '@petamigos/web';

/** The shell's sections, each guarded by one kernel permission on the server. */
export type Section = 'overview' | 'users' | 'moderation' | 'plugins' | 'jobs' | 'audit';
export const SECTIONS: Section[] = ['overview', 'moderation', 'users', 'plugins', 'jobs', 'audit'];

/** The cheapest call of each section: what the server answers it is what the person may see. */
const PROBES: Record<Section, { path: string; query?: Record<string, number> }> = {
  overview: { path: '/api/admin/overview' },
  users: { path: '/api/admin/users', query: { limit: 1 } },
  moderation: { path: '/api/admin/reports', query: { limit: 1 } },
  plugins: { path: '/api/admin/plugins' },
  jobs: { path: '/api/admin/jobs/failed', query: { limit: 1 } },
  audit: { path: '/api/admin/audit', query: { limit: 1 } },
};

export interface Access {
  status: 'checking' | 'ready';
  sections: ReadonlySet<Section>;
  /** Role changes, suspensions, sign-out everywhere and 2FA resets (`kernel.users.manage`). */
  usersManage: boolean;
  /** Whether a plugin panel or card that names a permission is shown. */
  holds(permission: string | undefined): boolean;
}

const AccessContext = createContext<Access | null>(null);

/** The permissions the server lists on the user, when it does (`/api/users/me` may carry them). */
function listedPermissions(user: Me): string[] | null {
  return Array.isArray(user.permissions) ? (user.permissions as unknown[]).filter((p): p is string => typeof p === 'string') : null;
}

/**
 * Finds out what the signed-in person may see. Admins hold every permission, so nothing is asked;
 * anyone else gets each section's cheapest call tried, and a section that answers 403 is left out
 * of the navigation. The server stays the judge: this only keeps doors off the screen that would
 * not open anyway.
 */
export function AccessProvider({ user, children }: { user: Me; children: ReactNode }) {
  const [state, setState] = useState<Pick<Access, 'status' | 'sections'>>({ status: 'checking', sections: new Set() });
  useEffect(() => {
    if (user.role === 'admin') {
      setState({ status: 'ready', sections: new Set(SECTIONS) });
      return;
    }
    let live = true;
    setState({ status: 'checking', sections: new Set() });
    void Promise.all(
      SECTIONS.map(async (section) => {
        try {
          await api.get(PROBES[section].path, { query: PROBES[section].query });
          return section;
        } catch (error) {
          // Only a refusal hides a section; a failing one stays, to show its error where it belongs.
          return error instanceof ApiError && (error.status === 403 || error.status === 401) ? null : section;
        }
      }),
    ).then((allowed) => {
      if (live) setState({ status: 'ready', sections: new Set(allowed.filter((s): s is Section => s !== null)) });
    });
    return () => {
      live = false;
    };
  }, [user.id, user.role]);

  const listed = listedPermissions(user);
  const value: Access = {
    ...state,
    usersManage: user.role === 'admin' || !!listed?.includes('kernel.users.manage'),
    // Without a list from the server a panel's own calls are the check; admins hold everything.
    holds: (permission) => !permission || user.role === 'admin' || !listed || listed.includes(permission),
  };
  return <AccessContext.Provider value={value}>{children}</AccessContext.Provider>;
}

export function useAccess(): Access {
  const access = useContext(AccessContext);
  if (!access) throw new Error('useAccess() outside <AccessProvider>.');
  return access;
}
