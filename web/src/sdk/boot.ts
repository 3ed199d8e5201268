/**
 * What the server tells the page at load time (inlined as JSON in index.html, so the first render
 * needs no round trip): the site, the theme in use, the language, and what each enabled plugin adds.
 * A disabled plugin is simply absent, which is how its pages and navigation disappear.
 */
export interface BootManifest {
  surface: 'web' | 'admin';
  site: { name: string; url: string };
  theme: { name: string; available: Array<{ name: string; label: string }> };
  locale: string;
  dir: 'ltr' | 'rtl';
  locales: Array<{ locale: string; name: string; dir: 'ltr' | 'rtl' }>;
  plugins: PluginUi[];
}

export interface PluginUi {
  name: string;
  pages: Array<{ path: string; module: string; title?: string; requiresAuth?: boolean }>;
  slots: Array<{ slot: string; module: string; order?: number }>;
  nav: Array<{ label: string; path: string; icon?: string; order?: number }>;
  panels: Array<{ id: string; title: string; module: string; permission?: string }>;
  cards: Array<{ id: string; title: string; module: string; permission?: string }>;
}

let cached: BootManifest | undefined;

export function boot(): BootManifest {
  if (cached) return cached;
  const element = document.getElementById('petamigos-boot');
  if (!element?.textContent) throw new Error('PetAmigos: the page has no boot manifest (#petamigos-boot).');
  cached = JSON.parse(element.textContent) as BootManifest;
  return cached;
}

/** Tests and the admin shell may swap the manifest (e.g. after enabling a plugin) without a reload. */
export function setBoot(manifest: BootManifest): void {
  cached = manifest;
}

export function isPluginEnabled(name: string): boolean {
  return boot().plugins.some((p) => p.name === name);
}
