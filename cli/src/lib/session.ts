import type { Kernel, ResolvedConfig } from '@petamigos/core';
import type { FastifyBaseLogger } from 'fastify';
import { loadCore } from './core.js';
import { acquireEmbeddedLock } from './embedded-lock.js';

/**
 * Logs of a one-shot command go to stderr, so stdout carries only the command's output (and
 * stays valid JSON with --json). Only errors unless LOG_LEVEL asks for more: the boot-time
 * warnings `start` prints (a generated secret, say) would repeat on every command, and
 * `petamigos doctor` reports them once, with what to do.
 */
export async function quietLogger(config: ResolvedConfig): Promise<FastifyBaseLogger> {
  const { createLogger } = await loadCore();
  const level = process.env.LOG_LEVEL ? config.logLevel : 'error';
  if (process.stderr.isTTY && process.env.LOG_FORMAT !== 'json') {
    const { default: pretty } = await import('pino-pretty');
    return createLogger({ logLevel: level }, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', destination: 2 }));
  }
  return createLogger({ logLevel: level }, { write: (line: string) => process.stderr.write(line) });
}

/** Takes the embedded database's lock when the config uses PGlite; a no-op on PostgreSQL. */
export function lockDatabase(config: ResolvedConfig, command: string): () => void {
  if (config.database.url) return () => {};
  return acquireEmbeddedLock(config.database.pglite.dataDir, command, config.rootDir).release;
}

/**
 * A whole kernel that does not listen: what commands acting through kernel services need. It
 * applies pending migrations exactly when `petamigos start` would (always on PGlite; on PostgreSQL
 * only with database.autoMigrate) and otherwise refuses with the kernel's message. Role web: a
 * command process never consumes jobs or events meant for the workers.
 */
export async function bootKernel(config: ResolvedConfig, command: string): Promise<Kernel> {
  const { createKernel } = await loadCore();
  const release = lockDatabase(config, command);
  try {
    const kernel = await createKernel({ config, logger: await quietLogger(config), role: 'web' });
    return { ...kernel, close: () => kernel.close().finally(release) };
  } catch (error) {
    release();
    throw error;
  }
}
