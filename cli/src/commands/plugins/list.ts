import { relative } from 'node:path';
import { PetAmigosCommand } from '../../base-command.js';
import { installedPlugins } from '../../lib/installed-plugins.js';
import { table } from '../../lib/table.js';

interface PluginRow {
  name: string;
  version: string;
  description?: string;
  enabled: boolean;
  origin: { kind: string; location: string };
  requires: Record<string, string>;
  /** Null when the database could not be read. */
  pendingMigrations: number | null;
  status: 'ok' | 'unavailable';
  reason?: string;
}

export default class PluginsList extends PetAmigosCommand {
  static override summary = 'List installed plugins: version, enabled, pending migrations, status.';
  static override description =
    'Installed plugins are the folders under plugins/ and the npm packages named in petamigos.config.ts. A plugin is "unavailable" when it cannot be loaded (an incompatible kernel range, or a requirement that is missing or disabled); the reason says which. Pending migrations are read from the database; when it cannot be opened (for example while `petamigos start` holds the embedded database) they show as "?".';

  static override examples = [
    { description: 'What is installed and enabled', command: '<%= config.bin %> plugins list' },
    { description: 'For scripts', command: "<%= config.bin %> plugins list --json | jq '.plugins[] | select(.enabled)'" },
  ];

  static override enableJsonFlag = true;

  async run(): Promise<{ plugins: PluginRow[]; kernel: { pendingMigrations: number | null } }> {
    const { flags } = await this.parse(PluginsList);
    const config = await this.loadConfig(flags.config);
    const state = await installedPlugins(config);

    let pending: Map<string, number> | null = null;
    try {
      const foundation = await this.openFoundation(config);
      try {
        const statuses = await foundation.migrator.pending(foundation.migrationSets(false));
        pending = new Map();
        for (const s of statuses) pending.set(s.owner, (pending.get(s.owner) ?? 0) + 1);
      } finally {
        await foundation.close();
      }
    } catch (error) {
      this.warn(`pending migrations unknown: ${(error as Error).message}`);
    }

    const rows: PluginRow[] = [
      ...state.plan.ordered.map((p) => ({
        name: p.manifest.name,
        version: p.manifest.version,
        description: p.manifest.description,
        enabled: p.enabledAtStart,
        origin: p.origin,
        requires: p.manifest.requires ?? {},
        pendingMigrations: pending ? (pending.get(p.manifest.name) ?? 0) : null,
        status: 'ok' as const,
      })),
      ...state.plan.unavailable.map((u) => {
        const found = state.byName.get(u.name);
        return {
          name: u.name,
          version: found?.manifest.version ?? '?',
          description: found?.manifest.description,
          enabled: false,
          origin: found?.origin ?? { kind: 'unknown', location: '?' },
          requires: found?.manifest.requires ?? {},
          pendingMigrations: null,
          status: 'unavailable' as const,
          reason: u.reason,
        };
      }),
    ].sort((a, b) => a.name.localeCompare(b.name));

    if (!this.jsonEnabled()) {
      if (rows.length === 0) {
        this.log('No plugins installed. Add one with `petamigos plugins add <npm-package>` or write one with `petamigos create-plugin <name>`.');
      } else {
        this.log(table([
          ['NAME', 'VERSION', 'ENABLED', 'PENDING MIGRATIONS', 'STATUS', 'FROM'],
          ...rows.map((r) => [
            r.name,
            r.version,
            r.enabled ? 'yes' : 'no',
            r.pendingMigrations === null ? '?' : String(r.pendingMigrations),
            r.status === 'ok' ? 'ok' : `unavailable: ${r.reason}`,
            r.origin.kind === 'folder' ? relative(config.rootDir, r.origin.location) : r.origin.location,
          ]),
        ]));
      }
      const kernelPending = pending?.get('kernel') ?? 0;
      if (kernelPending > 0) this.log(`\n  The kernel itself has ${kernelPending} pending migration(s).`);
    }
    return { plugins: rows, kernel: { pendingMigrations: pending ? (pending.get('kernel') ?? 0) : null } };
  }
}
