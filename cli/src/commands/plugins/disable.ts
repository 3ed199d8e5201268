import { Args } from '@oclif/core';
import { relative } from 'node:path';
import type { PluginConfigEntry } from '@petamigos/core';
import { PetAmigosCommand } from '../../base-command.js';
import { CliError } from '../../lib/errors.js';
import { checkPlan, closest, configFilePath, editConfigFile, entryWith, installedPlugins, unknownPluginError } from '../../lib/installed-plugins.js';

export default class PluginsDisable extends PetAmigosCommand {
  static override summary = 'Disable plugins in petamigos.config.ts (their data is kept).';
  static override description =
    'Edits the plugins block of petamigos.config.ts in place, keeping your comments and formatting and the plugin\'s settings (`name: false`, or `enabled: false` in its entry). A plugin that other enabled plugins require is refused, naming them; disable several at once by listing them all. Disabling removes the plugin\'s routes, jobs and pages at the next start and keeps every row of its data.';

  static override examples = [
    { description: 'Turn the marketplace off', command: '<%= config.bin %> plugins disable marketplace' },
    { description: 'Disable a plugin and the plugins that require it', command: '<%= config.bin %> plugins disable feed social' },
  ];

  static override strict = false;
  static override args = { name: Args.string({ description: 'Plugin name(s).', required: true }) };
  static override enableJsonFlag = true;

  async run(): Promise<{ file: string; plugins: Array<{ name: string; changed: boolean }> }> {
    const { argv, flags } = await this.parse(PluginsDisable);
    const names = [...new Set(argv as string[])];
    const { file, exists } = await configFilePath(flags.config);
    const state = await installedPlugins(await this.loadConfig(exists ? file : undefined));

    for (const name of names) {
      if (!state.byName.has(name) && !(name in state.config.plugins)) throw unknownPluginError(name, state, closest(name, state.byName.keys()));
    }
    const leaving = new Set(names);
    const dependents = new Map<string, string[]>();
    for (const other of state.enabled) {
      if (leaving.has(other)) continue;
      for (const required of Object.keys(state.byName.get(other)?.manifest.requires ?? {})) {
        if (leaving.has(required)) dependents.set(required, [...(dependents.get(required) ?? []), other]);
      }
    }
    if (dependents.size > 0) {
      const blockers = [...new Set([...dependents.values()].flat())];
      const problems = [...dependents].map(([name, by]) => `${by.join(' and ')} ${by.length > 1 ? 'require' : 'requires'} ${name}`);
      throw new CliError(`cannot disable ${[...dependents.keys()].join(', ')}: ${problems.join('; ')}. Disable ${blockers.length > 1 ? 'them' : 'it'} too: petamigos plugins disable ${[...blockers, ...names].join(' ')}`, {
        code: 'REQUIRED_BY_ENABLED',
      });
    }

    const entries: Record<string, PluginConfigEntry> = { ...state.config.plugins };
    for (const name of names) if (name in entries) entries[name] = entryWith(entries[name], false);
    await checkPlan(state, entries);

    const results = exists ? editConfigFile(file, exists, names.map((name) => ({ name, enabled: false }))) : names.map((name) => ({ name, changed: false }));
    const shown = relative(process.cwd(), file) || file;
    for (const r of results) this.log(r.changed ? `✔ disabled ${r.name} in ${shown}; its data is kept` : `${r.name} is not enabled`);
    if (results.some((r) => r.changed)) this.log('\nIt takes effect at the next start.');
    return { file, plugins: results.map((r) => ({ name: r.name, changed: r.changed })) };
  }
}
