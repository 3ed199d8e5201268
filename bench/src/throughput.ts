/**
 * Throughput of two sides doing the same work in rounds: each round hands `roundSize` units (events,
 * jobs) to a side and ends when the last one has been handled, so nothing is in flight between
 * rounds and every unit is counted from its hand-over to its end.
 */
export interface ThroughputSide {
  /** Does `n` units of work and resolves when all of them are done. */
  round(n: number): Promise<void>;
}

export interface ThroughputResult {
  perSecond: number;
  units: number;
  seconds: number;
  rounds: number;
  /** Fastest, median and slowest timed round, in milliseconds. */
  roundMs: { min: number; median: number; max: number };
  /** Each timed round's milliseconds in the order run, when there are at most 100 (a fast baseline runs thousands). */
  roundsMs?: number[];
}

export interface ThroughputOptions {
  roundSize: number;
  /** Least measured seconds per side, split over `turns`. */
  minSeconds: number;
  /** The sides take turns this many times each, so a slow phase of the machine hits both. */
  turns?: number;
}

/**
 * One untimed round per side first (lazy connections, consumer groups, cold JIT), then the sides
 * take turns, each turn running whole rounds until its share of `minSeconds` has passed. A fast side
 * simply runs more rounds; the rate is units over the time the rounds took.
 */
export async function compareThroughput(kernel: ThroughputSide, baseline: ThroughputSide, options: ThroughputOptions): Promise<{ kernel: ThroughputResult; baseline: ThroughputResult }> {
  const turns = options.turns ?? 2;
  const sides = { kernel, baseline };
  const totals = { kernel: { units: 0, ms: 0, roundsMs: [] as number[] }, baseline: { units: 0, ms: 0, roundsMs: [] as number[] } };
  for (const side of Object.values(sides)) await side.round(options.roundSize);
  for (let turn = 0; turn < turns; turn++) {
    for (const name of ['kernel', 'baseline'] as const) {
      const total = totals[name];
      const turnStarted = performance.now();
      do {
        const started = performance.now();
        await sides[name].round(options.roundSize);
        const ms = performance.now() - started;
        total.ms += ms;
        total.units += options.roundSize;
        total.roundsMs.push(Math.round(ms * 100) / 100);
      } while (performance.now() - turnStarted < (options.minSeconds * 1000) / turns);
    }
  }
  const result = (t: { units: number; ms: number; roundsMs: number[] }): ThroughputResult => ({
    perSecond: (t.units * 1000) / t.ms,
    units: t.units,
    seconds: Math.round(t.ms) / 1000,
    rounds: t.roundsMs.length,
    roundMs: summary(t.roundsMs),
    ...(t.roundsMs.length <= 100 ? { roundsMs: t.roundsMs } : {}),
  });
  return { kernel: result(totals.kernel), baseline: result(totals.baseline) };
}

/** Hands out `n` units from `concurrency` loops, each awaiting its unit before taking the next (as concurrent requests would). */
export async function produce(n: number, concurrency: number, one: (index: number) => unknown): Promise<void> {
  let next = 0;
  const loop = async () => {
    while (next < n) await one(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, loop));
}

/** Counts handled units; a round waits on it, and fails if any unit is lost or handled twice. */
export class Tally {
  private count = 0;
  private target = 0;
  private reached: (() => void) | undefined;

  /** Starts a round of `n`; resolves when `n` units have been handled, or fails after `timeoutMs`. */
  expect(n: number, what: string, timeoutMs = 60_000): Promise<void> {
    this.count = 0;
    this.target = n;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what}: only ${this.count} of ${n} handled after ${timeoutMs / 1000} s`)), timeoutMs);
      this.reached = () => {
        clearTimeout(timer);
        resolve();
      };
      if (n === 0) this.reached();
    });
  }

  hit(): void {
    if (++this.count === this.target) this.reached?.();
  }

  /** Called once the side reports the round finished: exactly `n`, or the figure would be wrong. */
  assertExact(what: string): void {
    if (this.count !== this.target) throw new Error(`${what}: ${this.count} handled in a round of ${this.target}`);
  }
}

/** Polls `check` (at once, then every `everyMs`) until it holds. */
export async function until(what: string, check: () => boolean | Promise<boolean>, everyMs = 2, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

function summary(values: number[]): { min: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median: Math.round(median * 100) / 100, max: sorted.at(-1)! };
}
