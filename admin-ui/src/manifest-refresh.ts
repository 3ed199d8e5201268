import { api, setBoot, type BootManifest } from '@petamigos/web';

export const MANIFEST_CHANGED = 'petamigos:admin-manifest';

/** After a plugin was switched on or off: fetch what the server now lists, so its panels come and go without a reload. */
export async function refreshManifest(): Promise<void> {
  const manifest = await api.get<BootManifest>('/api/web/manifest', { query: { surface: 'admin' } });
  setBoot(manifest);
  window.dispatchEvent(new Event(MANIFEST_CHANGED));
}
