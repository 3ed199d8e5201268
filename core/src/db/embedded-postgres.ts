import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';

export interface EmbeddedPostgres {
  host: string;
  port: number;
  /** The whole cluster as a gzipped tarball, loadable with `loadDataDir` (test restarts, backups). */
  dump(): Promise<Blob>;
  /** Stops the socket server and closes the database, flushing it to disk. */
  close(): Promise<void>;
}

/**
 * Runs PGlite (PostgreSQL compiled to WASM) and serves it over the PostgreSQL wire protocol on a
 * free loopback port, so the kernel talks to it with the same `pg` driver and SQL as production.
 * PGlite executes one query at a time, so it accepts exactly one connection: the ORM pool is 1.
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; loadDataDir?: Blob }): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // The same extensions production PostgreSQL has from contrib, so search SQL runs unchanged.
  const extensions = { pg_trgm, unaccent };
  const db = await PGlite.create(options.dataDir ?? 'memory://', options.loadDataDir ? { loadDataDir: options.loadDataDir, extensions } : { extensions });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const [host, port] = server.getServerConn().split(':');
  return {
    host: host!,
    port: Number(port),
    dump: () => db.dumpDataDir('gzip'),
    async close() {
      await server.stop();
      if (!db.closed) await db.close();
    },
  };
}
