import Type from 'typebox';
import { originOf, type AuthGuards } from '../../accounts/guards.js';
import { errorResponses } from '../../accounts/schemas.js';
import type { HttpApp } from '../../http/create-http-app.js';
import type { PluginSettingsStore } from '../../plugins/plugin-settings.js';
import type { AdminPlugins } from './admin-plugins.js';

const Field = Type.Object({
  source: Type.Union([Type.Literal('default'), Type.Literal('admin'), Type.Literal('config')]),
  locked: Type.Boolean({ description: 'Set in the config file, which wins: show it read-only.' }),
  secret: Type.Boolean({ description: '`writeOnly: true` in the schema: the value is never returned.' }),
  set: Type.Boolean(),
});

export const SettingsViewSchema = Type.Object({
  schema: Type.Record(Type.String(), Type.Unknown(), { description: "The plugin's settings schema (JSON Schema), to generate the form from." }),
  values: Type.Record(Type.String(), Type.Unknown(), { description: 'Current values; secrets are left out.' }),
  fields: Type.Record(Type.String(), Field),
});

const Panel = Type.Object({ id: Type.String(), title: Type.String(), module: Type.String(), permission: Type.Optional(Type.String()) });

export const AdminPluginSchema = Type.Object({
  name: Type.String(),
  version: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  origin: Type.String(),
  enabled: Type.Boolean(),
  available: Type.Boolean(),
  reason: Type.Union([Type.String(), Type.Null()]),
  requires: Type.Record(Type.String(), Type.String()),
  requiredBy: Type.Array(Type.String()),
  health: Type.Union([Type.Literal('ok'), Type.Literal('failing'), Type.Literal('disabled'), Type.Literal('unavailable')]),
  pendingMigrations: Type.Integer({ minimum: 0 }),
  settings: Type.Union([SettingsViewSchema, Type.Null()]),
  admin: Type.Object({ panels: Type.Array(Panel), cards: Type.Array(Panel) }),
});

/** `/api/admin/plugins`: installed plugins, their health and settings, switched on and off live. */
export async function adminPluginRoutes(app: HttpApp, plugins: AdminPlugins, settings: PluginSettingsStore, guards: AuthGuards): Promise<void> {
  const tags = ['admin'];
  const security = [{ bearer: [] }];
  const guard = guards.requirePermission('kernel.plugins.manage');
  const Params = Type.Object({ name: Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 100 }) });

  app.get('/', {
    preHandler: guard,
    schema: { tags, summary: 'Installed plugins: version, enabled, health, pending migrations, settings (secrets never shown)', security, response: { 200: Type.Object({ items: Type.Array(AdminPluginSchema) }), ...errorResponses(401, 403) } },
  }, async () => ({ items: await plugins.list() }));

  app.get('/:name', {
    preHandler: guard,
    schema: { tags, summary: 'One installed plugin', security, params: Params, response: { 200: AdminPluginSchema, ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => plugins.view(request.params.name));

  app.put('/:name/settings', {
    preHandler: guard,
    schema: {
      tags, security, params: Params,
      summary: "Change a plugin's settings; they take effect at once. Keys sent are set, `null` returns a key to the config file's value or the default, keys left out (secrets included) stay as they are",
      body: Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { description: "Validated by the plugin's own settings schema; keys the config file sets cannot be changed here." }),
      response: { 200: SettingsViewSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => settings.update(request.params.name, request.body, request.user!, originOf(request)));

  app.put('/:name/enabled', {
    preHandler: guard,
    schema: {
      tags, security, params: Params,
      summary: 'Switch a plugin on or off without a restart (until the next start, when the config file decides again)',
      body: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
      response: { 200: AdminPluginSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => plugins.setEnabled(request.user!, request.params.name, request.body.enabled, originOf(request)));
}
