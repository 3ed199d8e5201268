import type { AuthUser } from '../../accounts/accounts-service.js';
import { audit } from '../../accounts/audit.js';
import type { RequestOrigin } from '../../accounts/session-tokens.js';
import type { Sql } from '../../accounts/sql.js';
import type { MigrationRunner } from '../../db/migrations/runner.js';
import { HttpError } from '../../http/errors.js';
import type { AdminCardDeclaration, AdminPanelDeclaration } from '../../plugins/manifest.js';
import { PluginError } from '../../plugins/plugin-error.js';
import type { PluginSettingsStore, SettingsView } from '../../plugins/plugin-settings.js';
import type { PluginRegistry } from '../../plugins/registry.js';

export interface AdminPluginView {
  name: string;
  version: string;
  description: string | null;
  origin: string;
  enabled: boolean;
  /** False when the plugin cannot be loaded at all (wrong kernel range, missing requirement); `reason` says why. */
  available: boolean;
  reason: string | null;
  requires: Record<string, string>;
  /** Enabled plugins that require this one: it cannot be disabled while they are on. */
  requiredBy: string[];
  /** `ok`/`failing` from the plugin's `ready` check; `disabled` and `unavailable` are not checked. */
  health: 'ok' | 'failing' | 'disabled' | 'unavailable';
  pendingMigrations: number;
  settings: SettingsView | null;
  admin: { panels: AdminPanelDeclaration[]; cards: AdminCardDeclaration[] };
}

const READY_TIMEOUT_MS = 2_000;

/** Installed plugins as admins manage them: state, health, migrations, settings, on and off. */
export class AdminPlugins {
  constructor(
    private readonly sql: Sql,
    private readonly registry: PluginRegistry,
    private readonly settings: PluginSettingsStore,
    private readonly migrator: MigrationRunner,
  ) {}

  async list(): Promise<AdminPluginView[]> {
    const views = await Promise.all(this.registry.all().map((s) => this.view(s.manifest.name)));
    const unavailable = this.registry.list().filter((p) => !p.available).map((p): AdminPluginView => ({
      name: p.name, version: p.version, description: p.description ?? null, origin: p.origin, enabled: false, available: false, reason: p.reason ?? null,
      requires: p.requires, requiredBy: [], health: 'unavailable', pendingMigrations: 0, settings: null, admin: { panels: [], cards: [] },
    }));
    return [...views, ...unavailable];
  }

  async view(name: string): Promise<AdminPluginView> {
    const state = this.registry.get(name);
    if (!state) {
      const off = this.registry.list().find((p) => p.name === name);
      if (!off) throw new HttpError(404, 'PLUGIN_NOT_FOUND', `No plugin named ${name} is installed.`);
      return (await this.list()).find((p) => p.name === name)!;
    }
    const { manifest } = state;
    return {
      name: manifest.name,
      version: manifest.version,
      description: manifest.description ?? null,
      origin: state.origin.location,
      enabled: state.enabled,
      available: true,
      reason: null,
      requires: manifest.requires ?? {},
      requiredBy: this.registry.all().filter((s) => s.enabled && s.manifest.requires && name in s.manifest.requires).map((s) => s.manifest.name),
      health: state.enabled ? ((await ready(() => manifest.ready ? manifest.ready(state.ctx) : true)) ? 'ok' : 'failing') : 'disabled',
      pendingMigrations: (await this.migrator.pending([state.migrations])).length,
      settings: this.settings.view(name),
      admin: { panels: manifest.admin?.panels ?? [], cards: manifest.admin?.cards ?? [] },
    };
  }

  /** The registry's live switch: no restart; refused, naming the plugins, when requirements forbid it. */
  async setEnabled(actor: AuthUser, name: string, enabled: boolean, origin: RequestOrigin): Promise<AdminPluginView> {
    if (!this.registry.list().some((p) => p.name === name)) throw new HttpError(404, 'PLUGIN_NOT_FOUND', `No plugin named ${name} is installed.`);
    const before = this.registry.isEnabled(name);
    try {
      await (enabled ? this.registry.enable(name) : this.registry.disable(name));
    } catch (error) {
      if (error instanceof PluginError) throw new HttpError(409, 'PLUGIN_REQUIREMENTS', error.message, { plugins: error.plugins, reason: error.message });
      throw error;
    }
    if (before !== enabled) {
      await audit(this.sql, { actorId: actor.id, action: enabled ? 'admin.plugin.enabled' : 'admin.plugin.disabled', targetType: 'plugin', targetId: name, ip: origin.ip });
    }
    return this.view(name);
  }
}

async function ready(check: () => boolean | Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve().then(check).then(Boolean).catch(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
