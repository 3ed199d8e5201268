import type { AnyPluginManifest, PetAmigosConfig } from '@petamigos/core';
import { startTestKernel, type TestDatabaseKind, type TestKernel, type TestServiceDriver, type TestUser } from '@petamigos/core/testing';
import social from '@petamigos/plugin-social';
import feed from '../src/index.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** A kernel with social and feed, closed when the test ends. */
export async function boot(t: Teardown, database: TestDatabaseKind, options: { services?: TestServiceDriver; settings?: Record<string, unknown>; plugins?: AnyPluginManifest[] } = {}): Promise<TestKernel> {
  const config: PetAmigosConfig = {
    // Tests send many requests from one address; the rate limit is not what they are about.
    security: { rateLimit: { max: 100_000, timeWindow: 60_000 } },
    plugins: options.settings ? { feed: { settings: options.settings } } : {},
  };
  const k = await startTestKernel({ plugins: [social, feed, ...(options.plugins ?? [])], database, config, services: options.services });
  t.teardown(() => k.close());
  return k;
}

export interface Api {
  (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, as?: TestUser | null, payload?: unknown): Promise<{ statusCode: number; json(): any; body: string }>;
}

export function api(k: TestKernel): Api {
  return async (method, url, as, payload) =>
    k.app.inject({ method, url, headers: as ? as.headers : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
}

/** Friends through the social plugin's own routes, as users would do it. */
export async function befriend(call: Api, a: TestUser, b: TestUser): Promise<void> {
  const sent = await call('POST', `/api/social/friend-requests/${b.user.username}`, a);
  if (sent.statusCode !== 201) throw new Error(`friend request: ${sent.statusCode} ${sent.body}`);
  const accepted = await call('POST', `/api/social/friend-requests/${a.user.username}/accept`, b);
  if (accepted.statusCode !== 200) throw new Error(`accept: ${accepted.statusCode} ${accepted.body}`);
}

export async function post(call: Api, as: TestUser, text: string, visibility = 'public', extra: Record<string, unknown> = {}): Promise<string> {
  const res = await call('POST', '/api/feed/posts', as, { text, visibility, ...extra });
  if (res.statusCode !== 201) throw new Error(`post: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

type Socket = Awaited<ReturnType<TestKernel['app']['injectWS']>>;

/** A realtime socket (`/api/realtime`) that collects its messages and waits, up to 10 s, for one that matches. */
export async function connect(k: TestKernel, headers: Record<string, string>) {
  const socket: Socket = await k.app.injectWS('/api/realtime', { headers });
  const messages: Array<Record<string, any>> = [];
  socket.on('message', (raw: Buffer) => messages.push(JSON.parse(raw.toString()) as Record<string, any>));
  let seen = 0;
  return {
    socket,
    send: (m: object) => socket.send(JSON.stringify(m)),
    async next(match: (m: Record<string, any>) => boolean): Promise<Record<string, any>> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const i = messages.findIndex((m, n) => n >= seen && match(m));
        if (i >= 0) {
          seen = i + 1;
          return messages[i]!;
        }
        if (Date.now() > deadline) throw new Error(`no matching message; got ${JSON.stringify(messages)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
