import type { Transaction } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyBaseLogger } from 'fastify';
import type { EventBus, EventEnvelope } from './index.js';

/**
 * The transactional outbox. `add` writes the event in the caller's transaction (or on its own);
 * the relay moves committed rows to the bus, deleting them in the same transaction as it
 * publishes, so an event is published at least once and never before its transaction committed.
 * Every process relays; `skip locked` lets them share the work without waiting on each other.
 */
export class EventOutbox {
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly bus: EventBus,
    private readonly log: FastifyBaseLogger,
    private readonly pollMs = 1000,
  ) {}

  async add(event: EventEnvelope, trx?: Transaction): Promise<void> {
    await this.orm.em.getConnection().execute(
      'insert into kernel_event_outbox (id, name, payload, emitted_by, emitted_at) values (?, ?, ?, ?, ?)',
      [event.id, event.name, JSON.stringify(event.payload), event.emittedBy, event.emittedAt],
      'run',
      trx,
    );
  }

  /** Relays soon (after the current tick): called after an emit outside a transaction and after commits. */
  wake(): void {
    if (this.stopped) return;
    setImmediate(() => {
      if (this.stopped) return;
      void this.flush().catch((error) => this.log.error({ err: error }, 'relaying events failed; will retry'));
    });
  }

  /** Relays leftovers from a crash now, then keeps polling for rows committed by other paths. */
  start(): void {
    this.wake();
    this.timer = setInterval(() => this.wake(), this.pollMs);
    this.timer.unref();
  }

  /** Publishes every committed row. Concurrent calls coalesce into one more pass. */
  async flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      try {
        do {
          this.again = false;
          while (!this.stopped && (await this.relayBatch())) {
            // keep going while full batches come back
          }
        } while (this.again);
      } finally {
        this.flushing = undefined;
      }
    })();
    return this.flushing;
  }

  async pending(): Promise<number> {
    const [row] = await this.orm.em.getConnection().execute<Array<{ n: number }>>('select count(*)::int as n from kernel_event_outbox');
    return row!.n;
  }

  /** Stops relaying and waits for a pass in progress, so nothing touches the database after it closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.flushing?.catch(() => undefined);
  }

  private async relayBatch(): Promise<boolean> {
    const connection = this.orm.em.getConnection();
    return connection.transactional(async (trx: Transaction) => {
      const rows = await connection.execute<Array<{ id: string; name: string; payload: unknown; emitted_by: string; emitted_at: Date }>>(
        `delete from kernel_event_outbox where id in (
           select id from kernel_event_outbox order by id limit 100 for update skip locked
         ) returning id, name, payload, emitted_by, emitted_at`,
        [],
        'all',
        trx,
      );
      rows.sort((a, b) => (a.id < b.id ? -1 : 1));
      for (const row of rows) {
        await this.bus.publish({
          id: row.id,
          name: row.name,
          payload: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload,
          emittedBy: row.emitted_by,
          emittedAt: new Date(row.emitted_at).toISOString(),
        });
      }
      return rows.length === 100;
    });
  }
}
