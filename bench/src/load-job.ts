/** What the main thread asks the load worker to do, and what it answers. */
export interface LoadJob {
  url: string;
  durationSeconds: number;
  connections: number;
}

export type LoadAnswer =
  | {
      ok: true;
      requestsPerSecond: number;
      p50Ms: number;
      p99Ms: number;
      ok2xx: number;
      non2xx: number;
      errors: number;
    }
  | { ok: false; message: string };
