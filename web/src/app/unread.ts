import { useCallback, useEffect, useState } from 'react';
import { api } from '../sdk/api.js';
import { useChannel } from '../sdk/realtime.js';
import { useSession } from '../sdk/session.js';

/** The unread-notification count for the navigation badge, kept live on the user's own channel (`user:<id>`). */
export function useUnreadNotifications(active: boolean): number {
  const { user } = useSession();
  const [count, setCount] = useState(0);
  const load = useCallback(() => {
    if (!active) return;
    void api.get<{ count: number }>('/api/notifications/unread-count').then((r) => setCount(r.count)).catch(() => undefined);
  }, [active]);
  useEffect(load, [load]);
  useChannel(active && user ? `user:${user.id}` : null, load, load);
  useEffect(() => {
    const onRead = () => load();
    window.addEventListener('petamigos:notifications-read', onRead);
    return () => window.removeEventListener('petamigos:notifications-read', onRead);
  }, [load]);
  return count;
}
