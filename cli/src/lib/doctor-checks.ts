import { constants, existsSync } from 'node:fs';
import { access, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { dirname, join, relative } from 'node:path';
import type { KernelFoundation, ResolvedConfig } from '@petamigos/core';
import { loadCore, loadKernelInternals } from './core.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  /** What was found, in one line. */
  message: string;
  /** What to do about it (warn and fail only). */
  fix?: string;
}

const TIMEOUT_MS = 3000;
const MIN_NODE = [20, 11] as const;

export function checkNode(version = process.versions.node): CheckResult {
  const [major, minor] = version.split('.').map(Number) as [number, number];
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return ok
    ? { name: 'node', status: 'ok', message: `Node.js ${version}` }
    : { name: 'node', status: 'fail', message: `Node.js ${version} is too old`, fix: `install Node.js ${MIN_NODE.join('.')} or newer (https://nodejs.org, or your distribution's nodejs 20+)` };
}

export function checkSecret(config: ResolvedConfig): CheckResult {
  const secret = config.secrets.appSecret;
  if (secret && secret.length < 32) {
    return { name: 'secret', status: 'warn', message: `PETAMIGOS_SECRET is only ${secret.length} characters`, fix: 'use at least 32 random characters: `openssl rand -hex 32`' };
  }
  if (secret) return { name: 'secret', status: 'ok', message: 'PETAMIGOS_SECRET is set' };
  if (!config.database.url) return { name: 'secret', status: 'ok', message: 'generated and kept in the embedded database (set PETAMIGOS_SECRET in production)' };
  return {
    name: 'secret',
    status: 'warn',
    message: 'PETAMIGOS_SECRET is not set; a generated one is kept in the database',
    fix: 'set PETAMIGOS_SECRET (`openssl rand -hex 32`) in the environment of every process, so tokens do not depend on a database row',
  };
}

export function checkPublicUrl(config: ResolvedConfig): CheckResult {
  const url = config.site.publicUrl;
  if (config.database.url && /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/.test(url)) {
    return { name: 'public url', status: 'warn', message: `site.publicUrl is ${url}: links in mails will point at localhost`, fix: 'set PUBLIC_URL (or site.publicUrl) to the address people use' };
  }
  return { name: 'public url', status: 'ok', message: url };
}

/** Opens the database the way the CLI does; its failure message is the kernel's, which names the server. */
export async function checkDatabase(open: () => Promise<KernelFoundation>, config: ResolvedConfig): Promise<{ result: CheckResult; foundation?: KernelFoundation }> {
  const { safeUrl } = await loadCore();
  const where = config.database.url ? `PostgreSQL at ${safeUrl(config.database.url)}` : `embedded PGlite in ${relative(config.rootDir, config.database.pglite.dataDir) || config.database.pglite.dataDir}`;
  if (!config.database.url && !existsSync(join(config.database.pglite.dataDir, 'PG_VERSION'))) {
    // Opening it would create it: leave that to the first start, which applies every migration too.
    return { result: { name: 'database', status: 'ok', message: `${where} (created, with every migration applied, at the first start)` } };
  }
  let foundation: KernelFoundation;
  try {
    foundation = await open();
  } catch (error) {
    const message = (error as Error).message;
    if ((error as { code?: string }).code === 'EMBEDDED_DATABASE_IN_USE') {
      return { result: { name: 'database', status: 'ok', message: `${where}: ${message.replace(/; stop that process.*$/, '')} (not opened, so not checked further)` } };
    }
    const fix = config.database.url
      ? 'is PostgreSQL running and reachable from here? check DATABASE_URL (host, port, database name, user) and that the database exists'
      : `check that ${config.database.pglite.dataDir} is writable, or remove it to start from an empty database`;
    return { result: { name: 'database', status: 'fail', message: message.startsWith('could not') ? message : `${where}: ${message}`, fix } };
  }
  try {
    const [row] = await foundation.db.orm.em.getConnection().execute<Array<{ server_version?: string }>>('show server_version', [], 'all');
    const version = row?.server_version ? ` (PostgreSQL ${String(row.server_version).split(' ')[0]})` : '';
    return { result: { name: 'database', status: 'ok', message: `${where}${version}` }, foundation };
  } catch (error) {
    // The pool connects lazily, so an unreachable server or a missing database shows up here.
    await foundation.close().catch(() => {});
    return {
      result: {
        name: 'database',
        status: 'fail',
        message: `cannot query ${where}: ${describe(error)}`,
        fix: 'is PostgreSQL running and reachable from here? check DATABASE_URL (host, port, database name, user) and that the database exists',
      },
    };
  }
}

export async function checkMigrations(foundation: KernelFoundation): Promise<CheckResult> {
  let pending;
  try {
    pending = await foundation.migrator.pending(foundation.migrationSets(true));
  } catch (error) {
    return { name: 'migrations', status: 'fail', message: `cannot read the migration table: ${describe(error)}`, fix: 'check the database user\'s permissions on this database' };
  }
  if (pending.length === 0) return { name: 'migrations', status: 'ok', message: 'the schema is up to date' };
  const owners = [...new Set(pending.map((p) => p.owner))].map((o) => `${o}: ${pending.filter((p) => p.owner === o).length}`).join(', ');
  const summary = `${pending.length} pending (${owners})`;
  if (foundation.db.driver === 'pglite') return { name: 'migrations', status: 'ok', message: `${summary}; applied automatically at the next start` };
  if (foundation.config.database.autoMigrate) return { name: 'migrations', status: 'warn', message: `${summary}; database.autoMigrate applies them at the next start`, fix: 'run `petamigos migrate` as a deploy step rather than at start, so web processes never race' };
  return { name: 'migrations', status: 'fail', message: `${summary}: \`petamigos start\` refuses to start`, fix: 'run `petamigos migrate`' };
}

export async function checkPlugins(config: ResolvedConfig): Promise<CheckResult[]> {
  const internals = await loadKernelInternals();
  const { KERNEL_VERSION } = await loadCore();
  try {
    const plan = internals.planPlugins(await internals.discoverPlugins(config), config, KERNEL_VERSION);
    const enabled = plan.ordered.filter((p) => p.enabledAtStart).map((p) => `${p.manifest.name}@${p.manifest.version}`);
    const results: CheckResult[] = [{ name: 'plugins', status: 'ok', message: enabled.length > 0 ? `${enabled.length} enabled: ${enabled.join(', ')}` : 'none enabled' }];
    for (const u of plan.unavailable) {
      results.push({ name: `plugin ${u.name}`, status: 'warn', message: `installed but cannot load: ${u.reason}`, fix: 'it is disabled, so nothing breaks; upgrade or remove it' });
    }
    return results;
  } catch (error) {
    return [{ name: 'plugins', status: 'fail', message: (error as Error).message, fix: 'fix the plugins block of petamigos.config.ts, or install what is missing' }];
  }
}

export async function checkRedis(config: ResolvedConfig): Promise<CheckResult> {
  if (!config.redis.url) return { name: 'redis', status: 'ok', message: 'not configured: jobs, events and cache stay in one process (set REDIS_URL to run several)' };
  const { safeUrl } = await loadCore();
  const where = safeUrl(config.redis.url);
  const { Redis } = await import('ioredis');
  const redis = new Redis(config.redis.url, { lazyConnect: true, connectTimeout: TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // ioredis rejects with a bare "Connection is closed"; the socket's own error says why.
  let socketError: unknown;
  redis.on('error', (error) => (socketError ??= error));
  try {
    await redis.connect();
    const pong = await redis.ping();
    const info = await redis.info('server').catch(() => '');
    const version = /redis_version:(\S+)/.exec(info)?.[1];
    return { name: 'redis', status: pong === 'PONG' ? 'ok' : 'fail', message: `${where} answers ${pong}${version ? ` (Redis ${version})` : ''}` };
  } catch (error) {
    return { name: 'redis', status: 'fail', message: `cannot reach ${where}: ${describe(socketError ?? error)}`, fix: 'is Redis running and reachable from here? check REDIS_URL (and its password)' };
  } finally {
    redis.disconnect();
  }
}

export async function checkStorage(config: ResolvedConfig): Promise<CheckResult> {
  const s3 = config.storage.driver ? config.storage.driver === 's3' : Boolean(config.storage.s3.endPoint);
  return s3 ? checkS3(config) : checkLocalStorage(config);
}

async function checkLocalStorage(config: ResolvedConfig): Promise<CheckResult> {
  const dir = config.storage.local.dir;
  const shown = relative(config.rootDir, dir) || dir;
  try {
    if (existsSync(dir)) {
      // access() says yes to root for any folder; writing says what really happens (read-only mounts, full disks).
      const probe = join(dir, `.petamigos-doctor-${process.pid}`);
      await writeFile(probe, 'ok');
      await rm(probe, { force: true });
      return { name: 'storage', status: 'ok', message: `local folder ${shown} is writable` };
    }
    let parent = dirname(dir);
    while (!existsSync(parent)) parent = dirname(parent);
    await access(parent, constants.W_OK);
    return { name: 'storage', status: 'ok', message: `local folder ${shown} (created at first upload)` };
  } catch (error) {
    return { name: 'storage', status: 'fail', message: `cannot write to ${shown}: ${describe(error)}`, fix: `give the PetAmigos user write access to ${dir}, or set storage.local.dir` };
  }
}

async function checkS3(config: ResolvedConfig): Promise<CheckResult> {
  const { endPoint, port, useSSL, bucket, region } = config.storage.s3;
  const where = `${useSSL ? 'https' : 'http'}://${endPoint ?? '?'}${port ? `:${port}` : ''}`;
  if (!endPoint) return { name: 'storage', status: 'fail', message: 'storage.driver is s3 but no endpoint is set', fix: 'set S3_ENDPOINT (or storage.s3.endPoint)' };
  if (!config.secrets.s3AccessKey || !config.secrets.s3SecretKey) {
    return { name: 'storage', status: 'fail', message: `S3 at ${where} has no credentials`, fix: 'set S3_ACCESS_KEY and S3_SECRET_KEY in the environment' };
  }
  const { Client } = await import('minio');
  const client = new Client({ endPoint, port, useSSL, region, accessKey: config.secrets.s3AccessKey, secretKey: config.secrets.s3SecretKey });
  try {
    const exists = await withTimeout(client.bucketExists(bucket), `no answer from ${where} in ${TIMEOUT_MS / 1000} s`);
    if (!exists) return { name: 'storage', status: 'fail', message: `bucket "${bucket}" does not exist at ${where}`, fix: `create it (\`mc mb <alias>/${bucket}\`), or set S3_BUCKET` };
    return { name: 'storage', status: 'ok', message: `S3 bucket "${bucket}" at ${where} is reachable` };
  } catch (error) {
    return { name: 'storage', status: 'fail', message: `cannot reach bucket "${bucket}" at ${where}: ${describe(error)}`, fix: 'check S3_ENDPOINT, S3_PORT, S3_USE_SSL and the keys S3_ACCESS_KEY / S3_SECRET_KEY' };
  }
}

export async function checkSearch(config: ResolvedConfig): Promise<CheckResult> {
  const meili = config.search.driver ? config.search.driver === 'meilisearch' : Boolean(config.search.meilisearch.host);
  if (!meili) return { name: 'search', status: 'ok', message: 'PostgreSQL full-text search (set MEILISEARCH_HOST for Meilisearch)' };
  const host = config.search.meilisearch.host;
  if (!host) return { name: 'search', status: 'fail', message: 'search.driver is meilisearch but no host is set', fix: 'set MEILISEARCH_HOST' };
  try {
    const response = await fetch(new URL('/health', host), { signal: AbortSignal.timeout(TIMEOUT_MS) });
    const body = (await response.json().catch(() => ({}))) as { status?: string };
    if (response.ok && body.status === 'available') return { name: 'search', status: 'ok', message: `Meilisearch at ${host} is available` };
    return { name: 'search', status: 'fail', message: `Meilisearch at ${host} answered ${response.status} ${JSON.stringify(body)}`, fix: 'check the Meilisearch logs' };
  } catch (error) {
    return { name: 'search', status: 'fail', message: `cannot reach Meilisearch at ${host}: ${describe(error)}`, fix: 'is Meilisearch running and reachable from here? check MEILISEARCH_HOST' };
  }
}

export async function checkMail(config: ResolvedConfig): Promise<CheckResult> {
  const { host, port } = config.mail.smtp;
  if (!host) return { name: 'mail', status: 'ok', message: 'no SMTP: mail goes to the kernel_mail_outbox table and the log (set SMTP_HOST to send it)' };
  try {
    await new Promise<void>((resolve, reject) => {
      const socket = createConnection({ host, port, timeout: TIMEOUT_MS }, () => {
        socket.destroy();
        resolve();
      });
      socket.on('timeout', () => {
        socket.destroy();
        reject(new Error(`no answer in ${TIMEOUT_MS / 1000} s`));
      });
      socket.on('error', reject);
    });
    return { name: 'mail', status: 'ok', message: `SMTP server ${host}:${port} accepts connections (credentials are checked at the first mail)` };
  } catch (error) {
    return { name: 'mail', status: 'fail', message: `cannot reach SMTP server ${host}:${port}: ${describe(error)}`, fix: 'check SMTP_HOST and SMTP_PORT; failed mails wait in kernel_mail_outbox meanwhile' };
  }
}

export async function checkFfmpeg(config: ResolvedConfig): Promise<CheckResult> {
  const { findFfmpeg } = await loadCore();
  const configured = config.media.ffmpegPath;
  const found = await findFfmpeg(configured);
  const fix = configured
    ? `media.ffmpegPath is ${configured}: point it at an ffmpeg binary with ffprobe next to it, or remove it to use the one on PATH`
    : 'install ffmpeg (Debian/Ubuntu: `apt-get install ffmpeg`; macOS: `brew install ffmpeg`), or set media.ffmpegPath';
  if (!found) return { name: 'ffmpeg', status: 'warn', message: `ffmpeg/ffprobe not found${configured ? ` at ${configured}` : ' on PATH'}: video uploads are disabled`, fix };
  if (found.missingEncoders.length > 0) {
    return { name: 'ffmpeg', status: 'warn', message: `ffmpeg ${found.version} lacks ${found.missingEncoders.join(', ')}: video uploads are disabled`, fix: 'install a build with libx264 and aac (Debian\'s ffmpeg package has both)' };
  }
  return { name: 'ffmpeg', status: 'ok', message: `ffmpeg ${found.version} (${found.ffmpeg})` };
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: Array<{ message?: string }>; cause?: unknown };
  // fetch() says only "fetch failed"; the reason is in its cause.
  if (e.cause && e.message === 'fetch failed') return describe(e.cause);
  const message = e.message || e.errors?.map((x) => x.message).join('; ') || String(error);
  return e.code && !message.includes(e.code) ? `${e.code} ${message}` : message;
}

async function withTimeout<T>(promise: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), TIMEOUT_MS)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** The browser bundles: without them the API works but `/` and `/admin` say the frontend is not built. */
export async function checkWebFrontend(config: ResolvedConfig): Promise<CheckResult> {
  const { findWebAssets } = await loadCore();
  const assets = findWebAssets(config.rootDir);
  const theme = config.theme ?? 'default';
  const fix = 'run `npm run build` (it builds the web app, the themes, the admin UI and each plugin\'s pages)';
  if (!assets.runtimeDir) return { name: 'web frontend', status: 'warn', message: 'the web app is not built: / answers 503', fix };
  if (!assets.themes.has(theme)) {
    const others = [...assets.themes.keys()];
    return { name: 'web frontend', status: 'warn', message: `theme "${theme}" is not built or not installed${others.length ? ` (built: ${others.join(', ')})` : ''}`, fix: others.length ? `set theme to one of ${others.join(', ')}, or ${fix}` : fix };
  }
  if (!assets.adminDir) return { name: 'web frontend', status: 'warn', message: 'the admin UI is not built: /admin answers 503', fix };
  return { name: 'web frontend', status: 'ok', message: `built; theme ${theme}; themes available: ${[...assets.themes.keys()].join(', ')}` };
}
