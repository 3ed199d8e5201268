// The configuration half of the kernel's public surface, importable on its own
// (`@petamigos/core/config`): tools that only read or write configuration — the CLI's `init`,
// `plugins enable`, `--help` — start in a fraction of the time the whole kernel takes to load.
export { defineConfig, loadConfig, resolveConfig, CONFIG_FILE_NAMES } from './load-config.js';
export { ConfigSchema, type PetAmigosConfig, type PluginConfigEntry } from './schema.js';
export type { ResolvedConfig, Secrets } from './resolved.js';
export { ConfigError, closest } from './config-error.js';
export { envOverrides, secretVariables } from './env.js';
export { KERNEL_VERSION } from '../kernel-version.js';
// Plugin discovery and planning, so tools see plugins exactly as the kernel does without opening the database.
export { discoverPlugins, packageEntry, type DiscoveredPlugin } from '../plugins/discover.js';
export { planPlugins, type PluginPlan, type PlannedPlugin } from '../plugins/plan-plugins.js';
