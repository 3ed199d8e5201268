import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Figure } from './figures.js';

const HEADERS = ['figure', 'kernel', 'baseline', 'ratio'] as const;

/** A plain-text table, right-aligned numbers, readable in a terminal and pasteable in an issue. */
export function formatTable(figures: Figure[]): string {
  const rows = figures.map((f) => [f.label, value(f.kernel, f.unit), value(f.baseline, f.unit), `${f.ratio.toFixed(2)}x`]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    line(HEADERS),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    'ratio = kernel / baseline. ms figures: above 1 means the kernel is slower. req/s: below 1 means the kernel serves fewer.',
  ].join('\n');
}

function value(n: number, unit: Figure['unit']): string {
  return unit === 'req/s' ? `${Math.round(n).toLocaleString('en-US')} req/s` : `${n.toFixed(n < 10 ? 2 : 1)} ms`;
}

export function writeResults(file: string, results: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
