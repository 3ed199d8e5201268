import { definePlugin } from '@petamigos/core';
import type { TestKernel } from '@petamigos/core/testing';
import type { SocialService } from '../src/index.js';

export interface Recorded {
  name: string;
  payload: Record<string, unknown>;
}

/**
 * A plugin that depends on social the way the feed does, and writes down every social event it
 * handles, so a test can see exactly what other plugins are told.
 */
export function watcher() {
  const events: Recorded[] = [];
  const names = [
    'social.friendship.requested',
    'social.friendship.accepted',
    'social.friendship.declined',
    'social.friendship.cancelled',
    'social.friendship.removed',
    'social.follow.created',
    'social.follow.removed',
  ];
  const manifest = definePlugin({
    name: 'watcher',
    version: '1.0.0',
    kernel: '^0.1.0',
    requires: { social: '^0.1.0' },
    events: {
      handles: Object.fromEntries(names.map((name) => [name, { handler: async (payload: Record<string, unknown>) => void events.push({ name, payload }) }])),
    },
    // Reaches the social service the only way another plugin can: through its own context.
    service: (ctx) => ({ social: () => ctx.plugins.service<SocialService>('social') }),
  });
  return { manifest, events, named: (name: string) => events.filter((e) => e.name === name).map((e) => e.payload) };
}

/** The social service as the watcher (a plugin requiring social) sees it. */
export async function socialServiceOf(k: TestKernel): Promise<SocialService> {
  return (await k.kernel.plugins.service('watcher') as { social(): Promise<SocialService> }).social();
}
