import { Command, Flags } from '@oclif/core';
import type { Kernel, KernelFoundation, ResolvedConfig } from '@petamigos/core';
import type { FastifyBaseLogger } from 'fastify';
import { loadConfigCore, loadCore } from './lib/core.js';
import { bootKernel, lockDatabase, quietLogger } from './lib/session.js';
import { errorCode, isOperatorError } from './lib/errors.js';

/**
 * Shared flags and error reporting: operator-facing failures (bad config, plugin requirements,
 * pending or failing migrations, refused input) print one clear line and exit non-zero instead of
 * a stack trace. The kernel is imported lazily so `--help` never pays for it.
 */
export abstract class PetAmigosCommand extends Command {
  static override baseFlags = {
    config: Flags.string({ char: 'c', description: 'Path to petamigos.config.ts (default: ./petamigos.config.ts, if present).', helpGroup: 'GLOBAL' }),
  };

  protected async loadConfig(file?: string): Promise<ResolvedConfig> {
    const { loadConfig } = await loadConfigCore();
    return loadConfig({ cwd: process.cwd(), file });
  }

  /** Human-readable logs on a terminal, JSON lines otherwise (containers, log shippers). */
  protected async logger(config: ResolvedConfig): Promise<FastifyBaseLogger> {
    const { createLogger } = await loadCore();
    const tty = process.stdout.isTTY && process.env.LOG_FORMAT !== 'json';
    if (!tty) return createLogger(config);
    const { default: pretty } = await import('pino-pretty');
    return createLogger(config, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }));
  }

  protected quietLogger(config: ResolvedConfig): Promise<FastifyBaseLogger> {
    return quietLogger(config);
  }

  protected lockDatabase(config: ResolvedConfig): () => void {
    return lockDatabase(config, this.commandName());
  }

  /** The database and the plugin plan, without HTTP or services: for migrations and status. */
  protected async openFoundation(config: ResolvedConfig): Promise<KernelFoundation> {
    const { openFoundation } = await loadCore();
    const release = this.lockDatabase(config);
    try {
      const foundation = await openFoundation({ config, logger: await this.quietLogger(config) });
      return { ...foundation, close: () => foundation.close().finally(release) };
    } catch (error) {
      release();
      throw error;
    }
  }

  /** A kernel that does not listen, for commands acting through kernel services (see lib/session.ts). */
  protected bootKernel(config: ResolvedConfig): Promise<Kernel> {
    return bootKernel(config, this.commandName());
  }

  private commandName(): string {
    return this.id?.replace(/:/g, ' ') ?? 'cli';
  }

  protected override async catch(error: Error & { exitCode?: number; oclif?: unknown }): Promise<unknown> {
    if (isOperatorError(error)) {
      const exit = (error as { exit?: number }).exit ?? 1;
      if (this.jsonEnabled()) this.logJson({ error: { code: errorCode(error), message: error.message } });
      else this.logToStderr(`✖ ${error.message}`);
      this.exit(exit);
    }
    return super.catch(error);
  }
}
