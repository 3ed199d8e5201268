import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';
import type { FeedLoadAnswer, FeedLoadJob } from './feed-load-job.js';

/**
 * One autocannon run in a worker thread, like `load-worker.ts`, but signed in: every request
 * carries the next person's access token, so the load spreads over many different home feeds.
 */
const job = workerData as FeedLoadJob;
const latencies: number[] = [];
let built = 0;

interface RawResult {
  duration: number;
  errors: number;
  non2xx: number;
}

const answer = (message: FeedLoadAnswer) => parentPort!.postMessage(message);

const options = {
  url: job.url,
  connections: job.connections,
  amount: job.amount,
  // A slow side at 50 clients answers in seconds; autocannon's default 10 s timeout would cut it off.
  timeout: 120,
  requests: [
    {
      method: 'GET' as const,
      setupRequest: (request: { headers?: Record<string, string> }) => {
        const token = job.tokens[built % job.tokens.length]!;
        built++;
        return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
      },
    },
  ],
};

const instance = autocannon(options as autocannon.Options, (error: unknown, result) => {
  if (error) return answer({ ok: false, message: (error as Error).message ?? String(error) });
  const raw = result as unknown as RawResult;
  const sorted = Float64Array.from(latencies).sort();
  answer({
    ok: true,
    requestsPerSecond: sorted.length / raw.duration,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    ok2xx: sorted.length,
    non2xx: raw.non2xx,
    errors: raw.errors,
    built,
    seconds: raw.duration,
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
