import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { AuthUser } from '../accounts/accounts-service.js';
import { compareIds, isMessageId, type ChannelLog, type ChannelMessage } from './channel-log.js';

/** Decides whether `user` may read channel `<type>:<key>`; asked on every subscription. */
export type ChannelAuthorizer = (user: AuthUser | null, key: string) => boolean | Promise<boolean>;

interface Connection {
  socket: WebSocket;
  user: AuthUser | null;
  channels: Set<string>;
  /** Last id sent per channel: the backlog and the live stream may overlap for a moment. */
  lastSent: Map<string, string>;
  /** Channels whose messages were dropped because the client read too slowly. */
  needsResync: Set<string>;
  alive: boolean;
}

export interface RealtimeOptions {
  heartbeatMs?: number;
  /** Bytes queued for one socket above which messages are dropped and the client told to resync. */
  maxBufferedBytes?: number;
  maxChannelsPerSocket?: number;
}

/**
 * The one WebSocket endpoint's brain: authorises subscriptions per channel, replays the backlog to
 * clients that reconnect with their last id, fans messages from any process out to local sockets,
 * reaps dead sockets with heartbeats, and never lets a slow reader grow memory without bound.
 */
export class RealtimeHub {
  private readonly authorizers = new Map<string, ChannelAuthorizer>();
  private readonly subscribers = new Map<string, Set<Connection>>();
  private readonly connections = new Set<Connection>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly maxBufferedBytes: number;
  private readonly maxChannels: number;

  constructor(private readonly log: ChannelLog, private readonly logger: FastifyBaseLogger, options: RealtimeOptions = {}) {
    this.maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
    this.maxChannels = options.maxChannelsPerSocket ?? 100;
    log.onMessage((message) => this.deliver(message));
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  get driver(): 'in-process' | 'redis' {
    return this.log.driver;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  defineChannelType(type: string, authorize: ChannelAuthorizer): void {
    if (this.authorizers.has(type)) throw new Error(`realtime channel type ${type} is defined twice`);
    this.authorizers.set(type, authorize);
  }

  publish(channel: string, data: unknown): Promise<ChannelMessage> {
    return this.log.append(channel, data);
  }

  attach(socket: WebSocket, user: AuthUser | null): void {
    const connection: Connection = { socket, user, channels: new Set(), lastSent: new Map(), needsResync: new Set(), alive: true };
    this.connections.add(connection);
    socket.on('pong', () => (connection.alive = true));
    socket.on('message', (raw) => void this.onClientMessage(connection, raw.toString()).catch((error) => this.logger.warn({ err: error }, 'realtime message failed')));
    socket.on('close', () => this.detach(connection));
    socket.on('error', () => this.detach(connection));
    this.send(connection, { type: 'welcome', userId: user?.id ?? null });
  }

  private detach(connection: Connection): void {
    this.connections.delete(connection);
    for (const channel of connection.channels) this.subscribers.get(channel)?.delete(connection);
  }

  private async onClientMessage(connection: Connection, raw: string): Promise<void> {
    let message: { type?: unknown; channel?: unknown; lastId?: unknown };
    try {
      message = JSON.parse(raw) as typeof message;
    } catch {
      return this.send(connection, { type: 'error', code: 'BAD_MESSAGE', message: 'Messages are JSON objects with a type.' });
    }
    if (message.type === 'ping') return this.send(connection, { type: 'pong' });
    if (typeof message.channel !== 'string' || message.channel.length > 200) {
      return this.send(connection, { type: 'error', code: 'BAD_MESSAGE', message: 'A channel name is required.' });
    }
    const channel = message.channel;
    if (message.type === 'unsubscribe') {
      connection.channels.delete(channel);
      this.subscribers.get(channel)?.delete(connection);
      return this.send(connection, { type: 'unsubscribed', channel });
    }
    if (message.type !== 'subscribe') return this.send(connection, { type: 'error', code: 'BAD_MESSAGE', message: 'type must be subscribe, unsubscribe or ping.' });
    const lastId = typeof message.lastId === 'string' && isMessageId(message.lastId) ? message.lastId : undefined;
    await this.subscribe(connection, channel, lastId);
  }

  private async subscribe(connection: Connection, channel: string, lastId: string | undefined): Promise<void> {
    const split = channel.indexOf(':');
    const type = split > 0 ? channel.slice(0, split) : '';
    const key = channel.slice(split + 1);
    const authorize = this.authorizers.get(type);
    if (!authorize || !key) return this.send(connection, { type: 'error', code: 'UNKNOWN_CHANNEL', channel, message: `No channel type "${type}".` });
    if (connection.channels.size >= this.maxChannels && !connection.channels.has(channel)) {
      return this.send(connection, { type: 'error', code: 'TOO_MANY_CHANNELS', channel, message: `At most ${this.maxChannels} channels per connection.` });
    }
    let allowed = false;
    try {
      allowed = await authorize(connection.user, key);
    } catch (error) {
      this.logger.warn({ err: error, channel }, 'channel authorisation failed');
    }
    if (!allowed) return this.send(connection, { type: 'error', code: 'FORBIDDEN', channel, message: 'You may not read this channel.' });
    // Subscribe first, then replay: a message published in between arrives live and the replay skips it.
    connection.channels.add(channel);
    let set = this.subscribers.get(channel);
    if (!set) this.subscribers.set(channel, (set = new Set()));
    set.add(connection);
    this.send(connection, { type: 'subscribed', channel });
    if (lastId) {
      const { messages, complete } = await this.log.since(channel, lastId);
      if (!complete) this.send(connection, { type: 'resync', channel });
      for (const m of messages) this.sendMessage(connection, m);
    }
  }

  private deliver(message: ChannelMessage): void {
    for (const connection of this.subscribers.get(message.channel) ?? []) this.sendMessage(connection, message);
  }

  private sendMessage(connection: Connection, message: ChannelMessage): void {
    const last = connection.lastSent.get(message.channel);
    if (last && compareIds(message.id, last) <= 0) return;
    if (connection.socket.bufferedAmount > this.maxBufferedBytes) {
      // Dropping beats buffering without bound; the client refetches the channel's state on resync.
      connection.needsResync.add(message.channel);
      return;
    }
    if (connection.needsResync.delete(message.channel)) this.send(connection, { type: 'resync', channel: message.channel });
    connection.lastSent.set(message.channel, message.id);
    this.send(connection, { type: 'message', channel: message.channel, id: message.id, data: message.data });
  }

  private send(connection: Connection, payload: unknown): void {
    if (connection.socket.readyState === 1) connection.socket.send(JSON.stringify(payload));
  }

  private beat(): void {
    for (const connection of this.connections) {
      if (!connection.alive) {
        connection.socket.terminate();
        this.detach(connection);
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const connection of this.connections) connection.socket.close(1001, 'server shutting down');
    this.connections.clear();
    this.subscribers.clear();
    await this.log.close();
  }
}
