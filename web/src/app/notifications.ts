/** A notification as `GET /api/notifications` and the `user:<id>` channel carry it (text already in the reader's language). */
export interface NotificationItem {
  id: string;
  type: string;
  actorIds: string[];
  actorCount: number;
  target: { type: string; id: string } | null;
  textKey: string;
  text: string;
  data: Record<string, unknown>;
  read: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What the kernel publishes on `user:<id>` (core/src/notifications/notification-service.ts). */
export type UserChannelMessage =
  | { type: 'notification'; notification: NotificationItem }
  | { type: 'notifications.read'; ids: string[] };

/**
 * Folds a live message into the list. A grouped notification comes again with the same id when
 * someone else joins it ("Ana and 2 others…"), so it replaces the old row and moves to the top.
 */
export function applyLiveMessage(items: NotificationItem[], message: unknown): NotificationItem[] {
  const m = message as Partial<UserChannelMessage> | null;
  if (m?.type === 'notification' && m.notification && typeof m.notification.id === 'string') {
    const fresh = m.notification;
    return [fresh, ...items.filter((n) => n.id !== fresh.id)];
  }
  if (m?.type === 'notifications.read' && Array.isArray(m.ids)) {
    const ids = new Set(m.ids);
    return items.map((n) => (ids.has(n.id) && !n.read ? { ...n, read: true } : n));
  }
  return items;
}

/** Where a notification leads: the post it is about, when it is about one. */
export function notificationHref(n: NotificationItem): string | null {
  if (n.target?.type === 'post') return `/p/${encodeURIComponent(n.target.id)}`;
  const postId = n.data.postId;
  if (typeof postId === 'string' && postId) return `/p/${encodeURIComponent(postId)}`;
  return null;
}

/** Tells the navigation badge (unread.ts) to count again. */
export function announceNotificationsRead(): void {
  window.dispatchEvent(new Event('petamigos:notifications-read'));
}
