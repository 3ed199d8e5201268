import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let dir: string | undefined;

/**
 * The run's one scratch folder: fixture plugins live in it and every kernel uses it as its root.
 * One folder, so an interrupted run can remove everything it wrote in one go.
 */
export function workDir(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'petamigos-bench-'));
  return dir;
}

export function removeWorkDir(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
}
