import type { Secrets } from './resolved.js';

type Kind = 'string' | 'integer' | 'boolean';

/**
 * Environment variables that override keys of the config file. Kept as one table so `.env.example`,
 * the README and `petamigos doctor` describe exactly what the kernel reads.
 */
export const envOverrides: ReadonlyArray<{ env: string; path: string[]; kind: Kind }> = [
  { env: 'DATABASE_URL', path: ['database', 'url'], kind: 'string' },
  { env: 'DATABASE_POOL_MAX', path: ['database', 'pool', 'max'], kind: 'integer' },
  { env: 'PETAMIGOS_AUTO_MIGRATE', path: ['database', 'autoMigrate'], kind: 'boolean' },
  { env: 'REDIS_URL', path: ['redis', 'url'], kind: 'string' },
  { env: 'HOST', path: ['server', 'host'], kind: 'string' },
  { env: 'PORT', path: ['server', 'port'], kind: 'integer' },
  { env: 'PUBLIC_URL', path: ['site', 'publicUrl'], kind: 'string' },
  { env: 'LOG_LEVEL', path: ['logLevel'], kind: 'string' },
  { env: 'STORAGE_DRIVER', path: ['storage', 'driver'], kind: 'string' },
  { env: 'S3_ENDPOINT', path: ['storage', 's3', 'endPoint'], kind: 'string' },
  { env: 'S3_PORT', path: ['storage', 's3', 'port'], kind: 'integer' },
  { env: 'S3_USE_SSL', path: ['storage', 's3', 'useSSL'], kind: 'boolean' },
  { env: 'S3_BUCKET', path: ['storage', 's3', 'bucket'], kind: 'string' },
  { env: 'S3_REGION', path: ['storage', 's3', 'region'], kind: 'string' },
  { env: 'S3_PUBLIC_URL', path: ['storage', 's3', 'publicBaseUrl'], kind: 'string' },
  { env: 'FFMPEG_PATH', path: ['media', 'ffmpegPath'], kind: 'string' },
  { env: 'MEILISEARCH_HOST', path: ['search', 'meilisearch', 'host'], kind: 'string' },
  { env: 'SMTP_HOST', path: ['mail', 'smtp', 'host'], kind: 'string' },
  { env: 'SMTP_PORT', path: ['mail', 'smtp', 'port'], kind: 'integer' },
  { env: 'SMTP_SECURE', path: ['mail', 'smtp', 'secure'], kind: 'boolean' },
  { env: 'SMTP_USER', path: ['mail', 'smtp', 'user'], kind: 'string' },
];

/** Secrets: read from these variables only. A config file that names one of them is refused. */
export const secretVariables: ReadonlyArray<{ env: string; key: keyof Secrets; forbiddenPath: string[] }> = [
  { env: 'PETAMIGOS_SECRET', key: 'appSecret', forbiddenPath: ['security', 'secret'] },
  { env: 'S3_ACCESS_KEY', key: 's3AccessKey', forbiddenPath: ['storage', 's3', 'accessKey'] },
  { env: 'S3_SECRET_KEY', key: 's3SecretKey', forbiddenPath: ['storage', 's3', 'secretKey'] },
  { env: 'MEILISEARCH_API_KEY', key: 'meilisearchApiKey', forbiddenPath: ['search', 'meilisearch', 'apiKey'] },
  { env: 'SMTP_PASSWORD', key: 'smtpPassword', forbiddenPath: ['mail', 'smtp', 'password'] },
];

/** Converts environment strings to the type the schema expects; leaves bad values for it to report. */
export function parseEnvValue(raw: string, kind: Kind): unknown {
  if (kind === 'integer') return /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
  if (kind === 'boolean') {
    const v = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    return raw;
  }
  return raw;
}

export function readSecrets(env: NodeJS.ProcessEnv): Secrets {
  const secrets: Secrets = {};
  for (const { env: name, key } of secretVariables) {
    const value = env[name];
    if (value) secrets[key] = value;
  }
  return secrets;
}
