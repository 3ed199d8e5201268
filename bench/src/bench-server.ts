import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the scenarios need from either side of a comparison, kernel or baseline. */
export interface BenchServer {
  /** Runs SQL on the server's own database, for seeding (each PGlite server has its own data). */
  sql(text: string): Promise<void>;
  /** Listens on a free loopback port; resolves to `http://127.0.0.1:<port>`. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export const LISTEN = { host: '127.0.0.1', port: 0 } as const;

/** The origin from the socket itself: an address naming `localhost` may resolve to ::1, where nothing listens. */
export function originOf(server: Server): string {
  const address = server.address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}
