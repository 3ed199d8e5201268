import type { IncomingMessage } from 'node:http';
import { v7 as uuidv7 } from 'uuid';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Keeps a caller's `x-request-id` when it is safe to log, so one id follows a request across hops. */
export function genRequestId(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : uuidv7();
}
