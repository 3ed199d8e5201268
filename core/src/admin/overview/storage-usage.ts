import type { FastifyBaseLogger } from 'fastify';
import type { Storage } from '../../services/storage/index.js';

export interface StorageUsageSnapshot {
  driver: 'local' | 's3';
  bytes: number;
  objects: number;
  measuredAt: string;
  /** True when the count stopped at the cap: the real figures are larger. */
  partial: boolean;
}

const STALE_AFTER_MS = 10 * 60_000;
const MAX_OBJECTS = 200_000;
const WAIT_MS = 2_000;

/**
 * Bytes and objects in storage, measured by listing everything (the local folder, or the bucket
 * on S3) in the background, at most once per ten minutes, so opening the overview never waits
 * on a long listing: it gets the last measurement, or null while the first one runs.
 */
export class StorageUsage {
  private last: StorageUsageSnapshot | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly storage: Storage, private readonly log: FastifyBaseLogger) {}

  async get(): Promise<StorageUsageSnapshot | null> {
    const stale = !this.last || Date.now() - Date.parse(this.last.measuredAt) > STALE_AFTER_MS;
    if (stale && !this.running) {
      this.running = this.measure().finally(() => (this.running = null));
    }
    if (this.running && !this.last) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.running, new Promise((resolve) => (timer = setTimeout(resolve, WAIT_MS)))]);
      clearTimeout(timer);
    }
    return this.last;
  }

  private async measure(): Promise<void> {
    let bytes = 0;
    let objects = 0;
    try {
      for await (const object of this.storage.list('')) {
        bytes += object.size;
        if (++objects >= MAX_OBJECTS) break;
      }
      this.last = { driver: this.storage.driver, bytes, objects, measuredAt: new Date().toISOString(), partial: objects >= MAX_OBJECTS };
    } catch (error) {
      this.log.warn({ err: error }, 'measuring storage use failed');
    }
  }
}
