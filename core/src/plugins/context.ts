import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyBaseLogger } from 'fastify';
import type { TSchema } from 'typebox';
import Value from 'typebox/value';
import { v7 as uuidv7 } from 'uuid';
import type { ResolvedConfig } from '../config/resolved.js';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventOutbox } from '../services/events/outbox.js';
import type { AuthGuards } from '../accounts/guards.js';
import type { AnyPluginManifest, PluginAccounts, PluginContext, PluginDatabase, PluginMedia, ReportInput } from './manifest.js';
import type { Cache } from '../services/cache/index.js';
import type { SearchDocument, SearchEngine } from '../services/search/index.js';
import type { RealtimeHub } from '../realtime/realtime-hub.js';
import type { NotificationInput, NotificationService } from '../notifications/notification-service.js';
import type { Storage } from '../services/storage/index.js';
import type { EnqueueOptions, JobQueue } from '../services/jobs/index.js';
import type { ModerationService } from '../moderation/moderation-service.js';
import { PluginError } from './plugin-error.js';
import { tablePrefixOf } from './validate-manifest.js';

export interface ContextDeps {
  config: ResolvedConfig;
  log: FastifyBaseLogger;
  orm: MikroORM;
  outbox: EventOutbox;
  isEnabled: (name: string) => boolean;
  serviceOf: (name: string) => Promise<unknown>;
  auth: AuthGuards;
  accounts: PluginAccounts;
  cache: Cache;
  storage: Storage;
  jobs: JobQueue;
  media: PluginMedia;
  realtime: RealtimeHub;
  notifications: NotificationService;
  search: SearchEngine;
  moderation: ModerationService;
}

/**
 * The transaction a plugin is inside (from `ctx.db.transaction`), so `ctx.events.emit` can write
 * to the outbox in that same transaction without the plugin passing anything along.
 */
const currentTransaction = new AsyncLocalStorage<{ em: EntityManager }>();

/**
 * Builds the one object through which a plugin reaches the kernel; everything in it is namespaced.
 * `settings` may be a function: then `ctx.settings` reads it on every access, so settings an admin
 * changes take effect at the next request without a restart.
 */
export function createPluginContext(manifest: AnyPluginManifest, settings: Record<string, unknown> | (() => Readonly<Record<string, unknown>>), deps: ContextDeps): PluginContext<Record<string, unknown>> {
  const currentSettings = typeof settings === 'function' ? settings : ((fixed) => () => fixed)(Object.freeze(settings));
  const name = manifest.name;
  const emits = manifest.events?.emits ?? {};
  const requires = manifest.requires ?? {};
  const db: PluginDatabase = {
    em: () => deps.orm.em.fork(),
    // Inside ctx.db.transaction a query joins that transaction, so reads see its own writes.
    query: async <Row>(sql: string, params: unknown[] = []) =>
      deps.orm.em.getConnection().execute<Row[]>(sql, params as never[], 'all', currentTransaction.getStore()?.em.getTransactionContext()),
    transaction: async (fn) => {
      const outer = currentTransaction.getStore();
      if (outer) return fn(outer.em);
      const result = await deps.orm.em.fork().transactional((em) => currentTransaction.run({ em: em as EntityManager }, () => fn(em as EntityManager)));
      // Events written in the transaction are relayed only now, after the commit.
      deps.outbox.wake();
      return result;
    },
  };
  return Object.freeze({
    plugin: Object.freeze({ name, version: manifest.version }),
    get settings() {
      return currentSettings();
    },
    site: Object.freeze({ ...deps.config.site }),
    log: deps.log.child({ plugin: name }),
    db,
    events: {
      async emit(event: string, payload: unknown) {
        const schema = emits[event] as TSchema | undefined;
        if (!schema) throw new PluginError(`plugin ${name} emitted "${event}", which it does not declare in events.emits`, [name]);
        if (!Value.Check(schema, payload)) {
          const first = [...Value.Errors(schema, payload)][0];
          throw new PluginError(`plugin ${name} emitted "${event}" with an invalid payload: ${first?.instancePath || '/'} ${first?.message ?? ''}`, [name]);
        }
        const envelope = { id: uuidv7(), name: event, payload, emittedBy: name, emittedAt: new Date().toISOString() };
        const inside = currentTransaction.getStore();
        await deps.outbox.add(envelope, inside?.em.getTransactionContext());
        if (!inside) deps.outbox.wake();
      },
    },
    plugins: {
      async service<T>(other: string): Promise<T> {
        if (!(other in requires)) {
          throw new PluginError(`plugin ${name} asked for the service of ${other}, but only plugins it requires are reachable; add ${other} to requires`, [name, other]);
        }
        return (await deps.serviceOf(other)) as T;
      },
    },
    namespace: Object.freeze({
      tablePrefix: tablePrefixOf(name),
      cachePrefix: `${deps.config.redis.keyPrefix}${name}:`,
      queuePrefix: `${name}.`,
      storagePrefix: `${name}/`,
      eventPrefix: `${name}.`,
    }),
    cache: deps.cache.namespace(name),
    storage: deps.storage.namespace(name),
    jobs: {
      enqueue(job: string, payload: unknown, options?: EnqueueOptions) {
        if (!manifest.jobs?.[job]) throw new PluginError(`plugin ${name} enqueued job "${job}", which it does not declare in jobs`, [name]);
        return deps.jobs.enqueue(`${name}.${job}`, payload, options);
      },
    },
    media: deps.media,
    search: {
      upsert(index: string, documents: SearchDocument[]) {
        if (!manifest.search?.[index]) throw new PluginError(`plugin ${name} wrote to search index "${index}", which it does not declare in search`, [name]);
        return deps.search.upsert(`${name}.${index}`, documents);
      },
      remove(index: string, ids: string[]) {
        if (!manifest.search?.[index]) throw new PluginError(`plugin ${name} wrote to search index "${index}", which it does not declare in search`, [name]);
        return deps.search.remove(`${name}.${index}`, ids);
      },
    },
    realtime: {
      async publish(channel: string, key: string, data: unknown) {
        if (!manifest.realtime?.channels?.[channel]) throw new PluginError(`plugin ${name} published on channel "${channel}", which it does not declare in realtime.channels`, [name]);
        await deps.realtime.publish(`${name}.${channel}:${key}`, data);
      },
    },
    notifications: {
      async send(input: NotificationInput) {
        // Unprefixed text keys are the plugin's own strings (`<plugin>:<key>` for the translator).
        const textKey = input.textKey.includes(':') ? input.textKey : `${name}:${input.textKey}`;
        await deps.notifications.send({ ...input, type: `${name}.${input.type}`, textKey });
      },
    },
    moderation: {
      report: (input: ReportInput) => deps.moderation.file(name, Object.keys(manifest.moderation?.items ?? {}), input, db.query),
    },
    auth: deps.auth,
    accounts: deps.accounts,
    isEnabled: () => deps.isEnabled(name),
  }) as PluginContext<Record<string, unknown>>;
}
