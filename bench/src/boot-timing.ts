import type { BenchServer } from './bench-server.js';

export interface BootTiming {
  medianMs: number;
  samplesMs: number[];
}

/**
 * Times boot-to-ready of each variant (closing excluded). Each variant boots once untimed first,
 * since the first boot in a process pays for lazy module loading and cold JIT; then the variants
 * take turns, so a slow phase of the machine hits all of them rather than one.
 */
export async function timeBoots<K extends string>(runs: number, variants: Record<K, () => Promise<BenchServer>>): Promise<Record<K, BootTiming>> {
  const names = Object.keys(variants) as K[];
  for (const name of names) await (await variants[name]()).close();
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let run = 0; run < runs; run++) {
    for (const name of names) {
      const started = performance.now();
      const server = await variants[name]();
      samples[name].push(performance.now() - started);
      await server.close();
    }
  }
  return Object.fromEntries(names.map((n) => [n, { medianMs: median(samples[n]), samplesMs: samples[n].map(round1) }])) as Record<K, BootTiming>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
