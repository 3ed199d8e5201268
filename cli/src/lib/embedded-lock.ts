import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { CliError } from './errors.js';

/**
 * PGlite is a database inside one process: two processes opening the same data folder would
 * corrupt it, and PGlite itself does not notice. Every CLI command that opens the embedded
 * database holds this lock file next to the data folder for as long as it has it open.
 */
export interface EmbeddedLock {
  release(): void;
}

interface LockOwner {
  pid: number;
  command: string;
  since: string;
}

export function acquireEmbeddedLock(dataDir: string, command: string, rootDir: string): EmbeddedLock {
  const file = `${dataDir}.lock`;
  mkdirSync(dirname(file), { recursive: true });
  const owner: LockOwner = { pid: process.pid, command, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(owner), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        rmSync(file, { force: true });
      };
      // Also on process.exit() from a signal handler, which skips `finally` blocks.
      process.on('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readOwner(file);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new CliError(
          `the embedded database (${relative(rootDir, dataDir) || dataDir}) is in use by \`petamigos ${holder.command}\` (pid ${holder.pid}); ` +
            'stop that process first, or point both at PostgreSQL with DATABASE_URL',
          { code: 'EMBEDDED_DATABASE_IN_USE' },
        );
      }
      // Left behind by a process that was killed: nobody holds it.
      rmSync(file, { force: true });
    }
  }
  throw new CliError(`could not lock the embedded database at ${dataDir}; remove ${file} if no petamigos process is running`);
}

function readOwner(file: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
