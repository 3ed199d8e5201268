/** What `realtime-figures.ts` and its client process (`realtime-clients.ts`) say to each other over IPC. */
export type ClientCommand =
  /** Opens `sockets` sockets to `url` as group `group` (one group per side), each subscribed to `channel`. */
  | { cmd: 'open'; group: string; url: string; sockets: number; channel: string }
  /** Waits until every socket of `group` has `messages` more messages (answers `listening` first). */
  | { cmd: 'expect'; group: string; messages: number; timeoutMs: number }
  | { cmd: 'close'; group: string };

export type ClientAnswer =
  | { ok: true; cmd: 'open'; sockets: number }
  | { ok: true; cmd: 'listening' }
  | { ok: true; cmd: 'expect'; received: number; expected: number; firstAt: number; lastAt: number; latenciesMs: number[] }
  | { ok: true; cmd: 'close' }
  | { ok: false; message: string };

/** Milliseconds on a clock every process of the machine shares (epoch-based, sub-millisecond). */
export const sharedNow = (): number => performance.timeOrigin + performance.now();
