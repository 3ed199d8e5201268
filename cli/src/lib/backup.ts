import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import type { ResolvedConfig } from '@petamigos/core';
import { CliError } from './errors.js';

/** What `petamigos backup` writes next to the data, and `restore` checks before touching anything. */
export interface BackupManifest {
  format: 'petamigos-backup/1';
  createdAt: string;
  kernelVersion: string;
  site: string;
  database: { driver: 'pglite' | 'postgresql'; path: string };
  storage: { driver: 'local' | 's3'; path: string | null; note?: string };
  plugins: string[];
}

export function storageDriver(config: ResolvedConfig): 'local' | 's3' {
  return (config.storage.driver ? config.storage.driver === 's3' : Boolean(config.storage.s3.endPoint)) ? 's3' : 'local';
}

export function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/**
 * Runs pg_dump / pg_restore. The password travels in PGPASSWORD rather than on the command line,
 * where any user of the machine could read it in the process list.
 */
export function runPgTool(tool: 'pg_dump' | 'pg_restore', databaseUrl: string, args: string[]): Promise<void> {
  const url = new URL(databaseUrl);
  const env = { ...process.env };
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
  url.password = '';
  return new Promise((resolve, reject) => {
    const child = spawn(tool, [...args, '--dbname', url.toString()], { env, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (error) => {
      reject(
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? new CliError(`${tool} is not installed; install the PostgreSQL client tools of your server's version (Debian/Ubuntu: \`apt-get install postgresql-client\`)`, { code: 'PG_TOOL_MISSING' })
          : error,
      );
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new CliError(`${tool} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`, { code: 'PG_TOOL_FAILED' }));
    });
  });
}
