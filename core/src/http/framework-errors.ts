import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './errors.js';

/** Errors Fastify raises before routing (bad URL encoding, over-long params): still the error body. */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  void reply.status(status).send(errorBody(status === 414 ? 'URI_TOO_LONG' : 'BAD_REQUEST', error.message, { fastifyCode: error.code }));
}

/** Malformed HTTP that Node rejects before Fastify sees a request (huge headers, garbage bytes). */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify(
    errorBody(tooLarge ? 'HEADERS_TOO_LARGE' : 'BAD_REQUEST', tooLarge ? 'Request headers are too large.' : 'The request is not valid HTTP.', null),
  );
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
