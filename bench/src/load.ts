import { Worker } from 'node:worker_threads';
import type { LoadAnswer, LoadJob } from './load-job.js';
import type { BenchSettings } from './settings.js';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
}

/**
 * Drives one URL: an unrecorded warm-up run, then the measured one. Any connection error or
 * non-2xx answer fails the bench: a figure made of 404s or 429s would look fast.
 */
export async function measureLoad(url: string, settings: BenchSettings): Promise<LoadResult> {
  await fire({ url, durationSeconds: settings.warmupSeconds, connections: settings.connections });
  const result = await fire({ url, durationSeconds: settings.durationSeconds, connections: settings.connections });
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`${url}: ${result.errors} connection error(s) and ${result.non2xx} non-2xx answer(s) under load`);
  }
  return { requestsPerSecond: result.requestsPerSecond, p50Ms: result.p50Ms, p99Ms: result.p99Ms, requests: result.ok2xx };
}

async function fire(job: LoadJob): Promise<Extract<LoadAnswer, { ok: true }>> {
  const worker = new Worker(new URL('./load-worker.js', import.meta.url), { workerData: job });
  try {
    const answer = await new Promise<LoadAnswer>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`load worker exited with code ${code} before answering`)));
    });
    if (!answer.ok) throw new Error(`autocannon against ${job.url}: ${answer.message}`);
    return answer;
  } finally {
    await worker.terminate();
  }
}
