import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ResolvedConfig } from '../config/resolved.js';
import type { AnyPluginManifest } from './manifest.js';
import { PluginError } from './plugin-error.js';

export interface DiscoveredPlugin {
  manifest: AnyPluginManifest;
  /** Where it came from: a folder under plugins/, an npm package, or handed in directly. */
  origin: { kind: 'folder' | 'package' | 'inline'; location: string };
}

// When the kernel itself runs from TypeScript source (tests, tsx), a TypeScript loader is active,
// so plugins are loaded from their source entry too and nothing needs building first.
const RUNNING_FROM_SOURCE = import.meta.url.endsWith('.ts');

/** Plugins are folders under `plugins/` and npm packages named in the config (`package`). */
export async function discoverPlugins(config: ResolvedConfig, pluginsDir = join(config.rootDir, 'plugins')): Promise<DiscoveredPlugin[]> {
  const found: DiscoveredPlugin[] = [];
  if (existsSync(pluginsDir)) {
    for (const entry of readdirSync(pluginsDir).sort()) {
      const dir = join(pluginsDir, entry);
      if (!statSync(dir).isDirectory() || !existsSync(join(dir, 'package.json'))) continue;
      found.push({ manifest: await importManifest(dir), origin: { kind: 'folder', location: dir } });
    }
  }
  for (const [name, entry] of Object.entries(config.plugins)) {
    if (typeof entry !== 'object' || entry === null || typeof entry.package !== 'string') continue;
    const dir = findPackageDir(entry.package, config.rootDir);
    if (!dir) {
      throw new PluginError(`plugins.${name}: npm package "${entry.package}" is not installed; run \`npm install ${entry.package}\``, [name]);
    }
    found.push({ manifest: await importManifest(dir), origin: { kind: 'package', location: entry.package } });
  }
  return found;
}

async function importManifest(dir: string): Promise<AnyPluginManifest> {
  const entry = packageEntry(dir);
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(entry).href)) as { default?: unknown };
  } catch (error) {
    throw new PluginError(`plugin at ${dir} failed to load from ${entry}: ${(error as Error).message}`);
  }
  const manifest = mod.default;
  if (!manifest || typeof manifest !== 'object' || typeof (manifest as { name?: unknown }).name !== 'string') {
    throw new PluginError(`plugin at ${dir} has no manifest: its entry ${entry} must \`export default definePlugin({...})\``);
  }
  return manifest as AnyPluginManifest;
}

/** Resolves a package folder's main ES module the way Node would, preferring source when we run from it. */
export function packageEntry(dir: string): string {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    name?: string;
    exports?: unknown;
    main?: string;
  };
  const conditions = RUNNING_FROM_SOURCE ? ['petamigos-source', 'import', 'default'] : ['import', 'default'];
  let target: unknown = pkg.exports;
  if (target && typeof target === 'object' && !Array.isArray(target) && '.' in target) target = (target as Record<string, unknown>)['.'];
  while (target && typeof target === 'object' && !Array.isArray(target)) {
    const next = conditions.find((c) => c in (target as object));
    target = next ? (target as Record<string, unknown>)[next] : undefined;
  }
  const relative = typeof target === 'string' ? target : (pkg.main ?? 'index.js');
  const file = resolve(dir, relative);
  if (!existsSync(file)) {
    throw new PluginError(`plugin ${pkg.name ?? dir} is not built: ${file} is missing; run \`npm run build\``);
  }
  return file;
}

export function findPackageDir(name: string, from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
