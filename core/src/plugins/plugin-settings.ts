import type { FastifyBaseLogger } from 'fastify';
import type { TObject, TSchema } from 'typebox';
import Value from 'typebox/value';
import { audit } from '../accounts/audit.js';
import type { RequestOrigin } from '../accounts/session-tokens.js';
import type { Sql } from '../accounts/sql.js';
import type { ResolvedConfig } from '../config/resolved.js';
import { HttpError } from '../http/errors.js';
import type { AnyPluginManifest } from './manifest.js';

type Settings = Record<string, unknown>;

export interface SettingField {
  /** Where the current value comes from: the schema's default, an admin's edit, or the config file. */
  source: 'default' | 'admin' | 'config';
  /** Set in the config file: the config file wins, so the admin UI shows it read-only. */
  locked: boolean;
  /** `writeOnly: true` in the schema: the value is never returned, only whether one is set. */
  secret: boolean;
  set: boolean;
}

export interface SettingsView {
  /** The plugin's settings schema (JSON Schema, as TypeBox writes it), for generating a form. */
  schema: Record<string, unknown>;
  /** Current values, secrets left out. */
  values: Settings;
  fields: Record<string, SettingField>;
}

interface PluginSettingsEntry {
  manifest: AnyPluginManifest;
  /** What `plugins.<name>.settings` in the config file says, as written (no defaults). */
  fromConfig: Settings;
  /** What admins set in the admin UI (`kernel_plugin_setting`). */
  fromAdmin: Settings;
  /** The settings plugins read through `ctx.settings`: defaults ← admin edits ← config file. */
  current: Readonly<Settings>;
}

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

/**
 * Each plugin's live settings. The config file is the operator's word and always wins; admins
 * edit the remaining keys at run time, which are stored in the database and take effect at once:
 * `ctx.settings` is read through this store on every access. Secrets (`writeOnly: true` in the
 * schema) can be set but are never returned.
 */
export class PluginSettingsStore {
  private readonly entries = new Map<string, PluginSettingsEntry>();
  private readonly listeners: Array<(plugin: string) => void | Promise<void>> = [];

  constructor(
    private readonly sql: Sql,
    private readonly config: ResolvedConfig,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Reads every plugin's stored edits; `fromPlan` are the settings the config file produced (defaults applied). */
  async load(plugins: Array<{ manifest: AnyPluginManifest; settings: Settings }>): Promise<void> {
    const stored = await this.storedValues();
    for (const { manifest, settings } of plugins) {
      const entry: PluginSettingsEntry = { manifest, fromConfig: this.configKeys(manifest.name), fromAdmin: {}, current: Object.freeze({ ...settings }) };
      this.entries.set(manifest.name, entry);
      this.apply(entry, stored.get(manifest.name) ?? {});
    }
  }

  /** Called (on every process) after an admin changed a plugin's settings anywhere in the cluster. */
  onChange(listener: (plugin: string) => void | Promise<void>): void {
    this.listeners.push(listener);
  }

  current(plugin: string): Readonly<Settings> {
    return this.entries.get(plugin)?.current ?? Object.freeze({});
  }

  /** Re-reads one plugin's stored edits (another process changed them). */
  async reload(plugin: string): Promise<void> {
    const entry = this.entries.get(plugin);
    if (entry) this.apply(entry, (await this.storedValues(plugin)).get(plugin) ?? {});
  }

  view(plugin: string): SettingsView | null {
    const entry = this.entries.get(plugin);
    const schema = entry?.manifest.settings as (TObject & { properties: Record<string, TSchema> }) | undefined;
    if (!entry || !schema) return null;
    const values: Settings = {};
    const fields: Record<string, SettingField> = {};
    for (const key of Object.keys(schema.properties ?? {})) {
      const secret = isSecret(schema.properties[key]);
      const source = key in entry.fromConfig ? 'config' : key in entry.fromAdmin ? 'admin' : 'default';
      const value = entry.current[key];
      fields[key] = { source, locked: source === 'config', secret, set: value !== undefined && value !== '' };
      if (!secret && value !== undefined) values[key] = redact(schema.properties[key]!, value);
    }
    return { schema: JSON.parse(JSON.stringify(schema)) as Record<string, unknown>, values, fields };
  }

  /**
   * Applies an admin's edit: keys present are set, `null` drops the admin's value (back to the
   * config file or the default), keys left out stay as they are. The result must satisfy the
   * plugin's schema; keys the config file sets cannot be changed here.
   */
  async update(plugin: string, patch: Settings, actor: { id: string }, origin: RequestOrigin): Promise<SettingsView> {
    const entry = this.entries.get(plugin);
    if (!entry) throw new HttpError(404, 'PLUGIN_NOT_FOUND', `No plugin named ${plugin} is installed.`);
    const schema = (entry.manifest.settings ?? { type: 'object', properties: {}, additionalProperties: false }) as TObject & { properties: Record<string, TSchema> };
    for (const [key, value] of Object.entries(patch)) {
      if (key in entry.fromConfig && value !== null && JSON.stringify(value) !== JSON.stringify(entry.fromConfig[key])) {
        throw new HttpError(409, 'SETTING_LOCKED', `${key} is set in the config file, which wins over the admin UI; change it there.`, { field: key });
      }
    }
    const fromAdmin: Settings = { ...entry.fromAdmin };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete fromAdmin[key];
      else if (!(key in entry.fromConfig)) fromAdmin[key] = value;
    }
    const candidate = Value.Default(schema, Value.Clone({ ...fromAdmin, ...entry.fromConfig })) as Settings;
    const problem = firstProblem(schema, candidate);
    if (problem) throw new HttpError(400, 'VALIDATION_FAILED', `body.${problem.field}: ${problem.message}`, [{ in: 'body', ...problem }]);

    const changed = Object.keys({ ...entry.fromAdmin, ...fromAdmin })
      .filter((key) => JSON.stringify(entry.fromAdmin[key]) !== JSON.stringify(fromAdmin[key]))
      .map((key) => (isSecret(schema.properties?.[key]) ? { key, secret: true } : { key, from: entry.fromAdmin[key] ?? null, to: fromAdmin[key] ?? null }));
    await this.sql(
      `insert into kernel_plugin_setting (plugin, settings, updated_by) values (?, ?, ?)
       on conflict (plugin) do update set settings = excluded.settings, updated_by = excluded.updated_by, updated_at = now()`,
      [plugin, JSON.stringify(fromAdmin), actor.id],
    );
    entry.fromAdmin = fromAdmin;
    entry.current = Object.freeze(candidate);
    await audit(this.sql, { actorId: actor.id, action: 'admin.plugin.settings_changed', targetType: 'plugin', targetId: plugin, ip: origin.ip, details: { changed } });
    this.log.info({ plugin, keys: changed.map((c) => c.key) }, `settings of ${plugin} changed`);
    for (const listener of this.listeners) await listener(plugin);
    return this.view(plugin)!;
  }

  private apply(entry: PluginSettingsEntry, stored: Settings): void {
    const schema = entry.manifest.settings as TObject | undefined;
    // The config file wins: an admin's value for a key the file now sets is set aside, not lost.
    const usable = Object.fromEntries(Object.entries(stored).filter(([key]) => !(key in entry.fromConfig)));
    if (!schema || Object.keys(usable).length === 0) {
      entry.fromAdmin = usable;
      if (schema) entry.current = Object.freeze(Value.Default(schema, Value.Clone(entry.fromConfig)) as Settings);
      return;
    }
    const candidate = Value.Default(schema, Value.Clone({ ...usable, ...entry.fromConfig })) as Settings;
    const problem = firstProblem(schema, candidate);
    if (problem) {
      // A new plugin version may have changed its schema: start on the config file's values rather than not at all.
      this.log.warn({ plugin: entry.manifest.name, problem }, `stored admin settings of ${entry.manifest.name} no longer fit its schema (${problem.field}: ${problem.message}); using the config file's values until an admin saves them again`);
      entry.fromAdmin = {};
      entry.current = Object.freeze(Value.Default(schema, Value.Clone(entry.fromConfig)) as Settings);
      return;
    }
    entry.fromAdmin = usable;
    entry.current = Object.freeze(candidate);
  }

  private configKeys(plugin: string): Settings {
    const raw = this.config.plugins[plugin];
    const settings = raw && typeof raw === 'object' ? raw.settings : undefined;
    return settings && typeof settings === 'object' ? { ...(settings as Settings) } : {};
  }

  private async storedValues(plugin?: string): Promise<Map<string, Settings>> {
    let rows: Array<{ plugin: string; settings: Settings | string }>;
    try {
      rows = await this.sql(`select plugin, settings from kernel_plugin_setting${plugin ? ' where plugin = ?' : ''}`, plugin ? [plugin] : []);
    } catch (error) {
      // A kernel booted without migrating (some CLI commands) may predate the table: nothing was edited yet.
      if ((error as { code?: string }).code === '42P01') return new Map();
      throw error;
    }
    return new Map(rows.map((r) => [r.plugin, typeof r.settings === 'string' ? (JSON.parse(r.settings) as Settings) : r.settings]));
  }
}

export function isSecret(schema: TSchema | undefined): boolean {
  return (schema as { writeOnly?: unknown } | undefined)?.writeOnly === true;
}

/** Nested secrets inside an object-valued setting are left out too. */
function redact(schema: TSchema, value: unknown): unknown {
  const properties = (schema as { properties?: Record<string, TSchema> }).properties;
  if (!properties || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value as Settings).filter(([k]) => !isSecret(properties[k])).map(([k, v]) => [k, properties[k] ? redact(properties[k]!, v) : v]));
}

/**
 * The one problem worth showing, with the field it is about and the schema's own words: a
 * property's `errorMessage` when it has one, else the validator's message ("must be >= 1").
 */
function firstProblem(schema: TSchema, value: unknown): { field: string; message: string; keyword: string; params: Record<string, unknown> } | null {
  const errors = [...Value.Errors(schema, value)] as SchemaError[];
  if (errors.length === 0) return null;
  const rank = (e: SchemaError) => (e.keyword === 'boolean' ? 0 : e.keyword === 'additionalProperties' ? 1 : e.keyword === 'required' ? 2 : 3);
  const error = [...errors].sort((a, b) => rank(a) - rank(b) || b.instancePath.length - a.instancePath.length)[0]!;
  const path = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'additionalProperties') path.push(String((error.params.additionalProperties as string[] | undefined)?.[0] ?? '?'));
  if (error.keyword === 'required') path.push(String((error.params.requiredProperties as string[] | undefined)?.[0] ?? '?'));
  const field = path.join('.');
  if (error.keyword === 'boolean' || error.keyword === 'additionalProperties') return { field, message: 'is not a setting of this plugin', keyword: 'additionalProperties', params: {} };
  if (error.keyword === 'required') return { field, message: 'is required', keyword: 'required', params: {} };
  let node: Record<string, unknown> | undefined = schema as Record<string, unknown>;
  for (const segment of path) node = (node?.properties as Record<string, Record<string, unknown>> | undefined)?.[segment];
  const own = typeof node?.errorMessage === 'string' ? node.errorMessage : undefined;
  return { field, message: own ?? error.message, keyword: error.keyword, params: error.params };
}
