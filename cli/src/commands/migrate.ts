import { Args, Flags, ux } from '@oclif/core';
import type { MigrationStatus } from '@petamigos/core';
import { PetAmigosCommand } from '../base-command.js';

export default class Migrate extends PetAmigosCommand {
  static override summary = 'Apply, revert or list database migrations.';
  static override description =
    'Each plugin owns its migrations; the kernel records them per plugin and applies the kernel\'s own first, then plugins in dependency order. `up` brings a fresh empty database to the current schema. `down` reverts the newest migration of one plugin (one step). A failing migration stops with the plugin and migration named; earlier ones stay applied.';

  static override examples = [
    { description: 'Apply everything pending', command: '<%= config.bin %> migrate' },
    { description: 'Show what is applied and pending', command: '<%= config.bin %> migrate status' },
    { description: 'Revert the newest migration of the feed plugin', command: '<%= config.bin %> migrate down --plugin feed' },
    { description: 'Machine-readable status', command: '<%= config.bin %> migrate status --json' },
  ];

  static override args = {
    action: Args.string({ description: 'What to do.', options: ['up', 'down', 'status'], default: 'up' }),
  };

  static override flags = {
    plugin: Flags.string({ description: 'Only this plugin (`kernel` for the kernel\'s own). Required for down.' }),
    all: Flags.boolean({ description: 'Include installed plugins that are not enabled.', default: false }),
  };

  static override enableJsonFlag = true;

  async run(): Promise<unknown> {
    const { args, flags } = await this.parse(Migrate);
    const config = await this.loadConfig(flags.config);
    const foundation = await this.openFoundation(config);
    try {
      const sets = foundation.migrationSets(!flags.all && !flags.plugin).filter((s) => !flags.plugin || s.owner === flags.plugin);
      if (flags.plugin && sets.length === 0) {
        const known = foundation.migrationSets().map((s) => s.owner).join(', ');
        this.error(`no plugin named ${flags.plugin} is installed (known: ${known})`, { exit: 1 });
      }
      if (args.action === 'status') {
        const status = await foundation.migrator.status(sets);
        if (!this.jsonEnabled()) this.printStatus(status);
        return { migrations: status };
      }
      if (args.action === 'down') {
        if (!flags.plugin) this.error('down reverts one plugin\'s newest migration: name it with --plugin <name>', { exit: 2 });
        const reverted = await foundation.migrator.down(sets[0]!);
        this.log(reverted ? `reverted ${flags.plugin}: ${reverted}` : `${flags.plugin} has no applied migrations`);
        return { reverted };
      }
      const started = Date.now();
      const applied = await foundation.migrator.up(sets, (p) => {
        if (!this.jsonEnabled()) ux.stdout(`  [${p.index + 1}/${p.total}] ${p.owner}: ${p.name}`);
      });
      const owners = [...new Set(applied.map((a) => a.owner))];
      this.log(applied.length === 0
        ? 'database is up to date'
        : `applied ${applied.length} migration(s) for ${owners.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return { applied };
    } finally {
      await foundation.close();
    }
  }

  private printStatus(status: MigrationStatus[]): void {
    if (status.length === 0) {
      this.log('no migrations');
      return;
    }
    for (const m of status) {
      const state = m.missing ? 'applied, file missing' : m.applied ? `applied ${m.appliedAt?.toISOString()}` : 'pending';
      this.log(`  ${m.applied ? '✔' : '•'} ${m.owner.padEnd(14)} ${m.name.padEnd(48)} ${state}`);
    }
    const pending = status.filter((m) => !m.applied).length;
    this.log(`\n${status.length - pending} applied, ${pending} pending`);
  }
}
