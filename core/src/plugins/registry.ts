import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyBaseLogger } from 'fastify';
import { MigrationRunner, type MigrationSet } from '../db/migrations/runner.js';
import type { AnyPluginManifest, PluginContext } from './manifest.js';
import type { PlannedPlugin } from './plan-plugins.js';
import { PluginError } from './plugin-error.js';

export interface PluginState extends PlannedPlugin {
  enabled: boolean;
  ctx: PluginContext<Record<string, unknown>>;
  migrations: MigrationSet;
}

export interface PluginInfo {
  name: string;
  version: string;
  description?: string;
  origin: string;
  enabled: boolean;
  available: boolean;
  reason?: string;
  requires: Record<string, string>;
}

/**
 * The live set of plugins. Every mountable plugin is mounted at boot; this registry is the gate
 * that decides, request by request and event by event, whether a plugin is switched on. Enabling
 * and disabling therefore need no restart, and disabling never touches a plugin's data.
 */
export class PluginRegistry {
  private readonly states = new Map<string, PluginState>();
  private readonly services = new Map<string, Promise<unknown>>();
  private readonly listeners: Array<(state: PluginState) => Promise<void> | void> = [];

  constructor(
    private readonly orm: MikroORM,
    private readonly log: FastifyBaseLogger,
    private readonly unavailable: Array<{ name: string; reason: string }>,
  ) {}

  /** Called after a plugin is enabled or disabled at run time (schedules follow the live set). */
  onChange(listener: (state: PluginState) => Promise<void> | void): void {
    this.listeners.push(listener);
  }

  add(state: PluginState): void {
    this.states.set(state.manifest.name, state);
  }

  /** Mountable plugins in dependency order. */
  all(): PluginState[] {
    return [...this.states.values()];
  }

  get(name: string): PluginState | undefined {
    return this.states.get(name);
  }

  isEnabled(name: string): boolean {
    return this.states.get(name)?.enabled === true;
  }

  enabledNames(): string[] {
    return this.all().filter((s) => s.enabled).map((s) => s.manifest.name);
  }

  list(): PluginInfo[] {
    const info = (m: AnyPluginManifest, s: PluginState): PluginInfo => ({
      name: m.name, version: m.version, description: m.description, origin: s.origin.location, enabled: s.enabled, available: true, requires: m.requires ?? {},
    });
    return [
      ...this.all().map((s) => info(s.manifest, s)),
      ...this.unavailable.map((u) => ({ name: u.name, version: '?', origin: '?', enabled: false, available: false, reason: u.reason, requires: {} })),
    ];
  }

  /** The service a plugin exports, built once on first use. */
  async service(name: string): Promise<unknown> {
    const state = this.states.get(name);
    if (!state) throw new PluginError(`no plugin named ${name} is installed`, [name]);
    if (!state.enabled) throw new PluginError(`plugin ${name} is disabled, so its service is unavailable`, [name]);
    if (!state.manifest.service) throw new PluginError(`plugin ${name} exports no service`, [name]);
    let service = this.services.get(name);
    if (!service) {
      service = Promise.resolve(state.manifest.service(state.ctx));
      this.services.set(name, service);
      service.catch(() => this.services.delete(name));
    }
    return service;
  }

  /** Switches a plugin on without a restart: requirements first, then its migrations and hooks. */
  async enable(name: string): Promise<void> {
    const state = this.require(name);
    if (state.enabled) return;
    const off = Object.keys(state.manifest.requires ?? {}).filter((r) => !this.isEnabled(r));
    if (off.length > 0) {
      throw new PluginError(`cannot enable ${name}: it requires ${off.map((r) => `${r}@${state.manifest.requires![r]}`).join(', ')}, which ${off.length > 1 ? 'are' : 'is'} not enabled`, [name, ...off]);
    }
    await new MigrationRunner(this.orm).up([state.migrations]);
    const row = await this.row(name);
    if (!row) await state.manifest.lifecycle?.install?.(state.ctx);
    await state.manifest.lifecycle?.enable?.(state.ctx);
    await this.remember(name, state.manifest.version, true);
    state.enabled = true;
    this.log.info({ plugin: name }, `plugin ${name} enabled`);
    for (const listener of this.listeners) await listener(state);
  }

  /** Switches a plugin off without a restart; its tables and rows stay as they are. */
  async disable(name: string): Promise<void> {
    const state = this.require(name);
    if (!state.enabled) return;
    const dependents = this.all().filter((s) => s.enabled && s.manifest.requires && name in s.manifest.requires).map((s) => s.manifest.name);
    if (dependents.length > 0) {
      throw new PluginError(`cannot disable ${name}: ${dependents.join(', ')} ${dependents.length > 1 ? 'require' : 'requires'} it; disable ${dependents.length > 1 ? 'them' : 'it'} first`, [name, ...dependents]);
    }
    state.enabled = false;
    this.services.delete(name);
    await state.manifest.lifecycle?.disable?.(state.ctx);
    await this.remember(name, state.manifest.version, false);
    this.log.info({ plugin: name }, `plugin ${name} disabled`);
    for (const listener of this.listeners) await listener(state);
  }

  /**
   * Runs the lifecycle hooks implied by what changed since the last start: install for new
   * plugins, upgrade when the version moved, enable/disable when the config flipped them.
   */
  async syncLifecycle(): Promise<void> {
    for (const state of this.all()) {
      const { manifest, ctx } = state;
      const row = await this.row(manifest.name);
      const hook = async (label: string, run: () => unknown) => {
        try {
          await run();
        } catch (error) {
          throw new PluginError(`plugin ${manifest.name}: ${label} hook failed: ${(error as Error).message}`, [manifest.name]);
        }
      };
      if (state.enabled) {
        if (!row) await hook('install', () => manifest.lifecycle?.install?.(ctx));
        else if (row.version !== manifest.version) {
          await hook('upgrade', () => manifest.lifecycle?.upgrade?.(ctx, { from: row.version, to: manifest.version }));
        }
        if (!row || !row.enabled) await hook('enable', () => manifest.lifecycle?.enable?.(ctx));
        await this.remember(manifest.name, manifest.version, true);
      } else if (row?.enabled) {
        await hook('disable', () => manifest.lifecycle?.disable?.(ctx));
        await this.remember(manifest.name, row.version, false);
      }
    }
  }

  private require(name: string): PluginState {
    const state = this.states.get(name);
    if (state) return state;
    const reason = this.unavailable.find((u) => u.name === name)?.reason;
    throw new PluginError(reason ?? `no plugin named ${name} is installed`, [name]);
  }

  private async row(name: string): Promise<{ version: string; enabled: boolean } | undefined> {
    const rows = await this.orm.em.getConnection().execute<Array<{ version: string; enabled: boolean }>>(
      'select version, enabled from kernel_plugin where name = ?', [name],
    );
    return rows[0];
  }

  private async remember(name: string, version: string, enabled: boolean): Promise<void> {
    await this.orm.em.getConnection().execute(
      `insert into kernel_plugin (name, version, enabled) values (?, ?, ?)
       on conflict (name) do update set version = excluded.version, enabled = excluded.enabled, updated_at = now()`,
      [name, version, enabled],
    );
  }
}
