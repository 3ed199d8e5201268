import { Command, Flags } from '@oclif/core';
import { ConfigError, createLogger, loadConfig, MigrationError, MigrationsPendingError, PluginError, type ResolvedConfig } from '@petamigos/core';
import type { FastifyBaseLogger } from 'fastify';
import pretty from 'pino-pretty';

/**
 * Shared flags and error reporting: operator-facing failures (bad config, plugin requirements,
 * pending or failing migrations) print one clear line and exit 1 instead of a stack trace.
 */
export abstract class PetAmigosCommand extends Command {
  static override baseFlags = {
    config: Flags.string({ char: 'c', description: 'Path to petamigos.config.ts (default: ./petamigos.config.ts, if present).', helpGroup: 'GLOBAL' }),
  };

  protected async loadConfig(file?: string): Promise<ResolvedConfig> {
    return loadConfig({ cwd: process.cwd(), file });
  }

  /** Human-readable logs on a terminal, JSON lines otherwise (containers, log shippers). */
  protected logger(config: ResolvedConfig): FastifyBaseLogger {
    const tty = process.stdout.isTTY && process.env.LOG_FORMAT !== 'json';
    return createLogger(config, tty ? pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }) : undefined);
  }

  protected override async catch(error: Error & { exitCode?: number; oclif?: unknown }): Promise<unknown> {
    if (
      error instanceof ConfigError ||
      error instanceof PluginError ||
      error instanceof MigrationsPendingError ||
      error instanceof MigrationError ||
      /^could not (connect|start)/.test(error.message)
    ) {
      this.logToStderr(`✖ ${error.message}`);
      this.exit(1);
    }
    return super.catch(error);
  }
}
