import type { AnyPluginManifest, PetAmigosConfig } from '@petamigos/core';
import { startTestKernel, type TestDatabaseKind, type TestKernel, type TestUser } from '@petamigos/core/testing';
import social from '../src/index.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** A kernel with the social plugin (plus any fixture plugins), closed when the test ends. */
export async function boot(t: Teardown, database: TestDatabaseKind, options: { plugins?: AnyPluginManifest[]; settings?: Record<string, unknown> } = {}): Promise<TestKernel> {
  const config: PetAmigosConfig = {
    // Tests send hundreds of requests from one address; the rate limit is not what they are about.
    security: { rateLimit: { max: 100_000, timeWindow: 60_000 } },
    plugins: options.settings ? { social: { settings: options.settings } } : {},
  };
  const k = await startTestKernel({ plugins: [social, ...(options.plugins ?? [])], database, config });
  t.teardown(() => k.close());
  return k;
}

export interface Api {
  (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, as?: TestUser | null, payload?: unknown): Promise<{ statusCode: number; json(): any; body: string; headers: Record<string, unknown> }>;
}

/** `call('POST', '/api/social/following/ana', beto)` — JSON in, the injected response out. */
export function api(k: TestKernel): Api {
  return async (method, url, as, payload) =>
    k.app.inject({ method, url, headers: as ? as.headers : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
}

export const usernames = (page: { items: Array<{ user: { username: string } }> }) => page.items.map((i) => i.user.username);
