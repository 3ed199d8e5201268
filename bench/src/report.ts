import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isRate, type Figure } from './figures.js';

const HEADERS = ['figure', 'kernel', 'baseline', 'ratio'] as const;

/** A plain-text table, right-aligned numbers, readable in a terminal and pasteable in an issue. */
export function formatTable(figures: Figure[]): string {
  const rows = figures.map((f) => [f.label, value(f.kernel, f.unit), value(f.baseline, f.unit), ratio(f.ratio)]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    line(HEADERS),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    'ratio = kernel / baseline. Times (ms, s): above 1 means the kernel is slower; memory (KiB): above 1 means it uses more.',
    'Per-second figures (req/s, events/s, jobs/s, images/s, msg/s, posts/s): below 1 means the kernel gets through less.',
  ].join('\n');
}

/** Two decimals, or two significant digits below 0.1 so a tiny ratio does not print as 0.00x. */
function ratio(r: number): string {
  if (!Number.isFinite(r)) return 'n/a';
  return `${r >= 0.1 ? r.toFixed(2) : r.toPrecision(2)}x`;
}

function value(n: number, unit: Figure['unit']): string {
  if (isRate(unit)) return `${n < 100 ? n.toFixed(2) : Math.round(n).toLocaleString('en-US')} ${unit}`;
  if (unit === 'KiB') return `${n.toFixed(n < 10 ? 2 : 1)} KiB`;
  // Long wall times (a video transcode) read better in seconds; the JSON keeps milliseconds.
  if (n >= 10_000) return `${(n / 1000).toFixed(1)} s`;
  return `${n.toFixed(n < 10 ? 2 : 1)} ms`;
}

export function writeResults(file: string, results: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
