import { PGlite } from '@electric-sql/pglite';
// Not part of the kernel's public surface; imported from its build so the baseline runs the very
// same embedded server (in memory, one socket connection) as the kernel side.
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../core/dist/db/embedded-postgres.js';

export type { EmbeddedPostgres };

/**
 * An initialised, empty PGlite cluster. Every PGlite server in the bench, kernel or baseline,
 * starts from it, so initdb (1.5–4 s, the same work on both sides) stays out of every figure.
 * Uncompressed because unpacking gzip on each start would add noise to the boot times.
 */
export async function emptyPgliteCluster(): Promise<Blob> {
  const db = await PGlite.create();
  try {
    return await db.dumpDataDir('none');
  } finally {
    await db.close();
  }
}

/** A fresh in-memory PGlite served on a loopback port, loaded from `cluster`. */
export function startPglite(cluster: Blob): Promise<EmbeddedPostgres> {
  return startEmbeddedPostgres({ loadDataDir: cluster });
}
