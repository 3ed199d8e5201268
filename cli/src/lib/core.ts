/**
 * The kernel is loaded on first use, not at module load: `@petamigos/core` pulls in Fastify,
 * MikroORM and PGlite (about a second), and `--help` must stay instant.
 */
export type Core = typeof import('@petamigos/core');

let core: Promise<Core> | undefined;

export function loadCore(): Promise<Core> {
  core ??= import('@petamigos/core');
  return core;
}

/**
 * The configuration half of the kernel's public surface (the same modules `@petamigos/core`
 * re-exports), loaded on its own: 0.4 s instead of the whole kernel's 1.8 s, for commands that only
 * read or write configuration (`init`, `create-plugin`, and every command's config loading).
 */
export interface ConfigCore {
  loadConfig: Core['loadConfig'];
  CONFIG_FILE_NAMES: Core['CONFIG_FILE_NAMES'];
  envOverrides: Core['envOverrides'];
  secretVariables: Core['secretVariables'];
  ConfigSchema: Core['ConfigSchema'];
  KERNEL_VERSION: Core['KERNEL_VERSION'];
}

let configCore: Promise<ConfigCore> | undefined;

export function loadConfigCore(): Promise<ConfigCore> {
  configCore ??= import('@petamigos/core/config');
  return configCore;
}

// ---------------------------------------------------------------- kernel internals
//
// The CLI must see plugins exactly as the kernel does (same discovery, same requirement and range
// checks, same error messages) without opening the database: `@petamigos/core/config` exports them.

export interface DiscoveredPlugin {
  manifest: PluginManifestLike;
  origin: { kind: 'folder' | 'package' | 'inline'; location: string };
}

/** The parts of a manifest the CLI reads (the full type lives in the kernel). */
export interface PluginManifestLike {
  name: string;
  version: string;
  kernel: string;
  description?: string;
  requires?: Record<string, string>;
  migrations?: string | URL;
  cli?: Record<string, PluginCliCommand>;
}

export interface PluginCliCommand {
  description: string;
  examples?: string[];
  args?: Record<string, { description: string; required?: boolean }>;
  flags?: Record<string, { description: string; type: 'string' | 'boolean' | 'integer'; default?: unknown }>;
  run: (input: { args: Record<string, string | undefined>; flags: Record<string, unknown> }, ctx: unknown) => Promise<void>;
}

export interface PlannedPluginLike {
  manifest: PluginManifestLike;
  origin: DiscoveredPlugin['origin'];
  enabledAtStart: boolean;
}

export interface PluginPlanLike {
  ordered: PlannedPluginLike[];
  unavailable: Array<{ name: string; reason: string }>;
}

interface Internals {
  discoverPlugins(config: import('@petamigos/core').ResolvedConfig): Promise<DiscoveredPlugin[]>;
  packageEntry(dir: string): string;
  planPlugins(discovered: DiscoveredPlugin[], config: import('@petamigos/core').ResolvedConfig, kernelVersion: string): PluginPlanLike;
}

let internals: Promise<Internals> | undefined;

export function loadKernelInternals(): Promise<Internals> {
  internals ??= import('@petamigos/core/config').then((m) => ({
    discoverPlugins: m.discoverPlugins as unknown as Internals['discoverPlugins'],
    packageEntry: m.packageEntry,
    planPlugins: m.planPlugins as unknown as Internals['planPlugins'],
  }));
  return internals;
}
