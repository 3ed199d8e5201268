// Public server-side surface of the kernel. Plugins import only from here (and `/testing` in tests).
export { defineConfig, loadConfig, resolveConfig, CONFIG_FILE_NAMES } from './config/load-config.js';
export type { PetAmigosConfig, PluginConfigEntry } from './config/schema.js';
export { ConfigSchema } from './config/schema.js';
export type { ResolvedConfig, Secrets } from './config/resolved.js';
export { ConfigError } from './config/config-error.js';
export { envOverrides, secretVariables } from './config/env.js';
export { chooseDrivers, type DriverChoice } from './config/drivers.js';
export { definePlugin } from './plugins/manifest.js';
export type * from './plugins/manifest.js';
export { PluginError } from './plugins/plugin-error.js';
export type { PluginInfo, PluginRegistry } from './plugins/registry.js';
export { HttpError, errorBody, type ErrorBody } from './http/errors.js';
export { createKernel, openFoundation, MigrationsPendingError, type Kernel, type KernelOptions, type KernelFoundation } from './kernel.js';
export { MigrationError, type MigrationStatus, type MigrationProgress } from './db/migrations/runner.js';
export { safeUrl } from './db/database.js';
export { KERNEL_VERSION } from './kernel-version.js';
export { createLogger } from './logger.js';
/** TypeBox, for route and settings schemas, so plugins use the same copy as the kernel. */
export { default as Type } from 'typebox';
export type { Static, TSchema, TObject } from 'typebox';
/** MikroORM's migration base class and entity schema helper, re-exported for plugin authors. */
export { Migration } from '@mikro-orm/migrations';
export { EntitySchema } from '@mikro-orm/core';
export type { EntityManager } from '@mikro-orm/postgresql';
export type { Cache, CacheSetOptions, CacheIncrementOptions } from './services/cache/index.js';
export { StorageError, type Storage, type StoredObject, type PutOptions, type ByteRange } from './services/storage/index.js';
export type { EnqueueOptions, JobState, JobCounts, FailedJob } from './services/jobs/index.js';
export { MediaError, isMediaError, processImage, probeVideo, transcodeToHls, findFfmpeg, type MediaErrorCode } from './services/media/index.js';
export type { AuthUser } from './accounts/accounts-service.js';
export type { AuthGuards } from './accounts/guards.js';
export type { PublicUser, PrivateUser } from './accounts/users.js';
export type { KernelEvents } from './kernel.js';
export { ErrorBodySchema, errorResponses, Username as UsernameSchema, PublicUserSchema } from './accounts/schemas.js';
export type { SearchDocument, SearchVisibility } from './services/search/index.js';
export { SUPPORTED_LOCALES, isRtl, negotiateLocale } from './i18n/index.js';
export { findWebAssets, type WebAssets } from './web/web-assets.js';
