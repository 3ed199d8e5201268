export type Unit = 'ms' | 'req/s';

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
    ratio: baseline > 0 ? round(kernel / baseline, 3) : Number.NaN,
    better: unit === 'ms' ? 'lower' : 'higher',
    ...(detail ? { detail } : {}),
  };
}

const round = (n: number, digits = 2): number => Number(n.toFixed(digits));
