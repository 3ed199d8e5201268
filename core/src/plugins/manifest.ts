import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntitySchema, EntityClass } from '@mikro-orm/core';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static, TObject, TSchema } from 'typebox';
import type { ResolvedConfig } from '../config/resolved.js';
import type { AuthGuards } from '../accounts/guards.js';
import type { PublicUser } from '../accounts/users.js';
import type { AuthUser } from '../accounts/accounts-service.js';
import type { NotificationInput } from '../notifications/notification-service.js';
import type { Cache } from '../services/cache/index.js';
import type { SearchDocument } from '../services/search/index.js';
import type { Storage } from '../services/storage/index.js';
import type { EnqueueOptions } from '../services/jobs/index.js';
import type { FfmpegInstallation, HlsResult, ProcessedImage, ProcessImageOptions, TranscodeOptions, VideoInfo } from '../services/media/index.js';

/**
 * The plugin contract. A plugin's default export is `definePlugin({...})`; everything the kernel
 * does with a plugin (mounting routes, running migrations, wiring events and jobs, building admin
 * panels and pages) is driven by this declaration. Parts whose kernel service arrives later are
 * already typed here so plugins can be written against the final shape.
 */
export interface PluginManifest<TSettings extends TObject = TObject, TService = unknown> {
  /** Lower-case name: `feed`, `mercado-pago`. Routes mount at `/api/<name>`, tables start with `<name>_`. */
  name: string;
  /** The plugin's own semver version. */
  version: string;
  /** Kernel versions this plugin works with, as a semver range (`^0.1.0`). */
  kernel: string;
  description?: string;
  /** Plugins this one needs, with the version range it works with: `{ social: '^0.1.0' }`. */
  requires?: Record<string, string>;
  /** Typed settings with defaults; the operator sets them under `plugins.<name>.settings`. */
  settings?: TSettings;
  /** MikroORM entities (EntitySchema or classes). Their tables must start with the plugin's prefix. */
  entities?: Array<EntitySchema<any> | EntityClass<any>>;
  /** Folder holding this plugin's migrations (`new URL('./migrations/', import.meta.url)`). */
  migrations?: string | URL;
  /** Permissions this plugin checks, and the roles that get each by default. */
  permissions?: Record<string, PermissionDeclaration>;
  /** HTTP routes, mounted in the plugin's own encapsulated context under `/api/<name>`. */
  routes?: (app: PluginApp, ctx: PluginContext<Static<TSettings>>) => void | Promise<void>;
  /** Events this plugin emits (`<name>.thing.happened`, with a payload schema) and handles. */
  events?: {
    emits?: Record<string, TSchema>;
    handles?: Record<string, EventHandlerDeclaration<Static<TSettings>>>;
  };
  /** Named background jobs. */
  jobs?: Record<string, JobDeclaration<Static<TSettings>>>;
  /** Cron schedules that enqueue one of this plugin's jobs once per period across the cluster. */
  schedules?: Record<string, ScheduleDeclaration>;
  /** Search indexes this plugin feeds. */
  search?: Record<string, SearchIndexDeclaration>;
  /** Folder with `<locale>.json` string files. */
  locales?: string | URL;
  /** Realtime channel types this plugin publishes on (`<plugin>.<name>:<key>`), each with who may read it. */
  realtime?: {
    channels?: Record<string, { authorize: (user: AuthUser | null, key: string, ctx: PluginContext<Static<TSettings>>) => boolean | Promise<boolean> }>;
  };
  /**
   * Pages and dashboard cards the plugin adds to the admin UI, and the figures it adds to the
   * admin overview (`GET /api/admin/overview`): `stats: async (ctx) => [{ id: 'posts.total', label: 'Posts', value: 42 }]`.
   */
  admin?: {
    /** The built `admin/` folder, e.g. `new URL('../dist/admin/', import.meta.url)`; `module` names are files in it. */
    assets?: string | URL;
    panels?: AdminPanelDeclaration[];
    cards?: AdminCardDeclaration[];
    stats?: (ctx: PluginContext<Static<TSettings>>, options: { locale: string }) => AdminStat[] | Promise<AdminStat[]>;
  };
  /**
   * What of this plugin can be reported into the kernel's moderation queue (`ctx.moderation.report`),
   * and how moderators see it (`describe`) and take it down (`remove`).
   */
  moderation?: { items: Record<string, ModerationItemDeclaration<Static<TSettings>>> };
  /** Pages, navigation entries and slot components the plugin adds to the themed frontend. */
  web?: {
    /** The built `web/` folder, e.g. `new URL('../dist/web/', import.meta.url)`; `module` names are files in it. */
    assets?: string | URL;
    pages?: WebPageDeclaration[];
    slots?: WebSlotDeclaration[];
    nav?: WebNavDeclaration[];
  };
  /** Commands added to the `petamigos` CLI, under `petamigos <name> <command>`. */
  cli?: Record<string, CliCommandDeclaration<Static<TSettings>>>;
  /** A service other plugins may use when they require this one. Built once, on first use. */
  service?: (ctx: PluginContext<Static<TSettings>>) => TService | Promise<TService>;
  /** Readiness check for `GET /ready`; omitted means ready once mounted. */
  ready?: (ctx: PluginContext<Static<TSettings>>) => boolean | Promise<boolean>;
  /** Lifecycle hooks. Each runs once per transition and may use the database. */
  lifecycle?: LifecycleHooks<Static<TSettings>>;
  /** Account hooks: a user's data export and account deletion reach every plugin through these. */
  account?: {
    exportUserData?: (ctx: PluginContext<Static<TSettings>>, userId: string) => Promise<unknown>;
    deleteUserData?: (ctx: PluginContext<Static<TSettings>>, userId: string) => Promise<void>;
  };
}

export type AnyPluginManifest = PluginManifest<TObject, unknown>;

export type PluginApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

export type Role = 'user' | 'moderator' | 'admin';

export interface PermissionDeclaration {
  description: string;
  /** Roles that hold this permission unless an admin changes it. */
  roles: Role[];
}

export interface EventHandlerDeclaration<S = unknown> {
  handler: (payload: any, ctx: PluginContext<S>, meta: EventMeta) => void | Promise<void>;
  /** Further attempts after a failure (default 3), with exponential backoff from `backoffMs`. */
  retries?: number;
  backoffMs?: number;
}

export interface EventMeta {
  id: string;
  name: string;
  emittedBy: string;
  emittedAt: string;
  attempt: number;
}

export interface JobDeclaration<S = unknown> {
  handler: (payload: any, ctx: PluginContext<S>, meta: { id: string; attempt: number; progress(p: number | object): Promise<void> }) => unknown | Promise<unknown>;
  payload?: TSchema;
  concurrency?: number;
  retries?: number;
  backoffMs?: number;
  /** SQL returning `{ id, payload }` rows of work left unfinished by a crash, re-enqueued at start. */
  recover?: (ctx: PluginContext<S>) => Promise<Array<{ id: string; payload: unknown }>>;
}

export interface ScheduleDeclaration {
  /** Five-field cron expression, evaluated in `tz` (default UTC). */
  cron: string;
  /** A job of this plugin to enqueue. */
  job: string;
  tz?: string;
  payload?: unknown;
}

export interface SearchIndexDeclaration {
  fields: Array<{ name: string; weight?: 'A' | 'B' | 'C' | 'D' }>;
  filters?: string[];
  sort?: string[];
  /** Language of the text, or the field that holds a document's language. */
  language?: string | { field: string };
  /** Every document of the index, in batches, read from the plugin's tables: `reindex` rebuilds from it. */
  source?: (ctx: PluginContext<any>) => AsyncIterable<SearchDocument[]>;
}

export interface AdminPanelDeclaration {
  id: string;
  title: string;
  /** Built ES module in `admin.assets` (e.g. `reports-panel.js`, from `admin/reports-panel.tsx`) whose default export renders the panel. */
  module: string;
  permission?: string;
}

/** One figure on the admin overview; `id` is stable (the admin UI may translate by it), `label` is shown as is. */
export interface AdminStat {
  id: string;
  label: string;
  value: number;
}

/** A reported thing as moderators see it in the queue. */
export interface ModeratedItem {
  title: string;
  text: string;
  /** Where it lives in the frontend, or null. */
  url: string | null;
  /** Its author: warned or suspended when a moderator chooses to. */
  authorId: string | null;
  media?: Array<{ type: 'image' | 'video'; url: string; width?: number; height?: number }>;
  /** Already taken down (by its author or a moderator): `remove` is not called again. */
  removed?: boolean;
}

export interface ModerationItemDeclaration<S = unknown> {
  /** The item in context for the queue, or null when it no longer exists. */
  describe: (ctx: PluginContext<S>, id: string) => ModeratedItem | null | Promise<ModeratedItem | null>;
  /** Takes the item down (soft delete is fine) when a moderator resolves a report with `remove` or `suspend`. */
  remove?: (ctx: PluginContext<S>, id: string, by: { moderatorId: string; reason: string }) => void | Promise<void>;
}

export interface ReportInput {
  /** One of the plugin's `moderation.items`. */
  itemType: string;
  itemId: string;
  reporterId: string;
  reason: string;
  details?: string;
}

export interface PluginModeration {
  /**
   * Files a report into the kernel's moderation queue (joining the current `ctx.db.transaction`).
   * A reporter who already reported the item while it is open gets their first report back (`created: false`).
   */
  report(input: ReportInput): Promise<{ id: string; created: boolean }>;
}

export interface AdminCardDeclaration {
  id: string;
  title: string;
  module: string;
  permission?: string;
}

export interface WebPageDeclaration {
  /** Path in the frontend, e.g. `/reels/:id`. */
  path: string;
  /** Built ES module in `web.assets` (e.g. `reel-page.js`, from `web/reel-page.tsx`) whose default export is the page. */
  module: string;
  title?: string;
  requiresAuth?: boolean;
}

export interface WebSlotDeclaration {
  /** Slot name the theme exposes, e.g. `home.top`, `profile.tabs`. */
  slot: string;
  module: string;
  order?: number;
}

export interface WebNavDeclaration {
  label: string;
  path: string;
  icon?: string;
  order?: number;
}

export interface CliCommandDeclaration<S = unknown> {
  description: string;
  examples?: string[];
  args?: Record<string, { description: string; required?: boolean }>;
  flags?: Record<string, { description: string; type: 'string' | 'boolean' | 'integer'; default?: unknown }>;
  run: (input: { args: Record<string, string | undefined>; flags: Record<string, unknown> }, ctx: PluginContext<S>) => Promise<void>;
}

export interface LifecycleHooks<S = unknown> {
  /** First time the plugin is enabled on this installation (after its migrations ran). */
  install?: (ctx: PluginContext<S>) => Promise<void> | void;
  enable?: (ctx: PluginContext<S>) => Promise<void> | void;
  disable?: (ctx: PluginContext<S>) => Promise<void> | void;
  /** The installed version changed since the last start. */
  upgrade?: (ctx: PluginContext<S>, versions: { from: string; to: string }) => Promise<void> | void;
  /** `petamigos plugins remove --purge`: the last chance to clean up. */
  uninstall?: (ctx: PluginContext<S>) => Promise<void> | void;
}

/**
 * Everything a plugin may touch, handed to it by the kernel. Every service is namespaced to the
 * plugin (table prefix, cache keys, queue names, storage prefix) so two plugins cannot collide.
 */
export interface PluginContext<S = unknown> {
  readonly plugin: { readonly name: string; readonly version: string };
  readonly settings: Readonly<S>;
  readonly site: Readonly<ResolvedConfig['site']>;
  readonly log: FastifyBaseLogger;
  readonly db: PluginDatabase;
  readonly events: PluginEvents;
  /** Services explicitly exported by plugins this one requires. */
  readonly plugins: { service<T = unknown>(name: string): Promise<T> };
  readonly namespace: PluginNamespace;
  /** This plugin's cache: keys and tags live under its own namespace. */
  readonly cache: Cache;
  /** This plugin's object storage: keys live under `<plugin>/`. */
  readonly storage: Storage;
  /** Enqueue this plugin's declared jobs (`ctx.jobs.enqueue('cleanup', payload, { jobId })`). */
  readonly jobs: PluginJobs;
  /** Image and video pipelines, with the operator's limits applied. */
  readonly media: PluginMedia;
  /** Feed this plugin's search indexes: `ctx.search.upsert('posts', [doc])`, `remove('posts', [id])`. */
  readonly search: { upsert(index: string, documents: SearchDocument[]): Promise<void>; remove(index: string, ids: string[]): Promise<void> };
  /** Publish on this plugin's realtime channels: `ctx.realtime.publish('post', postId, data)`. */
  readonly realtime: { publish(channel: string, key: string, data: unknown): Promise<void> };
  /** Notify a user: stored, grouped, pushed live and mailed per the recipient's preferences. */
  readonly notifications: { send(input: Omit<NotificationInput, 'type'> & { type: string }): Promise<void> };
  /** The kernel's moderation queue: `ctx.moderation.report({ itemType: 'post', itemId, reporterId, reason })`. */
  readonly moderation: PluginModeration;
  /** Route guards: `{ preHandler: ctx.auth.requireUser }`, `requirePermission('feed.posts.moderate')`, `assertOwner(...)`. */
  readonly auth: AuthGuards;
  /** Read access to accounts: public profiles and the kernel's block check. */
  readonly accounts: PluginAccounts;
  /** Whether the plugin is enabled right now (it can be disabled at run time). */
  isEnabled(): boolean;
}

export interface PluginJobs {
  enqueue(job: string, payload: unknown, options?: EnqueueOptions): Promise<{ id: string; created: boolean }>;
}

export interface PluginMedia {
  processImage(input: Buffer | string, options?: ProcessImageOptions): Promise<ProcessedImage>;
  probeVideo(path: string): Promise<VideoInfo>;
  transcodeToHls(input: string, outDir: string, options?: Pick<TranscodeOptions, 'onProgress' | 'signal' | 'probe'>): Promise<HlsResult>;
  /** The ffmpeg in use, or null: video is refused (MediaError FFMPEG_MISSING) without it. */
  ffmpeg(): Promise<FfmpegInstallation | null>;
}

export interface PluginAccounts {
  getUser(id: string): Promise<PublicUser | undefined>;
  /** Case-insensitive; suspended accounts are not found. */
  findByUsername(username: string): Promise<PublicUser | undefined>;
  getUsers(ids: string[]): Promise<PublicUser[]>;
  /** True when either user blocked the other; blocked people must not see, find, message or react to each other. */
  isBlocked(a: string, b: string): Promise<boolean>;
  /** Everyone `userId` must not see (blocked either way), for filtering lists in one query. */
  hiddenUserIds(userId: string): Promise<string[]>;
}

export interface PluginNamespace {
  tablePrefix: string;
  cachePrefix: string;
  queuePrefix: string;
  storagePrefix: string;
  eventPrefix: string;
}

export interface PluginDatabase {
  /** A fresh MikroORM EntityManager (forked) for this unit of work. */
  em(): EntityManager;
  /** Runs SQL with `?` placeholders and returns the rows; inside `transaction` it joins that transaction. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs `fn` in a transaction; it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
}

/**
 * Event names and payloads known to the type system. Plugins extend it by declaration merging:
 * `declare module '@petamigos/core' { interface PetAmigosEvents { 'feed.post.created': {...} } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PetAmigosEvents {}

export interface PluginEvents {
  emit<K extends keyof PetAmigosEvents>(name: K, payload: PetAmigosEvents[K]): Promise<void>;
  emit(name: string, payload: unknown): Promise<void>;
}

/** Gives a manifest its types; the kernel validates the rest when it loads the plugin. */
export function definePlugin<TSettings extends TObject = TObject, TService = unknown>(
  manifest: PluginManifest<TSettings, TService>,
): PluginManifest<TSettings, TService> {
  return manifest;
}
