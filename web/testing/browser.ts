/**
 * Browser tests against a real PetAmigos server: a kernel on a free port (the same test kernel the
 * API tests use, so PGlite or PostgreSQL) and Debian's Chromium driven by playwright-core.
 *
 *   const web = await startWebTest(t, { plugins: [social, feed] });
 *   const page = await web.newPage({ locale: 'es-MX' });
 *   await page.goto(web.url('/signup'));
 *   await web.expectAccessible(t, page, 'signup');
 *   await web.screenshot(page, 'signup-es-MX-default');
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestKernel, type TestKernel, type TestKernelOptions } from '@petamigos/core/testing';
import { buildWeb } from '../build/build-web.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Screenshots for review land here (kept out of git). */
export const SCREENSHOT_DIR = join(REPO, 'test-output', 'screenshots');
export const CHROMIUM = process.env.PETAMIGOS_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface Tap {
  teardown(fn: () => unknown): void;
  ok(value: unknown, message?: string, extra?: object): unknown;
  same(found: unknown, wanted: unknown, message?: string): unknown;
}

export interface WebTest {
  kernel: TestKernel;
  baseUrl: string;
  url(path: string): string;
  /**
   * A fresh browser profile. With `user` the page starts signed in as them (their tokens put where
   * the app keeps them, once per tab, so signing out in the page sticks).
   */
  newPage(options?: { locale?: string; viewport?: { width: number; height: number }; theme?: string; user?: { tokens: { accessToken: string; refreshToken: string } } }): Promise<Page>;
  /** Runs axe-core in the page; fails the test on serious or critical violations, naming them. */
  expectAccessible(t: Tap, page: Page, what: string): Promise<void>;
  screenshot(page: Page, name: string): Promise<string>;
}

let built: Promise<void> | undefined;
/** Builds whatever browser bundle is older than its sources (fast when nothing changed). */
export function ensureWebBuilt(): Promise<void> {
  built ??= buildWeb({ ifStale: true, log: () => undefined });
  return built;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function browserAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export async function startWebTest(t: Tap, options: TestKernelOptions & { viewport?: { width: number; height: number } } = {}): Promise<WebTest> {
  await ensureWebBuilt();
  // The port is chosen first so the site's public URL (and with it every uploaded file's URL) points at this server.
  const port = await freePort();
  const kernel = await startTestKernel({ ...options, config: { ...options.config, site: { publicUrl: `http://127.0.0.1:${port}`, ...options.config?.site } } });
  t.teardown(() => kernel.close());
  const address = await kernel.app.listen({ port, host: '127.0.0.1' });
  const baseUrl = address.replace('localhost', '127.0.0.1');
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  t.teardown(() => browser.close());
  const contexts: BrowserContext[] = [];
  const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

  return {
    kernel,
    baseUrl,
    url: (path) => new URL(path, baseUrl).toString(),
    async newPage({ locale = 'en', viewport = options.viewport ?? { width: 390, height: 844 }, theme, user } = {}) {
      const context = await browser.newContext({ locale, viewport, extraHTTPHeaders: { 'accept-language': locale } });
      contexts.push(context);
      if (theme) await context.addCookies([{ name: 'petamigos_theme', value: theme, url: baseUrl }]);
      const page = await context.newPage();
      if (user) {
        await page.addInitScript((tokens) => {
          if (sessionStorage.getItem('petamigos.test.signed-in')) return;
          sessionStorage.setItem('petamigos.test.signed-in', '1');
          localStorage.setItem('petamigos.session', JSON.stringify(tokens));
        }, { accessToken: user.tokens.accessToken, refreshToken: user.tokens.refreshToken });
      }
      page.on('pageerror', (error) => {
        process.stderr.write(`browser page error: ${error.message}\n`);
      });
      return page;
    },
    async expectAccessible(t, page, what) {
      // Colour contrast measured halfway through a fade (a dialog opening) is not what anyone reads:
      // let finite animations end first (a spinner's or a skeleton's never does).
      await page.evaluate(() =>
        Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined))),
      );
      // Evaluated rather than added as a <script>: the app's Content-Security-Policy refuses inline scripts.
      if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(axeSource, 'utf8'));
      const result = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
        return axe.run(document, { resultTypes: ['violations'] });
      });
      const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      t.same(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`), [], `${what}: no serious accessibility problems (axe)`);
    },
    async screenshot(page, name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
  };
}
