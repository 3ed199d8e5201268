import type { FastifyBaseLogger } from 'fastify';
import { chooseDrivers, type DriverChoice } from './config/drivers.js';
import { loadConfig } from './config/load-config.js';
import type { ResolvedConfig } from './config/resolved.js';
import { openDatabase, type Database } from './db/database.js';
import type { EmbeddedPostgres } from './db/embedded-postgres.js';
import { MigrationRunner, type MigrationSet, type MigrationStatus } from './db/migrations/runner.js';
import { createHttpApp, type HttpApp } from './http/create-http-app.js';
import { installHealthRoutes } from './http/health.js';
import { installMetrics } from './http/metrics.js';
import { installOpenApi } from './http/openapi.js';
import { KERNEL_VERSION } from './kernel-version.js';
import { createLogger } from './logger.js';
import { createPluginContext } from './plugins/context.js';
import { discoverPlugins } from './plugins/discover.js';
import type { AnyPluginManifest } from './plugins/manifest.js';
import { mountPluginRoutes } from './plugins/mount-routes.js';
import { planPlugins, type PluginPlan } from './plugins/plan-plugins.js';
import { PluginRegistry } from './plugins/registry.js';
import { EventOutbox } from './services/events/index.js';
import { Gauge } from 'prom-client';
import { AccountsService, type AccountHooks } from './accounts/accounts-service.js';
import { resolveAppSecret } from './accounts/app-secret.js';
import { createGuards, installAuthentication } from './accounts/guards.js';
import { KERNEL_PERMISSIONS, PermissionRegistry } from './accounts/permissions.js';
import { adminRoutes } from './accounts/routes/admin-routes.js';
import { authRoutes } from './accounts/routes/auth-routes.js';
import { userRoutes } from './accounts/routes/user-routes.js';
import { sqlFor } from './accounts/sql.js';
import type { PluginAccounts, PluginMedia } from './plugins/manifest.js';
import { PluginJobRunner } from './plugins/plugin-jobs.js';
import { jobRoutes } from './services/jobs/job-routes.js';
import { createKernelServices, type KernelServices } from './services/kernel-services.js';
import { serveLocalStorage, type Storage } from './services/storage/index.js';
import type { Cache } from './services/cache/index.js';
import websocket from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import { createNotificationRenderer, createTranslator, languageOf, type Translator } from './i18n/index.js';
import { installRequestLocale } from './http/request-locale.js';
import { PluginSearchIndexes } from './plugins/plugin-search.js';
import { searchRoutes } from './services/search/search-routes.js';
import type { SearchEngine } from './services/search/index.js';
import { i18nRoutes } from './http/i18n-routes.js';
import type { PageFallback } from './http/not-found.js';
import { installWebFrontend } from './web/web-routes.js';
import { frontendLocales } from './web/web-assets.js';
import { InProcessChannelLog, RedisChannelLog } from './realtime/channel-log.js';
import { RealtimeHub } from './realtime/realtime-hub.js';
import { realtimeRoutes } from './realtime/realtime-routes.js';
import { NotificationService } from './notifications/notification-service.js';
import { notificationRoutes } from './notifications/notification-routes.js';
import type { JobQueue } from './services/jobs/index.js';
import { createMailer } from './services/mail/index.js';
import { ModerationService } from './moderation/moderation-service.js';
import { moderationRoutes } from './moderation/moderation-routes.js';
import { PluginSettingsStore } from './plugins/plugin-settings.js';
import { AdminUsers } from './admin/users/admin-users.js';
import { adminUserRoutes } from './admin/users/admin-user-routes.js';
import { AdminPlugins } from './admin/plugins/admin-plugins.js';
import { adminPluginRoutes } from './admin/plugins/admin-plugin-routes.js';
import { ActivityRecorder } from './admin/overview/activity.js';
import { ServerErrorCounter } from './admin/overview/server-errors.js';
import { StorageUsage } from './admin/overview/storage-usage.js';
import { AdminOverview } from './admin/overview/overview.js';
import { overviewRoutes } from './admin/overview/overview-routes.js';

export interface KernelOptions {
  /** A resolved config; otherwise `petamigos.config.*` is loaded from `cwd`. */
  config?: ResolvedConfig;
  cwd?: string;
  configFile?: string;
  /** Plugin manifests to use instead of discovering folders and packages (tests, embedding). */
  plugins?: AnyPluginManifest[];
  /** Where plugin folders live (default `<rootDir>/plugins`). */
  pluginsDir?: string;
  logger?: FastifyBaseLogger;
  /** Migration policy at start: apply pending ones, require none pending, or leave them alone (CLI). */
  migrate?: 'apply' | 'require-current' | 'ignore';
  /** web serves HTTP; worker consumes events and jobs; all does both (default). */
  role?: 'web' | 'worker' | 'all';
  /** Use this running embedded PostgreSQL instead of starting one (test harness). */
  embeddedServer?: EmbeddedPostgres;
}

export class MigrationsPendingError extends Error {
  constructor(readonly pending: MigrationStatus[]) {
    const owners = [...new Set(pending.map((p) => p.owner))].map((o) => `${o}: ${pending.filter((p) => p.owner === o).length}`);
    super(`${pending.length} database migration(s) pending (${owners.join(', ')}); run \`npx petamigos migrate\` first, or set database.autoMigrate (PETAMIGOS_AUTO_MIGRATE=1)`);
    this.name = 'MigrationsPendingError';
  }
}

/** The parts of a kernel that exist before HTTP: what `petamigos migrate` needs, and `createKernel` builds on. */
export interface KernelFoundation {
  config: ResolvedConfig;
  log: FastifyBaseLogger;
  plan: PluginPlan;
  db: Database;
  migrator: MigrationRunner;
  /** Kernel first, then plugins in dependency order; `enabledOnly` limits it to what runs now. */
  migrationSets(enabledOnly?: boolean): MigrationSet[];
  close(): Promise<void>;
}

export async function openFoundation(options: KernelOptions = {}): Promise<KernelFoundation> {
  const config = options.config ?? (await loadConfig({ cwd: options.cwd, file: options.configFile }));
  const log = options.logger ?? createLogger(config);
  const discovered = options.plugins
    ? options.plugins.map((manifest) => ({ manifest, origin: { kind: 'inline' as const, location: `inline:${manifest.name}` } }))
    : await discoverPlugins(config, options.pluginsDir);
  const plan = planPlugins(discovered, config, KERNEL_VERSION);
  const db = await openDatabase(config, {
    entities: plan.ordered.flatMap((p) => p.manifest.entities ?? []),
    log,
    embeddedServer: options.embeddedServer,
  });
  const migrator = new MigrationRunner(db.orm);
  return {
    config,
    log,
    plan,
    db,
    migrator,
    migrationSets: (enabledOnly = false) => [
      MigrationRunner.kernelSet(),
      ...plan.ordered.filter((p) => !enabledOnly || p.enabledAtStart).map((p) => MigrationRunner.pluginSet(p.manifest.name, p.manifest.migrations)),
    ],
    close: () => db.close(),
  };
}

export interface KernelEvents {
  readonly driver: 'in-process' | 'redis';
  /** Resolves when every event emitted so far has been relayed and handled. */
  drain(): Promise<void>;
}

export interface Kernel {
  readonly version: string;
  readonly config: ResolvedConfig;
  readonly log: FastifyBaseLogger;
  readonly app: HttpApp;
  readonly db: Database;
  readonly plugins: PluginRegistry;
  readonly accounts: AccountsService;
  readonly events: KernelEvents;
  readonly jobs: JobQueue;
  readonly cache: Cache;
  readonly storage: Storage;
  readonly media: PluginMedia;
  readonly realtime: RealtimeHub;
  readonly notifications: NotificationService;
  /** The moderation queue every plugin reports into. */
  readonly moderation: ModerationService;
  /** Each plugin's live settings (config file, then admin edits, then defaults). */
  readonly pluginSettings: PluginSettingsStore;
  readonly i18n: Translator;
  readonly search: SearchEngine;
  readonly role: 'web' | 'worker' | 'all';
  readonly migrator: MigrationRunner;
  /** Which driver backs each service, and whether it is the embedded default. */
  readonly drivers: DriverChoice[];
  /** Starts listening; resolves to the URL. */
  listen(options?: { port?: number; host?: string }): Promise<string>;
  close(): Promise<void>;
}

/** Account export and deletion reach every enabled plugin through its account hooks. */
function accountHooks(registry: PluginRegistry): AccountHooks {
  return {
    async exportUserData(userId) {
      const out: Record<string, unknown> = {};
      for (const state of registry.all()) {
        if (state.enabled && state.manifest.account?.exportUserData) out[state.manifest.name] = await state.manifest.account.exportUserData(state.ctx, userId);
      }
      return out;
    },
    async deleteUserData(userId) {
      // Dependents first: a plugin's rows may point at rows of the plugins it requires.
      for (const state of [...registry.all()].reverse()) {
        if (state.enabled && state.manifest.account?.deleteUserData) await state.manifest.account.deleteUserData(state.ctx, userId);
      }
    },
  };
}

/**
 * Boots the platform: config, plugins, database and migrations, services, then HTTP with every
 * mountable plugin mounted in its own encapsulation context.
 */
export async function createKernel(options: KernelOptions = {}): Promise<Kernel> {
  const foundation = await openFoundation(options);
  const { config, log, plan, db, migrator } = foundation;
  let services: KernelServices | undefined;
  try {
    const policy = options.migrate ?? ((config.database.autoMigrate ?? db.driver === 'pglite') ? 'apply' : 'require-current');
    if (policy === 'apply') {
      const applied = await migrator.up(foundation.migrationSets(true), (p) => log.info(`migrating ${p.owner}: ${p.name} (${p.index + 1}/${p.total})`));
      if (applied.length > 0) log.info(`applied ${applied.length} migration(s)`);
    } else if (policy === 'require-current') {
      const pending = await migrator.pending(foundation.migrationSets(true));
      if (pending.length > 0) throw new MigrationsPendingError(pending);
    }

    const role = options.role ?? 'all';
    const sql = sqlFor(db.orm);
    const appSecret = await resolveAppSecret(config, sql, log);
    services = await createKernelServices(config, appSecret, db.orm, log);
    const { cache, storage, jobs, bus, media, search } = services;
    const outbox = new EventOutbox(db.orm, bus, log);
    const mailer = createMailer(config, sql, log);
    const registry = new PluginRegistry(db.orm, log, plan.unavailable);
    const i18n = await createTranslator({
      pluginLocales: [
        ...plan.ordered.filter((p) => p.manifest.locales).map((p) => ({ namespace: p.manifest.name, dir: p.manifest.locales! })),
        // The web app's and the admin shell's own strings (`web/locales`, `admin-ui/locales`).
        ...frontendLocales(config.rootDir),
      ],
      onError: (problem) => log[problem.kind === 'broken' ? 'warn' : 'debug']({ translation: problem }, 'translation problem'),
    });
    const permissions = new PermissionRegistry();
    permissions.declare('kernel', KERNEL_PERMISSIONS);
    for (const planned of plan.ordered) permissions.declare(planned.manifest.name, planned.manifest.permissions ?? {});
    await permissions.load(sql);
    const accounts = new AccountsService(db.orm, config, appSecret, mailer, permissions, accountHooks(registry), log, (locale, kind, values) => i18n.renderMail(locale, kind, values));
    const guards = createGuards(accounts);
    const channelLog = config.redis.url ? new RedisChannelLog(config.redis.url, config.redis.keyPrefix, log) : new InProcessChannelLog();
    const hub = new RealtimeHub(channelLog, log);
    hub.defineChannelType('user', (user, key) => user?.id === key);
    const notifications = new NotificationService(sql, accounts, hub, mailer, log);
    notifications.useRenderer(createNotificationRenderer(i18n));
    const moderation = new ModerationService(sql, registry, accounts, notifications, log);
    const pluginSettings = new PluginSettingsStore(sql, config, log);
    await pluginSettings.load(plan.ordered);
    if (channelLog.driver === 'redis') {
      // Every process reads ctx.settings from its own memory: tell the others when an admin changes them.
      pluginSettings.onChange(async (plugin) => void (await hub.publish('kernel:plugin-settings', { plugin })));
      channelLog.onMessage((message) => {
        const plugin = (message.data as { plugin?: unknown } | null)?.plugin;
        if (message.channel === 'kernel:plugin-settings' && typeof plugin === 'string') {
          pluginSettings.reload(plugin).catch((error: unknown) => log.error({ err: error, plugin }, 'reloading plugin settings failed'));
        }
      });
    }
    const pluginAccounts: PluginAccounts = {
      getUser: async (id) => (await accounts.getPublicUsers([id]))[0],
      findByUsername: (username) => accounts.findPublicUser(username),
      getUsers: (ids) => accounts.getPublicUsers(ids),
      isBlocked: (a, b) => accounts.isBlocked(a, b),
      hiddenUserIds: (id) => accounts.hiddenUserIds(id),
    };
    for (const planned of plan.ordered) {
      const ctx = createPluginContext(planned.manifest, () => pluginSettings.current(planned.manifest.name), {
        config,
        log,
        orm: db.orm,
        outbox,
        isEnabled: (name) => registry.isEnabled(name),
        serviceOf: (name) => registry.service(name),
        auth: guards,
        accounts: pluginAccounts,
        cache,
        storage,
        jobs,
        media,
        realtime: hub,
        notifications,
        search,
        moderation,
      });
      registry.add({
        ...planned,
        enabled: planned.enabledAtStart,
        ctx,
        migrations: MigrationRunner.pluginSet(planned.manifest.name, planned.manifest.migrations),
      });
    }
    if (policy !== 'ignore') await registry.syncLifecycle();

    // Every job and event handler is declared before any worker starts consuming.
    const pluginJobs = new PluginJobRunner(jobs, registry, log);
    pluginJobs.defineAll();
    const pluginSearch = new PluginSearchIndexes(search, jobs, registry, log);
    pluginSearch.defineReindexJob();
    for (const state of registry.all()) {
      for (const [name, declaration] of Object.entries(state.manifest.events?.handles ?? {})) {
        bus.subscribe({
          subscriber: state.manifest.name,
          name,
          retries: declaration.retries ?? 3,
          backoffMs: declaration.backoffMs ?? 200,
          handle: async (event, attempt) => {
            if (!state.enabled) return;
            await declaration.handler(event.payload, state.ctx, { id: event.id, name: event.name, emittedBy: event.emittedBy, emittedAt: event.emittedAt, attempt });
          },
        });
      }
    }
    for (const state of registry.all()) {
      for (const [channel, declaration] of Object.entries(state.manifest.realtime?.channels ?? {})) {
        hub.defineChannelType(`${state.manifest.name}.${channel}`, async (user, key) => state.enabled && (await declaration.authorize(user, key, state.ctx)));
      }
    }
    registry.onChange(() => pluginSearch.defineIndexes());
    registry.onChange((state) => pluginJobs.syncSchedules().catch((error: unknown) => log.error({ err: error, plugin: state.manifest.name }, 'updating schedules failed')));

    // Errors are answered in the request's language; a plugin's own codes are looked up in its strings first.
    const localizeError = (request: FastifyRequest, code: string, details: unknown) => {
      const locale = request.locale ?? config.site.defaultLocale;
      // English messages from code name the exact field, route or limit; keep them as they are.
      if (languageOf(locale) === 'en') return null;
      const plugin = /^\/api\/([a-z0-9-]+)\//.exec(request.url)?.[1];
      const translator = plugin && registry.get(plugin) && i18n.namespaces.includes(plugin) ? i18n.forNamespace(plugin) : i18n;
      return translator.translateError(locale, code, details);
    };
    let pageFallback: PageFallback | undefined;
    const app = await createHttpApp(config, log, cache.redis, localizeError, () => pageFallback);
    await installOpenApi(app, { title: config.site.name, version: KERNEL_VERSION, isPluginDisabled: (n) => registry.get(n) !== undefined && !registry.isEnabled(n) });
    installMetrics(app, (registryOfMetrics) => {
      new Gauge({
        name: 'petamigos_plugin_enabled',
        help: 'Whether each installed plugin is enabled (1) or not (0).',
        labelNames: ['plugin'] as const,
        registers: [registryOfMetrics],
        collect() {
          for (const s of registry.all()) this.set({ plugin: s.manifest.name }, s.enabled ? 1 : 0);
        },
      });
    });
    installHealthRoutes(app, {
      database: () => db.ping(),
      search: search.driver === 'meilisearch' ? () => search.ready() : undefined,
      plugins: () =>
        registry.all().filter((s) => s.enabled).map((s) => ({
          name: s.manifest.name,
          check: async () => (s.manifest.ready ? Boolean(await s.manifest.ready(s.ctx)) : true),
        })),
    });
    installRequestLocale(app, config.site.defaultLocale, () => installAuthentication(app, accounts));
    // Cheap figures for the admin overview: who was active each day, and how many 5xx answers.
    const activity = new ActivityRecorder(sql, log);
    const serverErrors = new ServerErrorCounter(sql, log);
    app.addHook('preHandler', async (request) => {
      if (request.user) await activity.record(request.user.id);
    });
    app.addHook('onResponse', async (request, reply) => {
      if (reply.statusCode >= 500) serverErrors.add(request.routeOptions.url ?? 'unmatched', reply.statusCode);
    });
    await app.register(async (scope) => i18nRoutes(scope, i18n, (namespace) => !registry.get(namespace) || registry.isEnabled(namespace)), { prefix: '/api/i18n' });
    await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
    await app.register(async (scope) => realtimeRoutes(scope, hub, accounts), { prefix: '/api/realtime' });
    await app.register(async (scope) => notificationRoutes(scope, notifications, guards), { prefix: '/api/notifications' });
    if (storage.driver === 'local') await serveLocalStorage(app, { storage, signingSecret: services.storageSigningSecret, prefix: '/files' });
    await app.register(async (scope) => authRoutes(scope, accounts, guards, config, cache), { prefix: '/api/auth' });
    await app.register(async (scope) => userRoutes(scope, accounts, guards, { storage, media }), { prefix: '/api/users' });
    await app.register(async (scope) => adminRoutes(scope, accounts, guards, db.orm), { prefix: '/api/admin' });
    await app.register(async (scope) => jobRoutes(scope, jobs, guards, sql), { prefix: '/api/admin/jobs' });
    await app.register(async (scope) => adminUserRoutes(scope, new AdminUsers(db.orm, accounts), guards, db.orm), { prefix: '/api/admin/users' });
    await app.register(async (scope) => moderationRoutes(scope, moderation, guards), { prefix: '/api/admin/reports' });
    await app.register(async (scope) => adminPluginRoutes(scope, new AdminPlugins(sql, registry, pluginSettings, migrator), pluginSettings, guards), { prefix: '/api/admin/plugins' });
    const overview = new AdminOverview(sql, jobs, new StorageUsage(storage, log), serverErrors, registry, log);
    await app.register(async (scope) => overviewRoutes(scope, overview, guards), { prefix: '/api/admin/overview' });
    await app.register(async (scope) => searchRoutes(scope, pluginSearch, accounts, guards), { prefix: '/api/search' });
    await mountPluginRoutes(app, registry);
    pageFallback = (await installWebFrontend(app, config, registry)).servePage;
    await app.ready();

    await pluginJobs.syncSchedules();
    await pluginJobs.recover();
    await pluginSearch.defineIndexes();
    if (role !== 'web') {
      await bus.start();
      await jobs.start();
    }
    outbox.start();

    const events: KernelEvents = {
      driver: bus.driver,
      async drain() {
        // Handlers may emit more events: repeat until the outbox and the bus are both empty.
        do {
          await outbox.flush();
          await bus.drain();
        } while ((await outbox.pending()) > 0);
      },
    };
    const ffmpeg = await media.ffmpeg();

    let closed = false;
    const kernelServices = services;
    return {
      version: KERNEL_VERSION,
      config,
      log,
      app,
      db,
      accounts,
      plugins: registry,
      events,
      jobs,
      cache,
      storage,
      media,
      realtime: hub,
      notifications,
      moderation,
      pluginSettings,
      i18n,
      search,
      role,
      migrator,
      drivers: [...chooseDrivers(config), { service: 'video', driver: ffmpeg ? `ffmpeg ${ffmpeg.version}` : 'unavailable (no ffmpeg: video uploads are refused)', embedded: true }],
      async listen(listenOptions = {}) {
        const address = await app.listen({ port: listenOptions.port ?? config.server.port, host: listenOptions.host ?? config.server.host });
        return address.replace('[::1]', 'localhost').replace('0.0.0.0', 'localhost').replace('127.0.0.1', 'localhost');
      },
      async close() {
        if (closed) return;
        closed = true;
        await hub.close();
        await app.close();
        await serverErrors.flush();
        await outbox.stop();
        await kernelServices.close();
        await mailer.close();
        await foundation.close();
      },
    };
  } catch (error) {
    await services?.close().catch(() => undefined);
    await foundation.close();
    throw error;
  }
}
