import type { AnyEntity, EntityClass, EntitySchema } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyBaseLogger } from 'fastify';
import type { ResolvedConfig } from '../config/resolved.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';

export interface Database {
  orm: MikroORM;
  driver: 'pglite' | 'postgresql';
  /** Round-trip to the database, for `/ready` and `doctor`. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  entities: Array<EntitySchema<AnyEntity> | EntityClass<AnyEntity>>;
  log: FastifyBaseLogger;
  /**
   * An embedded server that outlives this database handle (the test harness keeps one across
   * kernel restarts); it is used instead of starting one, and left running on close.
   */
  embeddedServer?: EmbeddedPostgres;
}

/**
 * Opens the database the config names: PostgreSQL when a URL is set, otherwise embedded PGlite.
 * The schema is only ever changed by migrations, never synchronised from entities.
 */
export async function openDatabase(config: ResolvedConfig, options: OpenDatabaseOptions): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let owned = false;
  const connection = config.database.url
    ? { clientUrl: config.database.url, pool: { min: 0, max: config.database.pool.max } }
    : await (async () => {
        embedded = options.embeddedServer;
        if (!embedded) {
          embedded = await startEmbeddedPostgres({ dataDir: config.database.pglite.dataDir });
          owned = true;
        }
        return { host: embedded.host, port: embedded.port, user: 'postgres', dbName: 'postgres', pool: { min: 0, max: 1 } };
      })();
  let orm: MikroORM;
  try {
    orm = await MikroORM.init({
      ...connection,
      entities: options.entities,
      discovery: { warnWhenNoEntities: false },
      ensureDatabase: false,
      allowGlobalContext: false,
      debug: config.database.debug,
      logger: (message) => options.log.debug({ orm: true }, message),
      // Fail fast instead of hanging when the server is down; doctor and /ready report it.
      driverOptions: { connection: { connectionTimeoutMillis: 5000 } },
    });
  } catch (error) {
    if (owned) await embedded?.close();
    throw describeConnectionError(error, config);
  }
  return {
    orm,
    driver: embedded ? 'pglite' : 'postgresql',
    async ping() {
      try {
        await orm.em.getConnection().execute('select 1', [], 'get');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await orm.close(true);
      if (owned) await embedded?.close();
    },
  };
}

function describeConnectionError(error: unknown, config: ResolvedConfig): Error {
  const message = (error as Error).message;
  if (!config.database.url) return new Error(`could not start the embedded database in ${config.database.pglite.dataDir}: ${message}`);
  const where = safeUrl(config.database.url);
  return new Error(`could not connect to PostgreSQL at ${where}: ${message}. Is it running, and does the database exist?`);
}

/** The URL without its password, for messages and logs. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
