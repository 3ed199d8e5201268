import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPackageDir } from '../plugins/discover.js';

/** The kernel's own package folder: packages the project does not hold are looked up from here. */
const KERNEL_DIR = fileURLToPath(new URL('../../', import.meta.url));

export interface ThemeAssets {
  name: string;
  label: string;
  dir: string;
  hasCss: boolean;
}

/** Where the built browser bundles are, found once at start-up. Missing parts are null, never fatal. */
export interface WebAssets {
  /** `@petamigos/web` build: vendor facades, the SDK and the app (`web/dist/public`). */
  runtimeDir: string | null;
  themes: Map<string, ThemeAssets>;
  /** `@petamigos/admin-ui` build (`admin-ui/dist`). */
  adminDir: string | null;
}

function packageDir(name: string, rootDir: string): string | undefined {
  return findPackageDir(name, rootDir) ?? findPackageDir(name, KERNEL_DIR);
}

function builtDir(dir: string | undefined, sub: string, entry: string): string | null {
  if (!dir) return null;
  const out = join(dir, sub);
  return existsSync(join(out, entry)) ? out : null;
}

/** Themes are packages named `@petamigos/theme-<name>` (the workspace's `themes/*`, or installed from npm). */
function findThemes(rootDir: string): Map<string, ThemeAssets> {
  const themes = new Map<string, ThemeAssets>();
  for (const base of [rootDir, KERNEL_DIR]) {
    let dir = base;
    for (;;) {
      const scope = join(dir, 'node_modules', '@petamigos');
      if (existsSync(scope)) {
        for (const entry of readdirSync(scope).sort()) {
          if (!entry.startsWith('theme-')) continue;
          const name = entry.slice('theme-'.length);
          if (themes.has(name)) continue;
          const pkgDir = join(scope, entry);
          const dist = builtDir(pkgDir, 'dist', 'theme.js');
          if (!dist) continue;
          const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { petamigos?: { label?: string } };
          themes.set(name, { name, label: pkg.petamigos?.label ?? name, dir: dist, hasCss: existsSync(join(dist, 'style.css')) });
        }
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return themes;
}

export function findWebAssets(rootDir: string): WebAssets {
  return {
    runtimeDir: builtDir(packageDir('@petamigos/web', rootDir), 'dist/public', 'app.js'),
    themes: findThemes(rootDir),
    adminDir: builtDir(packageDir('@petamigos/admin-ui', rootDir), 'dist', 'admin.js'),
  };
}

/** A plugin's built `web/` or `admin/` folder from its manifest (`assets: new URL('../dist/web/', import.meta.url)`). */
export function pluginAssetsDir(assets: string | URL | undefined): string | null {
  if (!assets) return null;
  const dir = assets instanceof URL ? fileURLToPath(assets) : assets;
  return existsSync(dir) ? dir : null;
}

/** The string folders of the frontend packages, as translator namespaces `web` and `admin`. */
export function frontendLocales(rootDir: string): Array<{ namespace: string; dir: string }> {
  const found: Array<{ namespace: string; dir: string }> = [];
  for (const [namespace, pkg] of [['web', '@petamigos/web'], ['admin', '@petamigos/admin-ui']] as const) {
    const dir = packageDir(pkg, rootDir);
    if (dir && existsSync(join(dir, 'locales', 'en.json'))) found.push({ namespace, dir: join(dir, 'locales') });
  }
  return found;
}
