import semver from 'semver';
import type { AnyPluginManifest } from './manifest.js';
import { PluginError } from './plugin-error.js';

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const RESERVED = new Set(['kernel', 'auth', 'admin', 'docs', 'health', 'ready', 'metrics', 'api', 'users', 'realtime', 'search', 'notifications']);

export function tablePrefixOf(pluginName: string): string {
  return `${pluginName.replace(/-/g, '_')}_`;
}

/** Checks what TypeScript cannot: names, versions, ranges, namespacing of events and tables. */
export function validateManifest(manifest: AnyPluginManifest): void {
  const name = manifest.name;
  const fail = (problem: string): never => {
    throw new PluginError(`plugin "${name}": ${problem}`, [name]);
  };
  if (!NAME.test(name)) fail('name must be lower-case letters, digits and dashes, starting with a letter');
  if (RESERVED.has(name)) fail(`name "${name}" is reserved by the kernel`);
  if (typeof manifest.version !== 'string' || !semver.valid(manifest.version)) fail(`version must be a semver version, found ${JSON.stringify(manifest.version)}`);
  if (typeof manifest.kernel !== 'string' || !semver.validRange(manifest.kernel)) fail(`kernel must be a semver range, found ${JSON.stringify(manifest.kernel)}`);
  for (const [required, range] of Object.entries(manifest.requires ?? {})) {
    if (!semver.validRange(range)) fail(`requires.${required} must be a semver range, found ${JSON.stringify(range)}`);
    if (required === name) fail('a plugin cannot require itself');
  }
  if (manifest.settings !== undefined && (manifest.settings as { type?: unknown }).type !== 'object') fail('settings must be an object schema (Type.Object)');
  for (const event of Object.keys(manifest.events?.emits ?? {})) {
    if (!event.startsWith(`${name}.`)) fail(`emitted event "${event}" must be namespaced "${name}.<thing>.<happened>"`);
  }
  for (const [job, schedule] of Object.entries(manifest.schedules ?? {})) {
    if (!manifest.jobs?.[schedule.job]) fail(`schedule "${job}" names job "${schedule.job}", which the plugin does not declare`);
  }
  const prefix = tablePrefixOf(name);
  for (const entity of manifest.entities ?? []) {
    const meta = (entity as { meta?: { tableName?: string; collection?: string; className?: string } }).meta;
    const table = meta?.tableName ?? meta?.collection;
    if (table && !table.startsWith(prefix)) fail(`entity ${meta?.className ?? ''} uses table "${table}"; a plugin's tables must start with "${prefix}"`);
  }
  for (const key of ['routes', 'service', 'ready'] as const) {
    if (manifest[key] !== undefined && typeof manifest[key] !== 'function') fail(`${key} must be a function`);
  }
}
