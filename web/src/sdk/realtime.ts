import { useEffect, useRef } from 'react';
import { session } from './session-store.js';

type Handler = (data: unknown, id: string) => void;
interface Subscription {
  handlers: Set<Handler>;
  lastId?: string;
  onResync: Set<() => void>;
}

/**
 * One WebSocket per tab to `/api/realtime`, shared by every subscriber. It reconnects with backoff
 * and resubscribes from the last id it saw, so the server replays what was missed; when the
 * server cannot (`resync`), subscribers are told to reload their data instead.
 */
class RealtimeClient {
  private socket: WebSocket | null = null;
  private readonly channels = new Map<string, Subscription>();
  private retry = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private token: string | null = null;

  constructor() {
    session.subscribe(() => {
      // A different user (or none) now: the server must see the new token.
      if (session.accessToken() !== this.token) this.reconnect();
    });
  }

  subscribe(channel: string, handler: Handler, onResync?: () => void): () => void {
    let sub = this.channels.get(channel);
    if (!sub) {
      sub = { handlers: new Set(), onResync: new Set() };
      this.channels.set(channel, sub);
      this.send({ type: 'subscribe', channel });
    }
    sub.handlers.add(handler);
    if (onResync) sub.onResync.add(onResync);
    this.ensure();
    return () => {
      sub.handlers.delete(handler);
      if (onResync) sub.onResync.delete(onResync);
      if (sub.handlers.size === 0) {
        this.channels.delete(channel);
        this.send({ type: 'unsubscribe', channel });
      }
    };
  }

  private ensure(): void {
    if (this.socket || this.channels.size === 0) return;
    this.token = session.accessToken();
    const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const query = this.token ? `?token=${encodeURIComponent(this.token)}` : '';
    const socket = new WebSocket(`${protocol}//${location.host}/api/realtime${query}`);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retry = 0;
      for (const [channel, sub] of this.channels) this.send({ type: 'subscribe', channel, ...(sub.lastId ? { lastId: sub.lastId } : {}) });
    });
    socket.addEventListener('message', (event) => {
      let message: { type: string; channel?: string; id?: string; data?: unknown };
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const sub = message.channel ? this.channels.get(message.channel) : undefined;
      if (!sub) return;
      if (message.type === 'message') {
        if (message.id) sub.lastId = message.id;
        for (const handler of sub.handlers) handler(message.data, message.id ?? '');
      } else if (message.type === 'resync') {
        for (const listener of sub.onResync) listener();
      }
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.channels.size === 0) return;
      const delay = Math.min(30_000, 500 * 2 ** this.retry++);
      this.timer = setTimeout(() => this.ensure(), delay);
    });
  }

  private reconnect(): void {
    clearTimeout(this.timer);
    const old = this.socket;
    this.socket = null;
    old?.close();
    this.ensure();
  }

  private send(message: Record<string, unknown>): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }
}

export const realtime = new RealtimeClient();

/** Calls `handler` for every message on `channel` while the component is mounted. */
export function useChannel(channel: string | null, handler: Handler, onResync?: () => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  const resync = useRef(onResync);
  resync.current = onResync;
  useEffect(() => {
    if (!channel) return;
    return realtime.subscribe(channel, (data, id) => latest.current(data, id), () => resync.current?.());
  }, [channel]);
}
