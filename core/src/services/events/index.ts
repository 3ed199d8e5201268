/**
 * The event bus contract. Drivers: `in-process.ts` (embedded default). The Redis driver and the
 * transactional outbox arrive with the kernel services issue; plugins never see which one runs.
 */
export interface EventEnvelope {
  id: string;
  name: string;
  payload: unknown;
  emittedBy: string;
  emittedAt: string;
}

export interface EventSubscription {
  /** Who handles it: the plugin name, for logs and gating. */
  subscriber: string;
  name: string;
  retries: number;
  backoffMs: number;
  handle(event: EventEnvelope, attempt: number): Promise<void>;
}

export interface EventBus {
  readonly driver: string;
  subscribe(subscription: EventSubscription): void;
  publish(event: EventEnvelope): Promise<void>;
  /** Resolves when every delivery started so far has finished (tests, graceful shutdown). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export { InProcessEventBus } from './in-process.js';
