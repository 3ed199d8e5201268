import { KERNEL_NAMESPACE, type Translator } from './translator.js';

/** What the notification service hands its renderer (`NotificationService.useRenderer`). */
export interface NotificationText {
  /** `notification.follow` (kernel) or `social:notification.follow` (a plugin's own strings). */
  textKey: string;
  /** Display names of the first actors, newest first. */
  actorNames: string[];
  /** Everyone grouped into this notification, the first actor included. */
  actorCount: number;
  data: Record<string, unknown>;
}

export type NotificationRendererFn = (notification: NotificationText, locale: string) => string;

/**
 * Renders notification texts in the recipient's language. Messages get `{actor}` (the newest
 * actor's name), `{count}` (everyone in the group, so `offset:1` yields "and # others") and every
 * plain value of `data`. A plugin's key is looked up in its namespace, then the kernel's, so a
 * plugin may reuse `notification.reaction.grouped`; a key nobody wrote falls back to `fallback`.
 */
export function createNotificationRenderer(translator: Translator, fallback: NotificationRendererFn = plainFallback(translator)): NotificationRendererFn {
  return (notification, locale) => {
    const split = notification.textKey.indexOf(':');
    const namespace = split > 0 ? notification.textKey.slice(0, split) : KERNEL_NAMESPACE;
    const key = split > 0 ? notification.textKey.slice(split + 1) : notification.textKey;
    const scope = translator.namespaces.includes(namespace) ? namespace : KERNEL_NAMESPACE;
    if (!translator.has(locale, key, scope) && !translator.has(locale, key, KERNEL_NAMESPACE)) return fallback(notification, locale);
    const values: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(notification.data)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') values[name] = value;
    }
    values.actor = notification.actorNames[0] ?? translator.t(locale, 'notification.someone');
    values.count = Math.max(1, notification.actorCount);
    return translator.forNamespace(scope).t(locale, key, values);
  };
}

function plainFallback(translator: Translator): NotificationRendererFn {
  return (notification, locale) => `${notification.actorNames[0] ?? translator.t(locale, 'notification.someone')}: ${notification.textKey}`;
}
