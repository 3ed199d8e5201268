import { boot, type PluginUi } from '@petamigos/web';
import type { Section } from './access.js';

export interface AdminNavEntry {
  path: string;
  /** A key in the `admin` strings, or for plugin panels the panel's own title. */
  label: string;
  plugin?: string;
}

export const SECTION_PATHS: Record<Section, string> = {
  overview: '/',
  moderation: '/moderation',
  users: '/users',
  plugins: '/plugins',
  jobs: '/jobs',
  audit: '/audit',
};

export interface PanelEntry {
  plugin: string;
  panel: PluginUi['panels'][number];
  path: string;
}

/** Every enabled plugin's admin panels, routed at `/admin/plugins/<plugin>/<panel-id>`. */
export function pluginPanels(): PanelEntry[] {
  return boot().plugins.flatMap((plugin) => plugin.panels.map((panel) => ({ plugin: plugin.name, panel, path: `/plugins/${plugin.name}/${panel.id}` })));
}

export function pluginCards(): Array<{ plugin: string; card: PluginUi['cards'][number] }> {
  return boot().plugins.flatMap((plugin) => plugin.cards.map((card) => ({ plugin: plugin.name, card })));
}

/** True when `location` is `path` or below it (the overview only matches itself). */
export function isCurrent(location: string, path: string): boolean {
  if (path === '/') return location === '/' || location === '';
  return location === path || location.startsWith(path + '/');
}
