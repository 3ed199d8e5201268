import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import fastifyStatic from '@fastify/static';
import pg from 'pg';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import type { AnyPluginManifest, Kernel } from '@petamigos/core';
import { figure, type Figure } from './figures.js';
import { targetLabel, type DatabaseTarget } from './database-target.js';
import { startKernel } from './kernel-server.js';
import { workDir } from './work-dir.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHROMIUM = process.env.PETAMIGOS_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const POSTS = 20;
const LAST_POST = `bench post ${POSTS}`;

interface PageLoad {
  ttfb: number;
  fcp: number;
  lcp: number;
  /** Until the newest post's text is on screen: what a person waits for. */
  feedVisible: number;
  domContentLoaded: number;
  /** Sum of the part of each long task (> 50 ms) above 50 ms, from navigation start until the feed shows. */
  blockingTime: number;
  heapKiB: number;
  /** Every script the page loaded, gzipped: what the route costs on the wire. */
  jsGzipKiB: number;
  scripts: number;
}

/** Collects paint and long-task entries from the first byte on, before any page script runs. */
const OBSERVE = `
  window.__bench = { lcp: 0, longTasks: [] };
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__bench.lcp = e.startTime; }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__bench.longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
`;

async function measureLoad(context: BrowserContext, url: string, gzipSizes: Map<string, number>): Promise<PageLoad> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction((text) => document.body?.innerText.includes(text), LAST_POST, { polling: 'raf', timeout: 30_000 });
    const feedVisible = await page.evaluate(() => performance.now());
    await page.waitForTimeout(100);
    const raw = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
      const bench = (window as unknown as { __bench: { lcp: number; longTasks: Array<[number, number]> } }).__bench;
      const scripts = performance.getEntriesByType('resource').map((e) => e.name).filter((name) => /\.js(\?|$)/.test(name));
      const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
      return { ttfb: nav.responseStart, dcl: nav.domContentLoadedEventEnd, fcp, lcp: bench.lcp, longTasks: bench.longTasks, scripts, heap: memory?.usedJSHeapSize ?? 0 };
    });
    let jsGzip = 0;
    for (const script of raw.scripts) {
      let size = gzipSizes.get(script);
      if (size === undefined) {
        size = gzipSync(Buffer.from(await (await fetch(script)).arrayBuffer()), { level: 9 }).length;
        gzipSizes.set(script, size);
      }
      jsGzip += size;
    }
    return {
      ttfb: raw.ttfb,
      fcp: raw.fcp,
      lcp: raw.lcp || raw.fcp,
      feedVisible,
      domContentLoaded: raw.dcl,
      blockingTime: raw.longTasks.filter(([start]) => start < feedVisible).reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0),
      heapKiB: raw.heap / 1024,
      jsGzipKiB: jsGzip / 1024,
      scripts: raw.scripts.length,
    };
  } finally {
    await page.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Cold loads (a new browser profile each: nothing cached) and warm loads (same profile, cache kept). */
async function loads(browser: Browser, url: string, runs: number, prepare: (context: BrowserContext) => Promise<void>): Promise<{ cold: PageLoad[]; warm: PageLoad[] }> {
  const gzipSizes = new Map<string, number>();
  const cold: PageLoad[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addInitScript(OBSERVE);
    await prepare(context);
    cold.push(await measureLoad(context, url, gzipSizes));
    await context.close();
  }
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await context.addInitScript(OBSERVE);
  await prepare(context);
  await measureLoad(context, url, gzipSizes);
  const warm: PageLoad[] = [];
  for (let i = 0; i < runs; i++) warm.push(await measureLoad(context, url, gzipSizes));
  await context.close();
  return { cold, warm };
}

/**
 * The bare side: one React page built with Vite that fetches the same twenty posts from a bare
 * Fastify route running the same kind of join through `pg`, and renders them as plain articles.
 * What the platform adds on top (theme, SDK, session, i18n, plugin loading, the feed's own
 * components) is the difference between the two.
 */
async function buildBaselineApp(dir: string): Promise<string> {
  const { build } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  const webModules = join(REPO, 'web', 'node_modules');
  const src = join(dir, 'src');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>bare</title></head><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>');
  writeFileSync(join(src, 'main.tsx'), `
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
interface Post { id: string; text: string; display_name: string; created_at: string }
function App() {
  const [posts, setPosts] = useState<Post[] | null>(null);
  useEffect(() => { fetch('/posts').then((r) => r.json()).then(setPosts); }, []);
  if (!posts) return <p>Loading…</p>;
  return <main>{posts.map((p) => <article key={p.id}><h2>{p.display_name}</h2><time>{new Date(p.created_at).toLocaleString()}</time><p>{p.text}</p></article>)}</main>;
}
createRoot(document.getElementById('root')!).render(<App />);
`);
  const out = join(dir, 'dist');
  await build({
    configFile: false,
    root: dir,
    logLevel: 'silent',
    plugins: [react()],
    resolve: { alias: { react: join(webModules, 'react'), 'react-dom': join(webModules, 'react-dom') } },
    build: { outDir: out, emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
  });
  return out;
}

// The same rows the feed's home page shows first: the reader's newest posts with their author. The
// kernel side also checks blocks, mutes, visibility and reactions.
const BARE_POSTS_SQL = `select p.id, p.text, p.created_at, u.display_name from feed_post p join kernel_user u on u.id = p.author_id
  where p.author_id = $1 and p.deleted_at is null order by p.id desc limit 20`;

async function startBaseline(dist: string, posts: () => Promise<unknown[]>): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify();
  await app.register(fastifyStatic, { root: dist });
  app.get('/posts', posts);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: url.replace('localhost', '127.0.0.1'), close: () => app.close() };
}

async function seed(kernel: Kernel): Promise<{ userId: string; tokens: { accessToken: string; refreshToken: string } }> {
  const register = await kernel.app.inject({ method: 'POST', url: '/api/auth/register', payload: { username: 'benchreader', email: 'bench@example.com', password: 'Luna and Sol walk at dawn 42' } });
  if (register.statusCode !== 201) throw new Error(`bench: sign-up failed (${register.statusCode}): ${register.body}`);
  const { user, tokens } = register.json() as { user: { id: string }; tokens: { accessToken: string; refreshToken: string } };
  for (let i = 1; i <= POSTS; i++) {
    const response = await kernel.app.inject({ method: 'POST', url: '/api/feed/posts', headers: { authorization: `Bearer ${tokens.accessToken}` }, payload: { text: `bench post ${i} #bench with a few words about a dog called Luna`, visibility: 'public' } });
    if (response.statusCode !== 201) throw new Error(`bench: posting failed (${response.statusCode}): ${response.body}`);
  }
  return { userId: user.id, tokens };
}

/**
 * `web`: the home route of the themed frontend in Chromium — time to first byte, first and largest
 * contentful paint, time until the feed shows, blocking time, JS heap and the route's JavaScript
 * (gzipped) — cold and warm, next to a bare React page fed by bare Fastify + pg.
 */
export async function webFigures(target: DatabaseTarget, plugins: AnyPluginManifest[], runs: number, log: (message: string) => void, note: (message: string) => void): Promise<Figure[]> {
  if (!existsSync(CHROMIUM)) {
    note(`web: skipped, Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
    return [];
  }
  if (!existsSync(join(REPO, 'web', 'dist', 'public', 'app.js'))) {
    note('web: skipped, the frontend is not built (npm run build)');
    return [];
  }
  const label = targetLabel(target);
  const started = await startKernel(plugins, target);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const { userId, tokens } = await seed(started.kernel);
    await started.kernel.listen({ port: 0, host: '127.0.0.1' });
    const address = started.kernel.app.server.address() as { port: number };
    const kernelUrl = `http://127.0.0.1:${address.port}/`;
    log(`web: ${runs} cold and ${runs} warm loads of the home feed through the kernel`);
    const signIn = async (context: BrowserContext) => void await context.addInitScript((value) => localStorage.setItem('petamigos.session', value), JSON.stringify(tokens));
    const ours = await loads(browser, kernelUrl, runs, signIn);
    // PGlite serves one connection, the kernel's: there the bare side answers the rows it read once.
    const pool = target.kind === 'postgres' ? new pg.Pool({ connectionString: target.url, max: 1 }) : undefined;
    const rows = pool ? undefined : await started.kernel.db.orm.em.getConnection().execute(BARE_POSTS_SQL.replace('$1', '?'), [userId]);
    await started.close();

    const dist = await buildBaselineApp(join(workDir(), 'web-baseline'));
    const baseline = await startBaseline(dist, async () => (pool ? (await pool.query(BARE_POSTS_SQL, [userId])).rows : rows!));
    try {
      log(`web: ${runs} cold and ${runs} warm loads of the bare React page`);
      const bare = await loads(browser, baseline.url, runs, async () => undefined);
      const figures: Figure[] = [];
      for (const mode of ['cold', 'warm'] as const) {
        const m = (side: { cold: PageLoad[]; warm: PageLoad[] }, key: keyof PageLoad) => median(side[mode].map((l) => l[key]));
        const detail = (key: keyof PageLoad) => ({ kernel: ours[mode].map((l) => l[key]), baseline: bare[mode].map((l) => l[key]) });
        for (const [key, text] of [['ttfb', 'time to first byte'], ['fcp', 'first contentful paint'], ['lcp', 'largest contentful paint'], ['feedVisible', 'home feed on screen'], ['blockingTime', 'blocking time until the feed shows']] as const) {
          figures.push(figure(`web.${mode}.${key}`, `[web] home route ${mode}: ${text} (Chromium, ${label}, median of ${runs})`, 'ms', m(ours, key), m(bare, key), detail(key)));
        }
        figures.push(figure(`web.${mode}.heap`, `[web] home route ${mode}: JS heap after the feed shows`, 'KiB', m(ours, 'heapKiB'), m(bare, 'heapKiB'), detail('heapKiB')));
      }
      const js = ours.cold[0]!;
      figures.push(figure('web.js', `[web] home route JavaScript, gzipped (${js.scripts} files; budget 200 KiB)`, 'KiB', js.jsGzipKiB, bare.cold[0]!.jsGzipKiB, { kernelScripts: js.scripts, baselineScripts: bare.cold[0]!.scripts }));
      return figures;
    } finally {
      await baseline.close();
      await pool?.end();
    }
  } finally {
    await browser.close();
    await started.close().catch(() => undefined);
  }
}
