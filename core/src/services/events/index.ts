import type { FastifyBaseLogger } from 'fastify';
import { InProcessEventBus } from './in-process.js';
import { RedisStreamsEventBus } from './redis-streams.js';

/**
 * The event bus contract. Drivers: `in-process.ts` (embedded default) and `redis-streams.ts`
 * (Redis, delivered across every process). Plugins emit through the outbox (`outbox.ts`), so
 * neither driver ever sees an event whose transaction rolled back.
 */
export interface EventEnvelope {
  id: string;
  name: string;
  payload: unknown;
  emittedBy: string;
  emittedAt: string;
}

export interface EventSubscription {
  /** Who handles it: the plugin name. Each subscriber handles each event once per cluster. */
  subscriber: string;
  name: string;
  retries: number;
  backoffMs: number;
  handle(event: EventEnvelope, attempt: number): Promise<void>;
}

export interface EventBus {
  readonly driver: 'in-process' | 'redis';
  /** Registers a handler. All subscriptions are made before `start()`. */
  subscribe(subscription: EventSubscription): void;
  publish(event: EventEnvelope): Promise<void>;
  /** Starts consuming (worker role). The in-process bus delivers without it. */
  start(): Promise<void>;
  /** Resolves when every event published so far has been handled (tests, graceful shutdown). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export function createEventBus(options: { redisUrl?: string; keyPrefix: string; log: FastifyBaseLogger }): EventBus {
  return options.redisUrl
    ? new RedisStreamsEventBus({ url: options.redisUrl, keyPrefix: options.keyPrefix, log: options.log })
    : new InProcessEventBus(options.log);
}

export { InProcessEventBus } from './in-process.js';
export { RedisStreamsEventBus } from './redis-streams.js';
export { EventOutbox } from './outbox.js';
