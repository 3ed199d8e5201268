export type Unit = 'ms' | 'KiB' | 'req/s' | 'events/s' | 'jobs/s' | 'images/s' | 'msg/s' | 'posts/s';

/** Throughputs: more per second is better. Everything else (times, memory) is better lower. */
const RATES: ReadonlySet<Unit> = new Set<Unit>(['req/s', 'events/s', 'jobs/s', 'images/s', 'msg/s', 'posts/s']);

export const isRate = (unit: Unit): boolean => RATES.has(unit);

export function isUnit(value: string): value is Unit {
  return value === 'ms' || value === 'KiB' || RATES.has(value as Unit);
}

/** One measured figure: the kernel's number next to the baseline's, from the same process run. */
export interface Figure {
  id: string;
  label: string;
  unit: Unit;
  kernel: number;
  baseline: number;
  /** kernel / baseline. */
  ratio: number;
  /** Which way is better: times are better lower, throughput higher. */
  better: 'lower' | 'higher';
  /** Raw material behind the figure (boot samples, request counts), for the JSON file only. */
  detail?: Record<string, unknown>;
}

export function figure(id: string, label: string, unit: Unit, kernel: number, baseline: number, detail?: Record<string, unknown>): Figure {
  return {
    id,
    label,
    unit,
    kernel: round(kernel),
    baseline: round(baseline),
    // Three significant digits: an in-process ratio can be 0.0005, which fixed decimals would make 0.
    ratio: baseline > 0 ? Number((kernel / baseline).toPrecision(3)) : Number.NaN,
    better: isRate(unit) ? 'higher' : 'lower',
    ...(detail ? { detail } : {}),
  };
}

const round = (n: number, digits = 2): number => Number(n.toFixed(digits));
