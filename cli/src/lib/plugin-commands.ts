import type { PluginCliCommand, PluginManifestLike } from './core.js';
import { loadConfigCore } from './core.js';
import { CliError } from './errors.js';
import { installedPlugins, type InstalledPlugins } from './installed-plugins.js';
import { bootKernel } from './session.js';

/**
 * Commands that plugins declare in their manifest (`cli: { <command>: {...} }`) run as
 * `petamigos <plugin> <command>`. oclif knows only the CLI's own commands, so these are found when
 * oclif finds nothing: the command-not-found hook runs them and the help class documents them.
 */

export interface PluginCommandTarget {
  manifest: PluginManifestLike;
  enabled: boolean;
  state: InstalledPlugins;
}

/** Strips the global --config/-c flag, which plugin commands share with every other command. */
export function takeConfigFlag(argv: string[]): { argv: string[]; config?: string } {
  const rest: string[] = [];
  let config: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--config' || a === '-c') config = argv[++i];
    else if (a.startsWith('--config=')) config = a.slice('--config='.length);
    else rest.push(a);
  }
  return { argv: rest, config };
}

/** The installed plugin named `name` that declares CLI commands, if any. */
export async function findPluginWithCommands(name: string, configFile?: string): Promise<PluginCommandTarget | undefined> {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) return undefined;
  const { loadConfig } = await loadConfigCore();
  const state = await installedPlugins(await loadConfig({ cwd: process.cwd(), file: configFile }));
  const found = state.byName.get(name);
  if (!found?.manifest.cli || Object.keys(found.manifest.cli).length === 0) return undefined;
  return { manifest: found.manifest, enabled: state.enabled.has(name), state };
}

export function pluginHelp(manifest: PluginManifestLike, command?: string): string {
  const commands = manifest.cli ?? {};
  if (command && commands[command]) {
    const c = commands[command]!;
    const args = Object.entries(c.args ?? {});
    const flags = Object.entries(c.flags ?? {});
    const usage = [`petamigos ${manifest.name} ${command}`, ...args.map(([n, a]) => (a.required ? n.toUpperCase() : `[${n.toUpperCase()}]`)), ...(flags.length > 0 ? ['[FLAGS]'] : [])].join(' ');
    const lines = [c.description, '', 'USAGE', `  $ ${usage}`];
    if (args.length > 0) lines.push('', 'ARGUMENTS', ...args.map(([n, a]) => `  ${n.toUpperCase().padEnd(20)} ${a.description}`));
    if (flags.length > 0) {
      lines.push('', 'FLAGS', ...flags.map(([n, f]) => `  --${`${n}${f.type === 'boolean' ? '' : `=<${f.type}>`}`.padEnd(19)} ${f.description}${f.default !== undefined ? ` [default: ${String(f.default)}]` : ''}`));
    }
    if (c.examples?.length) lines.push('', 'EXAMPLES', ...c.examples.map((e) => `  $ ${e}`));
    return `${lines.join('\n')}\n`;
  }
  const lines = [`Commands of the ${manifest.name} plugin (${manifest.version})${manifest.description ? `: ${manifest.description}` : ''}`, '', 'COMMANDS'];
  for (const [name, c] of Object.entries(commands)) lines.push(`  ${`${manifest.name} ${name}`.padEnd(28)} ${c.description}`);
  lines.push('', `Run \`petamigos ${manifest.name} <command> --help\` for a command's arguments and flags.`);
  return `${lines.join('\n')}\n`;
}

/** Parses argv against a declaration: positional args in declared order, `--flag value`, `--flag=value`, `--no-flag`. */
export function parsePluginArgv(label: string, declaration: PluginCliCommand, argv: string[]): { args: Record<string, string | undefined>; flags: Record<string, unknown> } {
  const specs = declaration.flags ?? {};
  const flags: Record<string, unknown> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith('--')) {
      positional.push(token);
      continue;
    }
    let [key, value] = token.slice(2).split(/=(.*)/s) as [string, string | undefined];
    let negated = false;
    if (!specs[key] && key.startsWith('no-') && specs[key.slice(3)]?.type === 'boolean') {
      key = key.slice(3);
      negated = true;
    }
    const spec = specs[key];
    if (!spec) throw new CliError(`${label}: unknown flag --${key}${Object.keys(specs).length > 0 ? `; flags: ${Object.keys(specs).map((f) => `--${f}`).join(', ')}` : ''}`, { code: 'INVALID_INPUT', exit: 2 });
    if (spec.type === 'boolean') {
      flags[key] = value === undefined ? !negated : !/^(false|0|no|off)$/i.test(value);
      continue;
    }
    value ??= argv[++i];
    if (value === undefined) throw new CliError(`${label}: --${key} needs a value`, { code: 'INVALID_INPUT', exit: 2 });
    if (spec.type === 'integer') {
      if (!/^-?\d+$/.test(value)) throw new CliError(`${label}: --${key} expects an integer, found "${value}"`, { code: 'INVALID_INPUT', exit: 2 });
      flags[key] = Number(value);
    } else flags[key] = value;
  }
  for (const [key, spec] of Object.entries(specs)) if (!(key in flags) && spec.default !== undefined) flags[key] = spec.default;

  const names = Object.keys(declaration.args ?? {});
  if (positional.length > names.length) throw new CliError(`${label}: unexpected argument "${positional[names.length]}"`, { code: 'INVALID_INPUT', exit: 2 });
  const args: Record<string, string | undefined> = {};
  names.forEach((n, i) => (args[n] = positional[i]));
  const missing = names.filter((n) => declaration.args![n]!.required && args[n] === undefined);
  if (missing.length > 0) throw new CliError(`${label}: missing ${missing.map((m) => m.toUpperCase()).join(', ')}; see \`${label} --help\``, { code: 'INVALID_INPUT', exit: 2 });
  return { args, flags };
}

/** Boots a kernel and runs the command with the plugin's own context. */
export async function runPluginCommand(target: PluginCommandTarget, command: string, argv: string[]): Promise<void> {
  const { manifest } = target;
  const declaration = manifest.cli?.[command];
  const label = `petamigos ${manifest.name} ${command}`;
  if (!declaration) {
    throw new CliError(`the ${manifest.name} plugin has no command "${command}"; it has: ${Object.keys(manifest.cli ?? {}).join(', ')}`, { code: 'COMMAND_NOT_FOUND', exit: 2 });
  }
  const input = parsePluginArgv(label, declaration, argv);
  if (!target.enabled) throw new CliError(`the ${manifest.name} plugin is not enabled; run \`petamigos plugins enable ${manifest.name}\` first`, { code: 'PLUGIN_DISABLED' });
  const kernel = await bootKernel(target.state.config, `${manifest.name} ${command}`);
  try {
    const state = kernel.plugins.get(manifest.name);
    if (!state) throw new CliError(`the ${manifest.name} plugin did not load`);
    await declaration.run(input, state.ctx);
    // Events the command emitted are delivered before the process ends.
    await kernel.events.drain();
  } finally {
    await kernel.close();
  }
}
