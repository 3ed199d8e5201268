import { Args } from '@oclif/core';
import { relative } from 'node:path';
import type { PluginConfigEntry } from '@petamigos/core';
import { PetAmigosCommand } from '../../base-command.js';
import { CliError } from '../../lib/errors.js';
import { checkPlan, closest, configFilePath, editConfigFile, entryWith, installedPlugins, unknownPluginError } from '../../lib/installed-plugins.js';

export default class PluginsEnable extends PetAmigosCommand {
  static override summary = 'Enable installed plugins in petamigos.config.ts.';
  static override description =
    'Edits the plugins block of petamigos.config.ts in place: your comments, formatting and other settings stay as they are. A plugin whose required plugins are not enabled is refused, naming them; enable several at once by listing them all. The change takes effect at the next start (on PostgreSQL, run `petamigos migrate` first for the plugin\'s migrations).';

  static override examples = [
    { description: 'Enable the kennel plugin', command: '<%= config.bin %> plugins enable kennel' },
    { description: 'Enable a plugin together with the plugin it requires', command: '<%= config.bin %> plugins enable social feed' },
  ];

  static override strict = false;
  static override args = { name: Args.string({ description: 'Plugin name(s), as `petamigos plugins list` shows them.', required: true }) };
  static override enableJsonFlag = true;

  async run(): Promise<{ file: string; plugins: Array<{ name: string; changed: boolean }> }> {
    const { argv, flags } = await this.parse(PluginsEnable);
    const names = [...new Set(argv as string[])];
    const { file, exists } = await configFilePath(flags.config);
    const state = await installedPlugins(await this.loadConfig(exists ? file : undefined));

    for (const name of names) {
      if (!state.byName.has(name)) throw unknownPluginError(name, state, closest(name, state.byName.keys()));
      const unavailable = state.plan.unavailable.find((u) => u.name === name);
      if (unavailable) throw new CliError(`cannot enable ${name}: ${unavailable.reason}`, { code: 'PLUGIN_UNAVAILABLE' });
    }
    const willBeEnabled = new Set([...state.enabled, ...names]);
    const missing = new Map<string, string[]>();
    for (const name of names) {
      for (const [required, range] of Object.entries(state.byName.get(name)!.manifest.requires ?? {})) {
        if (!willBeEnabled.has(required)) missing.set(name, [...(missing.get(name) ?? []), `${required} (${range})`]);
      }
    }
    if (missing.size > 0) {
      const needed = [...new Set([...missing.values()].flat().map((r) => r.split(' ')[0]!))];
      const problems = [...missing].map(([name, reqs]) => `${name} requires ${reqs.join(' and ')}, which ${reqs.length > 1 ? 'are' : 'is'} not enabled`);
      throw new CliError(`${problems.join('; ')}. Enable ${needed.length > 1 ? 'them' : 'it'} too: petamigos plugins enable ${[...needed, ...names].join(' ')}`, { code: 'REQUIREMENTS_NOT_ENABLED' });
    }

    const entries: Record<string, PluginConfigEntry> = { ...state.config.plugins };
    for (const name of names) entries[name] = entryWith(entries[name], true);
    // The kernel's own plan is the final word: kernel ranges, requirement ranges, plugin settings.
    await checkPlan(state, entries);

    const results = editConfigFile(file, exists, names.map((name) => ({ name, enabled: true })));
    const shown = relative(process.cwd(), file) || file;
    if (!exists) this.log(`created ${shown}`);
    for (const r of results) this.log(r.changed ? `✔ enabled ${r.name} in ${shown}` : `${r.name} is already enabled`);
    if (results.some((r) => r.changed)) {
      this.log(`\nIt takes effect at the next start: \`petamigos start\` (on PostgreSQL, run \`petamigos migrate\` first).`);
    }
    return { file, plugins: results.map((r) => ({ name: r.name, changed: r.changed })) };
  }
}
