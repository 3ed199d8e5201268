import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';
import type { LoadAnswer, LoadJob } from './load-job.js';

/**
 * Runs one autocannon run inside a worker thread, off the server's event loop. Figures come from
 * autocannon's per-response timings rather than its histograms: those keep whole milliseconds
 * only (on loopback both sides answer well under one and would both read 0), and off the main
 * thread autocannon hands back its histograms encoded instead of summarised.
 */
const job = workerData as LoadJob;
const latencies: number[] = [];

/** The fields of autocannon's unaggregated result, what it returns when not on the main thread. */
interface RawResult {
  duration: number;
  errors: number;
  non2xx: number;
}

const answer = (message: LoadAnswer) => parentPort!.postMessage(message);

const instance = autocannon({ url: job.url, duration: job.durationSeconds, connections: job.connections }, (error: unknown, result) => {
  if (error) return answer({ ok: false, message: (error as Error).message ?? String(error) });
  const raw = result as unknown as RawResult;
  const sorted = Float64Array.from(latencies).sort();
  answer({
    ok: true,
    requestsPerSecond: sorted.length / raw.duration,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    ok2xx: sorted.length,
    non2xx: raw.non2xx,
    errors: raw.errors,
  });
});
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
});

/** Nearest-rank percentile. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
