import { createHmac } from 'node:crypto';
import type { Test } from 'tap';
import type { Page } from 'playwright-core';
import type { AnyPluginManifest, PetAmigosConfig } from '@petamigos/core';
import type { TestDatabaseKind, TestUser } from '@petamigos/core/testing';
import social from '@petamigos/plugin-social';
import feed from '@petamigos/plugin-feed';
import { startWebTest, type WebTest } from '@petamigos/web/testing';

// What the web harness asks of a test; tap's own `Test` is stricter about optional messages.
type Tap = Parameters<typeof startWebTest>[0];
type AnyTest = Test | Tap;

/** The admin in a browser, with social and feed (feed files reports into the moderation queue). */
export async function startAdminTest(t: AnyTest, database: TestDatabaseKind, options: { plugins?: AnyPluginManifest[]; config?: PetAmigosConfig } = {}): Promise<WebTest> {
  const config: PetAmigosConfig = {
    ...options.config,
    // Every test signs in several times from one address; the rate limit is not what they are about.
    security: { rateLimit: { max: 100_000, timeWindow: 60_000 } },
  };
  // Wide enough for the navigation column: most admin work happens at a desk. Phones are checked too.
  return startWebTest(t as Tap, { plugins: [social, feed, ...(options.plugins ?? [])], database, config, viewport: { width: 1100, height: 900 } });
}

/** A call to the API as someone, answered as a browser would see it. */
export async function call(web: WebTest, method: string, url: string, as?: TestUser | null, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(web.url(url), {
    method,
    headers: { ...(as ? as.headers : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/**
 * Signs in through the admin's own form, at `path`, and waits until the shell decided what the
 * person may see (the navigation, or the no-access page).
 */
export async function signIn(page: Page, web: WebTest, who: { user: { username: string }; password: string }, path = '/admin'): Promise<void> {
  await page.goto(web.url(path));
  await page.locator('input[name=login]').fill(who.user.username);
  await page.locator('input[name=password]').fill(who.password);
  await page.locator('main form button[type=submit]').click();
  await page.locator('input[name=password]').waitFor({ state: 'detached' });
  await settled(page);
}

/** What an authenticator app shows for a base32 seed (RFC 6238: SHA-1, 6 digits, 30 s). */
export function totp(secret: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = hmac[hmac.length - 1]! & 0xf;
  const code = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

/** Waits until no skeleton is left on the page (every pending request of the page answered). */
export async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
}

/** Runs axe and saves a screenshot for review, named `admin-<what>-<locale>`. */
export async function review(t: AnyTest, web: WebTest, page: Page, what: string, locale: string): Promise<void> {
  await settled(page);
  await web.expectAccessible(t as Tap, page, `${what} (${locale})`);
  await web.screenshot(page, `admin-${what}-${locale}`);
}
