import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { createJiti } from 'jiti';
import { checkAgainstSchema } from './check-schema.js';
import { ConfigError } from './config-error.js';
import { envOverrides, parseEnvValue, readSecrets, secretVariables } from './env.js';
import type { ResolvedConfig } from './resolved.js';
import { ConfigSchema, type PetAmigosConfig } from './schema.js';

export const CONFIG_FILE_NAMES = ['petamigos.config.ts', 'petamigos.config.mts', 'petamigos.config.js', 'petamigos.config.mjs'];

/** Identity helper that gives `petamigos.config.ts` its types and editor completion. */
export function defineConfig(config: PetAmigosConfig): PetAmigosConfig {
  return config;
}

export interface LoadConfigOptions {
  /** Folder to look for `petamigos.config.*` in; relative paths resolve against it. */
  cwd?: string;
  /** An explicit config file (the CLI's `--config`). */
  file?: string;
  env?: NodeJS.ProcessEnv;
}

/** Finds, imports and validates the config file; no file means embedded defaults. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const file = options.file ? resolve(cwd, options.file) : CONFIG_FILE_NAMES.map((n) => resolve(cwd, n)).find((f) => existsSync(f));
  if (options.file && !existsSync(file!)) throw new ConfigError('', `config file ${file} does not exist`);
  let raw: unknown = {};
  if (file) {
    const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false });
    try {
      raw = await jiti.import(file, { default: true });
    } catch (error) {
      throw new ConfigError('', `could not load ${file}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return resolveConfig(raw, { rootDir: file ? dirname(file) : cwd, configFile: file ?? null, env: options.env ?? process.env });
}

/**
 * Validates a config object (as written in the file), then applies environment overrides and
 * validates again so a bad `PORT=abc` is reported against the variable that set it.
 */
export function resolveConfig(
  raw: unknown,
  { rootDir, configFile = null, env = process.env }: { rootDir: string; configFile?: string | null; env?: NodeJS.ProcessEnv },
): ResolvedConfig {
  const source = configFile ?? 'config';
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError('', `the config must export an object (use defineConfig({...})), found ${typeof raw}`, source);
  }
  refuseSecretsInFile(raw as Record<string, unknown>, source);
  const fromFile = checkAgainstSchema<Record<string, unknown>>(ConfigSchema, raw, '', source);

  const merged = structuredClone(fromFile);
  for (const { env: name, path, kind } of envOverrides) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    setPath(merged, path, parseEnvValue(value, kind));
  }
  let withEnv: Record<string, unknown>;
  try {
    withEnv = checkAgainstSchema<Record<string, unknown>>(ConfigSchema, merged, '', 'environment');
  } catch (error) {
    const e = error as ConfigError;
    const variable = envOverrides.find((o) => o.path.join('.') === e.path);
    throw variable ? new ConfigError(e.path, `${e.message.split(`${e.path}: `)[1]} (from ${variable.env})`, 'environment') : e;
  }

  const config = withEnv as unknown as Omit<ResolvedConfig, 'rootDir' | 'configFile' | 'secrets'>;
  if (config.search.driver === 'meilisearch' && !config.search.meilisearch.host) {
    throw new ConfigError('search.meilisearch.host', 'required when search.driver is "meilisearch" (or set MEILISEARCH_HOST)', configFile ?? 'config');
  }
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(rootDir, p));
  config.database.pglite.dataDir = abs(config.database.pglite.dataDir);
  config.storage.local.dir = abs(config.storage.local.dir);
  return { ...config, rootDir, configFile, secrets: readSecrets(env) };
}

function refuseSecretsInFile(raw: Record<string, unknown>, source: string): void {
  for (const { env, forbiddenPath } of secretVariables) {
    if (getPath(raw, forbiddenPath) !== undefined) {
      throw new ConfigError(forbiddenPath.join('.'), `secrets come only from the environment; remove it here and set ${env}`, source);
    }
  }
  const url = getPath(raw, ['database', 'url']);
  if (typeof url === 'string' && /^[a-z]+:\/\/[^/@]*:[^/@]*@/i.test(url)) {
    throw new ConfigError('database.url', 'contains a password; secrets come only from the environment, set DATABASE_URL instead', source);
  }
  const redis = getPath(raw, ['redis', 'url']);
  if (typeof redis === 'string' && /^[a-z]+:\/\/[^/@]*:[^/@]+@/i.test(redis)) {
    throw new ConfigError('redis.url', 'contains a password; secrets come only from the environment, set REDIS_URL instead', source);
  }
}

function getPath(obj: Record<string, unknown>, path: string[]): unknown {
  let node: unknown = obj;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let node = obj;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}
