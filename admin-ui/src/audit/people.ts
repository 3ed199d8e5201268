import { useEffect, useState } from 'react';
import { api } from '@petamigos/web';
import type { AdminUserSummary } from '../types.js';

// Audit entries carry ids only; names are looked up once per id and kept for the visit.
const known = new Map<string, Promise<AdminUserSummary | null>>();

function lookup(id: string): Promise<AdminUserSummary | null> {
  let found = known.get(id);
  if (!found) {
    found = api.get<AdminUserSummary>(`/api/admin/users/${encodeURIComponent(id)}`).catch(() => null);
    known.set(id, found);
  }
  return found;
}

/** Forgets a person after an action changed them (role, suspension), so the next view is fresh. */
export function forgetPerson(id: string): void {
  known.delete(id);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Names for the user ids on screen, when the reader may look accounts up (`kernel.users.read`). */
export function usePeople(ids: Array<string | null | undefined>, enabled: boolean): Map<string, AdminUserSummary> {
  const [people, setPeople] = useState(new Map<string, AdminUserSummary>());
  const wanted = [...new Set(ids.filter((id): id is string => !!id && UUID.test(id)))].sort().join(',');
  useEffect(() => {
    if (!enabled || !wanted) return;
    let live = true;
    void Promise.all(wanted.split(',').map(async (id) => [id, await lookup(id)] as const)).then((pairs) => {
      if (!live) return;
      setPeople((current) => {
        const next = new Map(current);
        for (const [id, person] of pairs) if (person) next.set(id, person);
        return next;
      });
    });
    return () => {
      live = false;
    };
  }, [wanted, enabled]);
  return people;
}
