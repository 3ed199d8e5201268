import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';

export interface ChannelMessage {
  channel: string;
  /** Increasing within a channel; a client resumes from the last id it saw. */
  id: string;
  data: unknown;
}

/**
 * Where realtime messages get their ids and where a short backlog per channel is kept, and how
 * a message reaches every process. In process: a counter and a ring buffer. With Redis: a capped
 * stream per channel (its ids are increasing and it is the backlog) plus one pub/sub channel that
 * every process listens on to fan messages out to its own sockets.
 */
export interface ChannelLog {
  readonly driver: 'in-process' | 'redis';
  append(channel: string, data: unknown): Promise<ChannelMessage>;
  /** Messages after `lastId`, oldest first; `complete` is false when the backlog no longer reaches back that far. */
  since(channel: string, lastId: string): Promise<{ messages: ChannelMessage[]; complete: boolean }>;
  /** Called for every message appended on any process. */
  onMessage(listener: (message: ChannelMessage) => void): void;
  close(): Promise<void>;
}

export const BACKLOG = 100;

/** Ids are `<ms>-<seq>` like Redis stream ids, so clients treat both drivers the same. */
export class InProcessChannelLog implements ChannelLog {
  readonly driver = 'in-process';
  private readonly channels = new Map<string, { epoch: number; seq: number; buffer: ChannelMessage[] }>();
  private readonly listeners: Array<(m: ChannelMessage) => void> = [];

  constructor(private readonly maxChannels = 10_000) {}

  async append(channel: string, data: unknown): Promise<ChannelMessage> {
    let state = this.channels.get(channel);
    if (!state) {
      if (this.channels.size >= this.maxChannels) this.channels.delete(this.channels.keys().next().value!);
      state = { epoch: Date.now(), seq: 0, buffer: [] };
      this.channels.set(channel, state);
    }
    state.seq++;
    // The epoch is fixed per channel and the sequence grows, so ids increase even if the clock jumps back.
    const message = { channel, id: `${state.epoch}-${state.seq}`, data };
    state.buffer.push(message);
    if (state.buffer.length > BACKLOG) state.buffer.shift();
    for (const listener of this.listeners) listener(message);
    return message;
  }

  async since(channel: string, lastId: string): Promise<{ messages: ChannelMessage[]; complete: boolean }> {
    const state = this.channels.get(channel);
    if (!state) return { messages: [], complete: true };
    const messages = state.buffer.filter((m) => compareIds(m.id, lastId) > 0);
    // Complete when nothing was ever trimmed, or the oldest kept message follows the client's last one.
    const oldest = state.buffer[0];
    const complete = state.seq <= BACKLOG || !oldest || compareIds(oldest.id, lastId) <= 0 || oldest.id === `${state.epoch}-${Number(lastId.split('-')[1]) + 1}`;
    return { messages, complete };
  }

  onMessage(listener: (message: ChannelMessage) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    this.channels.clear();
  }
}

export class RedisChannelLog implements ChannelLog {
  readonly driver = 'redis';
  private readonly client: Redis;
  private readonly subscriber: Redis;
  private readonly listeners: Array<(m: ChannelMessage) => void> = [];
  private readonly ready: Promise<unknown>;

  constructor(url: string, private readonly keyPrefix: string, log: FastifyBaseLogger) {
    this.client = new Redis(url, { maxRetriesPerRequest: 3 });
    this.subscriber = new Redis(url, { maxRetriesPerRequest: null });
    for (const c of [this.client, this.subscriber]) c.on('error', (error) => log.warn({ err: error }, 'redis (realtime) connection error'));
    this.subscriber.on('message', (_topic: string, raw: string) => {
      const message = JSON.parse(raw) as ChannelMessage;
      for (const listener of this.listeners) listener(message);
    });
    this.ready = this.subscriber.subscribe(this.fanout);
  }

  private get fanout(): string {
    return `${this.keyPrefix}realtime`;
  }

  private stream(channel: string): string {
    return `${this.keyPrefix}realtime:${channel}`;
  }

  async append(channel: string, data: unknown): Promise<ChannelMessage> {
    await this.ready;
    const key = this.stream(channel);
    const id = (await this.client.xadd(key, 'MAXLEN', '~', String(BACKLOG), '*', 'data', JSON.stringify(data))) as string;
    // Idle channels expire so the backlog of users who left does not live for ever.
    await this.client.expire(key, 24 * 3600);
    const message = { channel, id, data };
    await this.client.publish(this.fanout, JSON.stringify(message));
    return message;
  }

  async since(channel: string, lastId: string): Promise<{ messages: ChannelMessage[]; complete: boolean }> {
    const key = this.stream(channel);
    const entries = (await this.client.xrange(key, `(${lastId}`, '+')) as Array<[string, string[]]>;
    const [first] = (await this.client.xrange(key, '-', '+', 'COUNT', 1)) as Array<[string, string[]]>;
    const length = await this.client.xlen(key);
    const messages = entries.map(([id, fields]) => ({ channel, id, data: JSON.parse(fields[1] ?? 'null') as unknown }));
    // Complete when the stream was never trimmed or still reaches back to the client's last id.
    return { messages, complete: length < BACKLOG || !first || compareIds(first[0], lastId) <= 0 };
  }

  onMessage(listener: (message: ChannelMessage) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
    await this.client.quit().catch(() => undefined);
  }
}

export function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am - bm || (as ?? 0) - (bs ?? 0);
}

export function isMessageId(value: string): boolean {
  return /^\d{1,16}-\d{1,16}$/.test(value);
}
