import type { ResolvedConfig } from './resolved.js';

/**
 * The one place that decides, from configuration alone, which driver backs each service.
 * Embedded defaults need nothing installed; production drivers need the named infrastructure.
 */
export interface DriverChoice {
  service: string;
  driver: string;
  embedded: boolean;
}

export function chooseDrivers(config: ResolvedConfig): DriverChoice[] {
  const redis = Boolean(config.redis.url);
  const s3 = config.storage.driver ? config.storage.driver === 's3' : Boolean(config.storage.s3.endPoint);
  const meili = config.search.driver ? config.search.driver === 'meilisearch' : Boolean(config.search.meilisearch.host);
  return [
    { service: 'database', driver: config.database.url ? 'postgresql' : 'pglite', embedded: !config.database.url },
    { service: 'jobs', driver: redis ? 'bullmq' : 'in-process', embedded: !redis },
    { service: 'events', driver: redis ? 'redis' : 'in-process', embedded: !redis },
    { service: 'cache', driver: redis ? 'redis' : 'memory', embedded: !redis },
    { service: 'storage', driver: s3 ? 's3' : 'local', embedded: !s3 },
    { service: 'search', driver: meili ? 'meilisearch' : 'postgres', embedded: !meili },
    { service: 'mail', driver: config.mail.smtp.host ? 'smtp' : 'outbox', embedded: !config.mail.smtp.host },
  ];
}

export function driverFor(config: ResolvedConfig, service: string): string {
  return chooseDrivers(config).find((c) => c.service === service)?.driver ?? 'unknown';
}
