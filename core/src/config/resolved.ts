import type { PluginConfigEntry } from './schema.js';

/** The configuration after defaults and environment overrides: what the kernel reads. */
export interface ResolvedConfig {
  /** Folder that relative paths (data dirs, plugins/) are resolved against. */
  rootDir: string;
  /** The config file that was read, if any. */
  configFile: string | null;
  site: { name: string; publicUrl: string; defaultLocale: string };
  server: { host: string; port: number; trustProxy: boolean | string | string[]; bodyLimit: number };
  database: {
    url?: string;
    pglite: { dataDir: string };
    pool: { max: number };
    autoMigrate?: boolean;
    debug: boolean;
  };
  redis: { url?: string; keyPrefix: string };
  storage: {
    driver?: 'local' | 's3';
    local: { dir: string; publicBaseUrl?: string };
    s3: { endPoint?: string; port?: number; useSSL: boolean; bucket: string; region: string; publicBaseUrl?: string };
  };
  search: { driver?: 'postgres' | 'meilisearch'; meilisearch: { host?: string } };
  mail: { from: string; smtp: { host?: string; port: number; secure: boolean; user?: string } };
  security: {
    corsOrigins: string[];
    rateLimit: { max: number; timeWindow: number };
    authRateLimit: { max: number; timeWindow: number };
  };
  cache: { maxEntries: number };
  jobs: { stalledIntervalMs: number; lockDurationMs: number };
  media: { ffmpegPath?: string; maxImagePixels: number; maxVideoSeconds: number; maxVideoBytes: number };
  accounts: {
    registration: 'open' | 'closed';
    firstUserIsAdmin: boolean;
    requireEmailVerification: boolean;
    passwordMinLength: number;
    passwordHashing: { memoryKiB: number; iterations: number };
  };
  plugins: Record<string, PluginConfigEntry>;
  theme: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Values that only ever come from the environment. Never logged, never in the config file. */
  secrets: Secrets;
}

export interface Secrets {
  appSecret?: string;
  s3AccessKey?: string;
  s3SecretKey?: string;
  meilisearchApiKey?: string;
  smtpPassword?: string;
}
