import type { FastifyBaseLogger } from 'fastify';
import type { EventBus, EventEnvelope, EventSubscription } from './index.js';

/**
 * Delivers events to handlers in this process (every process is its own little cluster), after the emitter's current tick, so a slow or
 * failing handler never delays or breaks the request that emitted the event. Failures are logged
 * with the event and retried with exponential backoff as the handler declared.
 */
export class InProcessEventBus implements EventBus {
  readonly driver = 'in-process';
  private readonly subscriptions = new Map<string, EventSubscription[]>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly log: FastifyBaseLogger) {}

  subscribe(subscription: EventSubscription): void {
    const list = this.subscriptions.get(subscription.name) ?? [];
    list.push(subscription);
    this.subscriptions.set(subscription.name, list);
  }

  async publish(event: EventEnvelope): Promise<void> {
    if (this.closed) throw new Error('event bus is closed');
    for (const subscription of this.subscriptions.get(event.name) ?? []) {
      const delivery = this.deliver(subscription, event).finally(() => this.inFlight.delete(delivery));
      this.inFlight.add(delivery);
    }
  }

  async start(): Promise<void> {
    // Deliveries begin at publish time; there is nothing to consume.
  }

  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
  }

  private async deliver(subscription: EventSubscription, event: EventEnvelope): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (let attempt = 1; ; attempt++) {
      try {
        await subscription.handle(event, attempt);
        return;
      } catch (error) {
        const willRetry = attempt <= subscription.retries && !this.closed;
        this.log.error(
          { err: error, event: { id: event.id, name: event.name, emittedBy: event.emittedBy }, subscriber: subscription.subscriber, attempt, willRetry },
          `event handler ${subscription.subscriber} failed for ${event.name}`,
        );
        if (!willRetry) return;
        await new Promise((resolve) => setTimeout(resolve, subscription.backoffMs * 2 ** (attempt - 1)));
      }
    }
  }
}
