import Fastify from 'fastify';
import pg from 'pg';
import type { BenchServer } from './bench-server.js';
import { LISTEN, originOf } from './bench-server.js';
import type { DatabaseTarget } from './database-target.js';
import { createItemsTable, itemsPath, selectItems } from './items-sql.js';
import { startPglite, type EmbeddedPostgres } from './pglite-cluster.js';

/** The same response schema as the kernel's `/health`, so both sides serialise alike. */
const HEALTH_SCHEMA = {
  response: {
    200: {
      type: 'object',
      properties: { status: { const: 'ok' }, uptimeSeconds: { type: 'number' } },
      required: ['status', 'uptimeSeconds'],
    },
  },
} as const;

export interface BaselineOptions {
  /** Items routes to serve, one per fixture plugin the kernel side loads. */
  routes: number;
  /**
   * Create the items tables at boot. A fresh PGlite has none, and the kernel side creates them
   * through its migrations, so the hand-written server must do the same work to be comparable.
   */
  createTables: boolean;
}

/**
 * What someone would write without the kernel: bare Fastify, one `pg` pool, the same routes and
 * SQL. Same pool sizes as the kernel (10 on PostgreSQL; 1 on PGlite, which serves one connection).
 */
export async function bootBaseline(target: DatabaseTarget, options: BaselineOptions): Promise<BenchServer> {
  let embedded: EmbeddedPostgres | undefined;
  let pool: pg.Pool | undefined;
  try {
    if (target.kind === 'postgres') {
      pool = new pg.Pool({ connectionString: target.url, max: 10 });
    } else {
      embedded = await startPglite(target.cluster);
      pool = new pg.Pool({ host: embedded.host, port: embedded.port, user: 'postgres', database: 'postgres', max: 1 });
    }
    const db = pool;
    // An idle connection the server ends (the forced drop after Ctrl-C does) is reported here;
    // unheard, it would crash the process. Failing queries still reach their request.
    db.on('error', () => undefined);
    // A real round trip at boot, as the kernel's ORM makes: a pool alone connects lazily.
    (await db.connect()).release();
    if (options.createTables) {
      for (let i = 0; i < options.routes; i++) await db.query(createItemsTable(i));
    }

    const app = Fastify({ logger: false });
    const startedAt = Date.now();
    app.get('/health', { schema: HEALTH_SCHEMA }, async () => ({ status: 'ok' as const, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) }));
    for (let i = 0; i < options.routes; i++) {
      const sql = selectItems(i);
      app.get(itemsPath(i), async () => ({ items: (await db.query(sql)).rows }));
    }
    await app.ready();

    return {
      async sql(text) {
        await db.query(text);
      },
      async listen() {
        await app.listen(LISTEN);
        return originOf(app.server);
      },
      async close() {
        try {
          await app.close();
          await db.end();
        } finally {
          await embedded?.close();
        }
      },
    };
  } catch (error) {
    await pool?.end();
    await embedded?.close();
    throw error;
  }
}
