import WebSocket from 'ws';
import { sharedNow, type ClientAnswer, type ClientCommand } from './realtime-protocol.js';

/**
 * The client side of the realtime figures, run as a child process (`fork`) so the sockets neither
 * share the server's event loop nor count in its memory. One group of sockets per side, so the
 * sides can take turns. Driven over IPC by `realtime-figures.ts`; every command gets one answer
 * back (`expect` first says `listening`).
 */
const OPEN_CONCURRENCY = 100;

const groups = new Map<string, WebSocket[]>();
let expecting: { group: string; expected: number; received: number; latencies: number[]; firstAt: number; lastAt: number; done: () => void } | undefined;

function reply(answer: ClientAnswer): void {
  process.send!(answer);
}

function openOne(group: string, url: string, index: number, channel: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    const fail = (error: Error) => reject(new Error(`${group} socket ${index}: ${error.message}`));
    socket.once('error', fail);
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as { type: string; data?: { t: number } };
      if (message.type === 'message') return onData(group, message.data!.t);
      if (message.type === 'subscribed') {
        socket.off('error', fail);
        resolve(socket);
      } else if (message.type === 'error' || message.type === 'resync') {
        reject(new Error(`${group} socket ${index}: server said ${raw.toString()}`));
      }
    });
    socket.once('open', () => socket.send(JSON.stringify({ type: 'subscribe', channel })));
  });
}

function onData(group: string, sentAt: number): void {
  const now = sharedNow();
  const e = expecting;
  if (!e || e.group !== group) return;
  e.latencies.push(now - sentAt);
  e.received++;
  if (e.firstAt === 0) e.firstAt = now;
  e.lastAt = now;
  if (e.received === e.expected) e.done();
}

async function handle(command: ClientCommand): Promise<ClientAnswer> {
  if (command.cmd === 'open') {
    const opened: WebSocket[] = [];
    for (let start = 0; start < command.sockets; start += OPEN_CONCURRENCY) {
      const batch = Array.from({ length: Math.min(OPEN_CONCURRENCY, command.sockets - start) }, (_, i) => openOne(command.group, command.url, start + i, command.channel));
      opened.push(...(await Promise.all(batch)));
    }
    groups.set(command.group, opened);
    return { ok: true, cmd: 'open', sockets: opened.length };
  }
  const sockets = groups.get(command.group) ?? [];
  if (command.cmd === 'expect') {
    return new Promise<ClientAnswer>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        const e = expecting!;
        expecting = undefined;
        resolve({ ok: true, cmd: 'expect', received: e.received, expected: e.expected, firstAt: e.firstAt, lastAt: e.lastAt, latenciesMs: e.latencies });
      };
      const timer = setTimeout(finish, command.timeoutMs);
      expecting = { group: command.group, expected: command.messages * sockets.length, received: 0, latencies: [], firstAt: 0, lastAt: 0, done: finish };
      // Tell the parent we are listening only now, so no message can arrive before `expecting` is set.
      reply({ ok: true, cmd: 'listening' });
    });
  }
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) return resolve();
          socket.once('close', () => resolve());
          socket.close();
        }),
    ),
  );
  groups.delete(command.group);
  return { ok: true, cmd: 'close' };
}

process.on('message', (command: ClientCommand) => {
  handle(command).then(reply, (error: unknown) => reply({ ok: false, message: (error as Error).message }));
});
process.on('disconnect', () => process.exit(0));
