import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pgliteSnapshotFile } from '@petamigos/core/testing';

const repo = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(repo, 'cli/bin/run.js');

/** Only what the CLI needs from the environment, so a developer's DATABASE_URL cannot leak in. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extra };
}

export const REPO = repo;

/**
 * A throwaway installation inside the repository, so `@petamigos/core` resolves like in a real one.
 * `embedded: true` gives it an initialised (empty) PGlite data folder, which saves each test the
 * two seconds of a first embedded start; the first-start path is covered by tests without it.
 */
export async function makeProject(files: Record<string, string>, options: { embedded?: boolean } = {}): Promise<{ dir: string; remove(): void }> {
  mkdirSync(join(repo, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(repo, '.tmp', 'cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  if (options.embedded) {
    mkdirSync(join(dir, 'data/pglite'), { recursive: true });
    execFileSync('tar', ['xzf', await pgliteSnapshotFile(), '-C', join(dir, 'data/pglite')], { stdio: 'ignore' });
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}


export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `petamigos` binary to completion. */
export function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: options.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts `petamigos start` and resolves with its URL once it prints it. */
export function startServer(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ url: string; child: ChildProcess; stop(): Promise<number | null>; output(): string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'start', ...args], { cwd: options.cwd, env: options.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in time:\n${output}`));
    }, 60_000);
    const onData = (d: Buffer) => {
      output += d;
      // The banner ends with the docs line; wait for all of it so callers can read every line.
      const match = /is running at (http:\/\/\S+)[\s\S]*docs:.*\n/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1]!,
          child,
          output: () => output,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
              child.once('close', (code) => done(code));
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${output}`));
    });
  });
}
