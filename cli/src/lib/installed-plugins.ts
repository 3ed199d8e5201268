import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { PluginConfigEntry, ResolvedConfig } from '@petamigos/core';
import { loadConfigCore, loadKernelInternals, type DiscoveredPlugin, type PluginPlanLike } from './core.js';
import { setPluginEnabled, type PluginEntryEdit } from './config-editor.js';
import { CliError } from './errors.js';

/** What is installed and what the config enables, as the kernel sees it, without opening the database. */
export interface InstalledPlugins {
  config: ResolvedConfig;
  discovered: DiscoveredPlugin[];
  plan: PluginPlanLike;
  enabled: Set<string>;
  byName: Map<string, DiscoveredPlugin>;
}

export async function installedPlugins(config: ResolvedConfig): Promise<InstalledPlugins> {
  const internals = await loadKernelInternals();
  const { KERNEL_VERSION } = await loadConfigCore();
  const discovered = await internals.discoverPlugins(config);
  const plan = internals.planPlugins(discovered, config, KERNEL_VERSION);
  return {
    config,
    discovered,
    plan,
    enabled: new Set(plan.ordered.filter((p) => p.enabledAtStart).map((p) => p.manifest.name)),
    byName: new Map(discovered.map((d) => [d.manifest.name, d])),
  };
}

/** Would the kernel start with these plugin entries? Throws its error if not (ranges, settings, cycles). */
export async function checkPlan(state: InstalledPlugins, entries: Record<string, PluginConfigEntry>, extra: DiscoveredPlugin[] = []): Promise<void> {
  const internals = await loadKernelInternals();
  const { KERNEL_VERSION } = await loadConfigCore();
  internals.planPlugins([...state.discovered, ...extra], { ...state.config, plugins: entries }, KERNEL_VERSION);
}

/** The config entry after enabling or disabling, as the kernel will read it. */
export function entryWith(current: PluginConfigEntry | undefined, enabled: boolean, pkg?: string): PluginConfigEntry {
  if (current === undefined || typeof current === 'boolean') return pkg ? { package: pkg, enabled } : enabled;
  return { ...current, enabled, ...(pkg ? { package: pkg } : {}) };
}

export function unknownPluginError(name: string, state: InstalledPlugins, closest: string | undefined): CliError {
  const installed = [...state.byName.keys()].sort();
  return new CliError(
    `no plugin named "${name}" is installed${closest ? ` (did you mean "${closest}"?)` : ''}; installed: ${installed.join(', ') || 'none'}. ` +
      'Install one from npm with `petamigos plugins add <package>`, or write one with `petamigos create-plugin <name>`',
    { code: 'PLUGIN_NOT_FOUND' },
  );
}

/** The config file the command edits: --config, an existing petamigos.config.*, or a new petamigos.config.ts. */
export async function configFilePath(flag: string | undefined): Promise<{ file: string; exists: boolean }> {
  const { CONFIG_FILE_NAMES } = await loadConfigCore();
  if (flag) return { file: resolve(flag), exists: existsSync(resolve(flag)) };
  const found = CONFIG_FILE_NAMES.map((n) => resolve(n)).find((f) => existsSync(f));
  return found ? { file: found, exists: true } : { file: resolve(CONFIG_FILE_NAMES[0]!), exists: false };
}

/** Applies enable/disable edits to the config file and writes it once. */
export function editConfigFile(file: string, exists: boolean, changes: Array<{ name: string; enabled: boolean; package?: string }>): Array<PluginEntryEdit & { name: string }> {
  let source = exists ? readFileSync(file, 'utf8') : "import { defineConfig } from '@petamigos/core';\n\nexport default defineConfig({});\n";
  const results: Array<PluginEntryEdit & { name: string }> = [];
  for (const change of changes) {
    const edit = setPluginEnabled(source, change.name, change.enabled, { package: change.package, file: basename(file) });
    source = edit.code;
    results.push({ ...edit, name: change.name });
  }
  if (results.some((r) => r.changed) || !exists) writeFileSync(file, source);
  return results;
}

/** Finds an installed npm package the way Node resolves it from `from`: the nearest node_modules upward. */
export function findPackageDir(name: string, from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const parent = resolve(dir, '..');
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function readJson<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

// "Did you mean" uses the kernel's own suggestion, so the CLI and config errors agree.
export { closest } from '@petamigos/core/config';
