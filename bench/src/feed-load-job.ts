/** What the main thread asks the feed load worker to do, and what it answers. */
export interface FeedLoadJob {
  /** e.g. `http://127.0.0.1:4000/api/feed/home` */
  url: string;
  /** One bearer token per request, taken in order; with `amount` each one is used at most once. */
  tokens: string[];
  connections: number;
  /**
   * Requests to make, cycling through `tokens`. A fixed count rather than a duration: autocannon
   * then waits for every answer, so no request of a slow side is still running when the next run starts.
   */
  amount: number;
}

export type FeedLoadAnswer =
  | {
      ok: true;
      requestsPerSecond: number;
      p50Ms: number;
      p95Ms: number;
      p99Ms: number;
      ok2xx: number;
      non2xx: number;
      errors: number;
      /** Requests built, hence tokens handed out (a token is reused only past `tokens.length`); autocannon builds each connection's next one ahead. */
      built: number;
      seconds: number;
    }
  | { ok: false; message: string };
