import semver from 'semver';
import type { TObject } from 'typebox';
import { checkAgainstSchema } from '../config/check-schema.js';
import { ConfigError, closest, describeValue } from '../config/config-error.js';
import type { ResolvedConfig } from '../config/resolved.js';
import type { DiscoveredPlugin } from './discover.js';
import type { AnyPluginManifest } from './manifest.js';
import { PluginError } from './plugin-error.js';
import { validateManifest } from './validate-manifest.js';

export interface PlannedPlugin {
  manifest: AnyPluginManifest;
  origin: DiscoveredPlugin['origin'];
  settings: Record<string, unknown>;
  /** What the config asks for at start. */
  enabledAtStart: boolean;
}

export interface PluginPlan {
  /** Mountable plugins in dependency order (required plugins first). */
  ordered: PlannedPlugin[];
  /** Installed plugins that cannot be mounted (only ever disabled ones), with the reason. */
  unavailable: Array<{ name: string; reason: string }>;
}

/**
 * Turns discovered plugins plus the config into a load order. Enabled plugins with a wrong kernel
 * range, a missing or incompatible requirement, or a requirement cycle stop the start with an error
 * naming the plugins and ranges; installed-but-disabled plugins with such problems are set aside.
 */
export function planPlugins(discovered: DiscoveredPlugin[], config: ResolvedConfig, kernelVersion: string): PluginPlan {
  const byName = new Map<string, DiscoveredPlugin>();
  for (const plugin of discovered) {
    validateManifest(plugin.manifest);
    const other = byName.get(plugin.manifest.name);
    if (other) {
      throw new PluginError(`two plugins are named "${plugin.manifest.name}": ${other.origin.location} and ${plugin.origin.location}`, [plugin.manifest.name]);
    }
    byName.set(plugin.manifest.name, plugin);
  }

  const enabled = new Set<string>();
  const configured = new Map<string, Record<string, unknown>>();
  for (const [name, entry] of Object.entries(config.plugins)) {
    if (!byName.has(name)) {
      const hint = closest(name, byName.keys());
      throw new ConfigError(
        `plugins.${name}`,
        `unknown plugin${hint ? ` (did you mean "${hint}"?)` : ''}; installed plugins: ${[...byName.keys()].join(', ') || 'none'}`,
        config.configFile ?? undefined,
      );
    }
    const normalized = normalizeEntry(name, entry, config.configFile);
    if (normalized.enabled) enabled.add(name);
    configured.set(name, normalized.settings);
  }

  const unavailable = new Map<string, string>();
  const problem = (name: string, message: string) => {
    if (enabled.has(name)) throw new PluginError(message, [name]);
    unavailable.set(name, message);
  };

  for (const [name, { manifest }] of byName) {
    if (!semver.satisfies(kernelVersion, manifest.kernel, { includePrerelease: true })) {
      problem(name, `plugin ${name}@${manifest.version} supports kernel ${manifest.kernel}, but this kernel is ${kernelVersion}`);
      continue;
    }
    for (const [required, range] of Object.entries(manifest.requires ?? {})) {
      const dependency = byName.get(required);
      if (!dependency) {
        problem(name, `plugin ${name}@${manifest.version} requires ${required}@${range}, which is not installed`);
      } else if (!semver.satisfies(dependency.manifest.version, range, { includePrerelease: true })) {
        problem(name, `plugin ${name}@${manifest.version} requires ${required}@${range}, but ${required}@${dependency.manifest.version} is installed`);
      } else if (enabled.has(name) && !enabled.has(required)) {
        throw new PluginError(`plugin ${name} requires ${required}@${range}, which is installed but not enabled; enable ${required} in plugins, or disable ${name}`, [name, required]);
      }
    }
  }
  // A plugin whose requirement cannot be mounted cannot be mounted either.
  let changed = true;
  while (changed) {
    changed = false;
    for (const [name, { manifest }] of byName) {
      if (unavailable.has(name)) continue;
      const blocked = Object.keys(manifest.requires ?? {}).find((r) => unavailable.has(r));
      if (blocked) {
        problem(name, `plugin ${name} requires ${blocked}, which cannot be loaded: ${unavailable.get(blocked)}`);
        changed = true;
      }
    }
  }

  const candidates = [...byName.keys()].filter((n) => !unavailable.has(n));
  const order = topologicalOrder(candidates, (n) => Object.keys(byName.get(n)!.manifest.requires ?? {}), (cycle) => {
    const ranges = cycle.slice(0, -1).map((n, i) => `${n} requires ${cycle[i + 1]}@${byName.get(n)!.manifest.requires![cycle[i + 1]!]}`);
    const message = `plugin requirement cycle: ${cycle.join(' → ')} (${ranges.join(', ')})`;
    if (cycle.some((n) => enabled.has(n))) throw new PluginError(message, cycle);
    for (const n of cycle) unavailable.set(n, message);
  });

  const ordered = order
    .filter((n) => !unavailable.has(n))
    .map((name) => {
      const { manifest, origin } = byName.get(name)!;
      const settings = manifest.settings
        ? checkAgainstSchema<Record<string, unknown>>(manifest.settings as TObject, configured.get(name) ?? {}, `plugins.${name}.settings`, config.configFile ?? undefined)
        : refuseSettings(name, configured.get(name), config.configFile);
      return { manifest, origin, settings, enabledAtStart: enabled.has(name) };
    });
  return { ordered, unavailable: [...unavailable].map(([name, reason]) => ({ name, reason })) };
}

function normalizeEntry(name: string, entry: unknown, file: string | null): { enabled: boolean; settings: Record<string, unknown> } {
  const source = file ?? undefined;
  if (typeof entry === 'boolean') return { enabled: entry, settings: {} };
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    throw new ConfigError(`plugins.${name}`, `expected true, false or { enabled?, package?, settings? }, found ${describeValue(entry)}`, source);
  }
  const record = entry as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!['enabled', 'package', 'settings'].includes(key)) {
      throw new ConfigError(`plugins.${name}.${key}`, `unknown key; expected one of: enabled, package, settings (plugin settings go under plugins.${name}.settings)`, source);
    }
  }
  if (record.enabled !== undefined && typeof record.enabled !== 'boolean') {
    throw new ConfigError(`plugins.${name}.enabled`, `expected a boolean, found ${describeValue(record.enabled)}`, source);
  }
  if (record.settings !== undefined && (record.settings === null || typeof record.settings !== 'object' || Array.isArray(record.settings))) {
    throw new ConfigError(`plugins.${name}.settings`, `expected an object, found ${describeValue(record.settings)}`, source);
  }
  return { enabled: record.enabled !== false, settings: (record.settings as Record<string, unknown> | undefined) ?? {} };
}

function refuseSettings(name: string, settings: Record<string, unknown> | undefined, file: string | null): Record<string, unknown> {
  const key = Object.keys(settings ?? {})[0];
  if (key) throw new ConfigError(`plugins.${name}.settings.${key}`, 'unknown key; this plugin declares no settings', file ?? undefined);
  return {};
}

/** Kahn's algorithm with ties broken by name, so the order is the same on every machine. */
function topologicalOrder(nodes: string[], requires: (n: string) => string[], onCycle: (cycle: string[]) => void): string[] {
  const set = new Set(nodes);
  const remaining = new Map(nodes.map((n) => [n, requires(n).filter((r) => set.has(r))]));
  const order: string[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining].filter(([, deps]) => deps.every((d) => !remaining.has(d))).map(([n]) => n).sort();
    if (ready.length === 0) {
      const cycle = findCycle(remaining);
      onCycle(cycle);
      for (const n of cycle) remaining.delete(n);
      continue;
    }
    for (const n of ready) {
      order.push(n);
      remaining.delete(n);
    }
  }
  return order;
}

function findCycle(graph: Map<string, string[]>): string[] {
  const start = [...graph.keys()].sort()[0]!;
  const path: string[] = [];
  const seen = new Map<string, number>();
  let node = start;
  while (!seen.has(node)) {
    seen.set(node, path.length);
    path.push(node);
    node = graph.get(node)!.filter((d) => graph.has(d)).sort()[0]!;
  }
  return [...path.slice(seen.get(node)), node];
}
