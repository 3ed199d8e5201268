import type { FastifyBaseLogger } from 'fastify';
import { deriveKey } from '../accounts/crypto.js';
import { driverFor } from '../config/drivers.js';
import type { ResolvedConfig } from '../config/resolved.js';
import type { PluginMedia } from '../plugins/manifest.js';
import { createCache, type KernelCache } from './cache/index.js';
import { createEventBus, type EventBus } from './events/index.js';
import { createJobQueue, type JobQueue } from './jobs/index.js';
import { findFfmpeg, probeVideo, processImage, transcodeToHls } from './media/index.js';
import { createStorage, type Storage } from './storage/index.js';
import { createSearchEngine, type SearchEngine } from './search/index.js';
import type { MikroORM } from '@mikro-orm/postgresql';

export interface KernelServices {
  cache: KernelCache;
  storage: Storage;
  storageSigningSecret: string;
  jobs: JobQueue;
  bus: EventBus;
  media: PluginMedia;
  search: SearchEngine;
  close(): Promise<void>;
}

/**
 * Builds every kernel service with the driver the configuration selects (`config/drivers.ts`), so
 * plugins get the same contract whether they run on a laptop or on Redis, S3 and PostgreSQL.
 */
export async function createKernelServices(config: ResolvedConfig, appSecret: string, orm: MikroORM, log: FastifyBaseLogger): Promise<KernelServices> {
  const redisUrl = config.redis.url;
  const keyPrefix = config.redis.keyPrefix;
  const cache = createCache({ redisUrl, keyPrefix: `${keyPrefix}cache:`, maxEntries: config.cache.maxEntries, log });
  const storageSigningSecret = deriveKey(appSecret, 'storage-urls').toString('base64url');
  const s3 = config.storage.s3;
  const storage = await createStorage({
    driver: driverFor(config, 'storage') as 'local' | 's3',
    local: { dir: config.storage.local.dir, publicBaseUrl: config.storage.local.publicBaseUrl ?? `${config.site.publicUrl}/files` },
    s3: s3.endPoint
      ? {
          endPoint: s3.endPoint,
          port: s3.port,
          useSSL: s3.useSSL,
          bucket: s3.bucket,
          region: s3.region,
          publicBaseUrl: s3.publicBaseUrl,
          accessKey: config.secrets.s3AccessKey ?? '',
          secretKey: config.secrets.s3SecretKey ?? '',
        }
      : undefined,
    signingSecret: storageSigningSecret,
    log,
  });
  const jobs = createJobQueue({
    redisUrl,
    prefix: keyPrefix.replace(/[^A-Za-z0-9._-]+$/, '') || 'petamigos',
    log,
    stalledIntervalMs: config.jobs.stalledIntervalMs,
    lockDurationMs: config.jobs.lockDurationMs,
  });
  const bus = createEventBus({ redisUrl, keyPrefix, log });
  const ffmpegPath = config.media.ffmpegPath;
  const limits = { ffmpegPath, maxDurationSeconds: config.media.maxVideoSeconds, maxBytes: config.media.maxVideoBytes };
  const media: PluginMedia = {
    processImage: (input, options) => processImage(input, { maxInputPixels: config.media.maxImagePixels, ...options }),
    probeVideo: (path) => probeVideo(path, limits),
    transcodeToHls: (input, outDir, options) => transcodeToHls(input, outDir, { ...limits, ...options }),
    ffmpeg: () => findFfmpeg(ffmpegPath),
  };
  const meiliHost = config.search.meilisearch.host;
  const search = createSearchEngine({
    driver: driverFor(config, 'search') as 'postgres' | 'meilisearch',
    orm,
    meilisearch: meiliHost ? { host: meiliHost, apiKey: config.secrets.meilisearchApiKey } : undefined,
    indexPrefix: `${keyPrefix.replace(/[^A-Za-z0-9_-]+/g, '_')}`,
    log,
  });
  return {
    cache,
    search,
    storage,
    storageSigningSecret,
    jobs,
    bus,
    media,
    async close() {
      await jobs.close();
      await bus.close();
      await cache.close();
      await search.close();
    },
  };
}
