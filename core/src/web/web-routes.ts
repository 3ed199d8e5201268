import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { ResolvedConfig } from '../config/index.js';
import type { HttpApp } from '../http/create-http-app.js';
import { localeName, negotiateLocale, normalizeLocale, SUPPORTED_LOCALES, textDirection } from '../i18n/index.js';
import type { PluginRegistry } from '../plugins/registry.js';
import { renderIndexPage } from './index-page.js';
import { findWebAssets, pluginAssetsDir, type WebAssets } from './web-assets.js';

export const THEME_COOKIE = 'petamigos_theme';
export const LOCALE_COOKIE = 'petamigos_locale';

type Surface = 'web' | 'admin';

/**
 * Paths that belong to the API and services: an unknown one is a JSON 404, never the app page.
 * `/admin/plugins/…` is not among them: the admin's plugin pages and panels live there
 * (`/admin/plugins/<name>/<panel-id>`), next to the plugins' bundles, which always end in a file
 * extension and so never get the page.
 */
const NOT_PAGES = /^\/(api|docs|files|web|health|ready|metrics|admin\/assets)(\/|$)/;

function cookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      try {
        return decodeURIComponent(rest.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export interface WebFrontend {
  assets: WebAssets;
  /** Answers a GET for a page path with the app page; false when the request is not for a page. */
  servePage(request: FastifyRequest, reply: FastifyReply): boolean;
}

/**
 * Serves the themed frontend at `/` and the admin shell at `/admin`: built bundles under `/web/…`
 * and `/admin/assets/…`, each enabled plugin's bundles under `/web/plugins/<name>/…` (and
 * `/admin/plugins/<name>/…`), and the one HTML page whose import map and boot manifest say which
 * theme and which plugins are in. A plugin disabled at run time vanishes from the next page load
 * and its bundles answer 404.
 */
export async function installWebFrontend(app: HttpApp, config: ResolvedConfig, registry: PluginRegistry): Promise<WebFrontend> {
  const assets = findWebAssets(config.rootDir);
  if (!assets.runtimeDir) app.log.warn('the web frontend is not built (web/dist/public/app.js is missing): run `npm run build`; the API works without it');

  const immutable = (path: string) => /[/\\]chunks[/\\]|[/\\]assets[/\\]/.test(path);
  const staticOptions = (root: string, prefix: string) => ({
    root,
    prefix,
    decorateReply: false,
    cacheControl: false,
    // The build writes .br and .gz copies of every bundle; the one the browser accepts is sent.
    preCompressed: true,
    index: false as const,
    wildcard: true,
    // Chunk names carry a content hash; entry names are stable and revalidated by ETag.
    setHeaders: (res: { setHeader(name: string, value: string): void }, path: string) => res.setHeader('cache-control', immutable(path) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });

  if (assets.runtimeDir) await app.register(fastifyStatic, staticOptions(assets.runtimeDir, '/web/'));
  for (const theme of assets.themes.values()) await app.register(fastifyStatic, staticOptions(theme.dir, `/web/themes/${theme.name}/`));
  if (assets.adminDir) await app.register(fastifyStatic, staticOptions(assets.adminDir, '/admin/assets/'));

  const pluginDirs = new Map<string, { web: string | null; admin: string | null }>();
  for (const state of registry.all()) {
    const name = state.manifest.name;
    const web = pluginAssetsDir(state.manifest.web?.assets);
    const admin = pluginAssetsDir(state.manifest.admin?.assets);
    pluginDirs.set(name, { web, admin });
    for (const [dir, prefix] of [[web, `/web/plugins/${name}/`], [admin, `/admin/plugins/${name}/`]] as const) {
      if (!dir) continue;
      await app.register(async (scope) => {
        scope.addHook('onRequest', async (_request, reply) => {
          if (!registry.isEnabled(name)) return reply.callNotFound();
        });
        await scope.register(fastifyStatic, staticOptions(dir, prefix));
      });
    }
  }

  function pluginUi(surface: Surface) {
    return registry
      .all()
      .filter((state) => state.enabled)
      .map((state) => {
        const name = state.manifest.name;
        const dirs = pluginDirs.get(name);
        const webBase = `/web/plugins/${name}/`;
        const adminBase = `/admin/plugins/${name}/`;
        const web = dirs?.web ? state.manifest.web : undefined;
        const admin = dirs?.admin ? state.manifest.admin : undefined;
        return {
          name,
          pages: surface === 'web' ? (web?.pages ?? []).map((p) => ({ ...p, module: webBase + p.module })) : [],
          slots: surface === 'web' ? (web?.slots ?? []).map((s) => ({ ...s, module: webBase + s.module })) : [],
          nav: surface === 'web' ? (web?.nav ?? []) : [],
          panels: surface === 'admin' ? (admin?.panels ?? []).map((p) => ({ ...p, module: adminBase + p.module })) : [],
          cards: surface === 'admin' ? (admin?.cards ?? []).map((c) => ({ ...c, module: adminBase + c.module })) : [],
        };
      })
      .filter((p) => p.pages.length + p.slots.length + p.nav.length + p.panels.length + p.cards.length > 0);
  }

  function themeFor(request: FastifyRequest) {
    const wanted = cookie(request, THEME_COOKIE);
    const name = wanted && assets.themes.has(wanted) ? wanted : assets.themes.has(config.theme ?? 'default') ? (config.theme ?? 'default') : [...assets.themes.keys()][0];
    return name ? assets.themes.get(name)! : null;
  }

  function localeFor(request: FastifyRequest) {
    return negotiateLocale({ userLocale: normalizeLocale(cookie(request, LOCALE_COOKIE)), acceptLanguage: request.headers['accept-language'], siteDefault: config.site.defaultLocale });
  }

  function bootManifest(request: FastifyRequest, surface: Surface) {
    const theme = themeFor(request);
    const locale = localeFor(request);
    return {
      surface,
      site: { name: config.site.name, url: config.site.publicUrl },
      theme: { name: theme?.name ?? 'none', available: [...assets.themes.values()].map((t) => ({ name: t.name, label: t.label })) },
      locale,
      dir: textDirection(locale),
      locales: SUPPORTED_LOCALES.map((l) => ({ locale: l, name: localeName(l), dir: textDirection(l) })),
      plugins: pluginUi(surface),
    };
  }

  function servePage(request: FastifyRequest, reply: FastifyReply, surface: Surface): void {
    const theme = themeFor(request);
    const boot = bootManifest(request, surface);
    if (!assets.runtimeDir || !theme || (surface === 'admin' && !assets.adminDir)) {
      reply.status(503).type('text/html; charset=utf-8').header('cache-control', 'no-store')
        .send(`<!doctype html><meta charset="utf-8"><title>${config.site.name}</title><p>The web frontend is not built yet. Run <code>npm run build</code> and restart.</p>`);
      return;
    }
    // The boot manifest lists *enabled* plugins, so the theme or admin shell never loads a disabled one.
    const page = renderIndexPage({
      title: config.site.name,
      locale: boot.locale,
      dir: boot.dir,
      theme: { name: theme.name, cssUrl: theme.hasCss ? `/web/themes/${theme.name}/style.css` : null },
      importMap: {
        react: '/web/vendor/react.js',
        'react/jsx-runtime': '/web/vendor/jsx-runtime.js',
        'react-dom': '/web/vendor/react-dom.js',
        'react-dom/client': '/web/vendor/react-dom-client.js',
        '@petamigos/web': '/web/sdk.js',
        '@petamigos/theme': `/web/themes/${theme.name}/theme.js`,
      },
      styles: [
        ...(runtimeCss ? ['/web/style.css'] : []),
        ...(surface === 'admin' && adminCss ? ['/admin/assets/style.css'] : []),
        ...(surface === 'web' ? pluginCss() : []),
      ],
      entry: surface === 'web' ? '/web/app.js' : '/admin/assets/admin.js',
      // The page's own plugin module starts loading with the app instead of after it.
      preload: ['/web/sdk.js', `/web/themes/${theme.name}/theme.js`, ...pageModuleFor(boot.plugins, request.url.split('?')[0]!)],
      preloadFetch: [`/api/i18n/${boot.locale}`],
      boot,
      noscript: `${config.site.name} needs JavaScript.`,
    });
    reply
      .status(200)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', page.csp)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'strict-origin-when-cross-origin')
      .header('vary', 'cookie, accept-language')
      .send(page.html);
  }
  const runtimeCss = !!assets.runtimeDir && existsSync(join(assets.runtimeDir, 'style.css'));
  const adminCss = !!assets.adminDir && existsSync(join(assets.adminDir, 'style.css'));
  // A plugin's own stylesheet (its web/ modules' CSS, built into one file) rides along while it is enabled.
  const pluginCss = () => [...pluginDirs].filter(([name, dirs]) => dirs.web && registry.isEnabled(name) && existsSync(join(dirs.web, 'style.css'))).map(([name]) => `/web/plugins/${name}/style.css`);

  /** The module of the plugin page a path opens (`/p/:id` matches `/p/123`), if one does. */
  function pageModuleFor(plugins: Array<{ pages: Array<{ path: string; module: string }> }>, path: string): string[] {
    for (const page of plugins.flatMap((p) => p.pages)) {
      const pattern = new RegExp(`^${page.path.replace(/[.+*?^${}()|[\]\\]/g, '\\$&').replace(/\/:[A-Za-z0-9_]+\\\?/g, '(?:/[^/]+)?').replace(/:[A-Za-z0-9_]+/g, '[^/]+')}/?$`);
      if (pattern.test(path)) return [page.module];
    }
    return [];
  }

  const tags = ['web'];
  app.get('/api/web/manifest', {
    schema: {
      tags, summary: 'What the frontend shows: theme, languages, and each enabled plugin\'s pages, slots, navigation and admin panels',
      querystring: Type.Object({ surface: Type.Optional(Type.Union([Type.Literal('web'), Type.Literal('admin')])) }, { additionalProperties: false }),
    },
  }, async (request) => bootManifest(request, request.query.surface ?? 'web'));

  const pageRoute = { schema: { hide: true } };
  app.get('/', pageRoute, (request, reply) => servePage(request, reply, 'web'));
  app.get('/admin', pageRoute, (request, reply) => servePage(request, reply, 'admin'));

  return {
    assets,
    // Deep links (`/post/…`, `/admin/users`) reach the not-found handler; a browser asking for a page gets the app.
    servePage(request, reply) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return false;
      const path = request.url.split('?')[0]!;
      if (NOT_PAGES.test(path) || /\.[a-z0-9]{1,8}$/i.test(path)) return false;
      if (!String(request.headers.accept ?? '').includes('text/html')) return false;
      servePage(request, reply, path === '/admin' || path.startsWith('/admin/') ? 'admin' : 'web');
      return true;
    },
  };
}
