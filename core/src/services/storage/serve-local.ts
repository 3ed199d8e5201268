import { posix } from 'node:path';
import type { Readable } from 'node:stream';
// Route schemas here carry OpenAPI keys (summary, tags), typed by @fastify/swagger's augmentation.
import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, HttpError } from '../../http/errors.js';
import type { Storage, StoredObject } from './index.js';
import { checkKey } from './keys.js';
import { checkObjectSignature } from './signed-url.js';

export interface ServeLocalStorageOptions {
  /** The root storage (not a namespace view): URLs carry full keys. */
  storage: Storage;
  /** The secret the storage signs private URLs with. */
  signingSecret: string;
  /** Where files are served; must match the path of the storage's `publicBaseUrl`. Default `/files`. */
  prefix?: string;
}

/** Types a browser may render in place; anything else is downloaded, so an upload can never run as a page of this site. */
const INLINE_TYPES = [/^image\/(?!svg)/, /^video\//, /^audio\//, /^text\/plain$/, /^application\/pdf$/];

/**
 * Serves the local driver's objects over HTTP the way a CDN would: byte ranges (video seeking,
 * resumed downloads), validators and 304s, a year of caching for public objects (their keys are
 * unique per content) and none for private ones, which need a valid signed URL.
 *
 * Registered in its own encapsulation context with an error handler for `HttpError`, so its
 * errors have the kernel's body even on a bare Fastify instance.
 */
export async function serveLocalStorage(app: FastifyInstance, options: ServeLocalStorageOptions): Promise<void> {
  const prefix = (options.prefix ?? '/files').replace(/\/+$/, '');
  if (!prefix.startsWith('/')) throw new TypeError(`serveLocalStorage: prefix must start with "/", got ${JSON.stringify(options.prefix)}`);
  if (!options.signingSecret) throw new TypeError('serveLocalStorage: signingSecret is required');
  const { storage, signingSecret } = options;

  await app.register(async (scope) => {
    scope.setErrorHandler((error, _request, reply) => {
      if (error instanceof HttpError) return reply.status(error.statusCode).send(errorBody(error.code, error.message, error.details));
      throw error; // the parent's handler (the kernel's) deals with everything else
    });

    scope.route({
      // HEAD declared here: Fastify's automatic HEAD route would read the whole file to discard it.
      method: ['GET', 'HEAD'],
      url: `${prefix}/*`,
      schema: { summary: 'Read a stored file', description: 'Supports Range, If-None-Match and If-Modified-Since. Private files need `expires` and `signature` from a signed URL.', tags: ['files'] },
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const key = (request.params as { '*': string })['*'];
        // Headers come from stat(), bytes from get(); if the file is replaced in between, the
        // two would disagree (a wrong Content-Length corrupts the response), so start over.
        for (let attempt = 1; ; attempt++) {
          const object = isValidKey(key) ? await storage.stat(key) : null;
          if (!object) throw new HttpError(404, 'NOT_FOUND', 'No such file.');

          if (object.private) {
            const query = request.query as Record<string, unknown>;
            const check = checkObjectSignature(key, query.expires, query.signature, signingSecret);
            if (check === 'expired') throw new HttpError(403, 'FORBIDDEN', 'This link has expired; ask for a new one.');
            if (check !== 'valid') throw new HttpError(403, 'FORBIDDEN', 'This file can only be read through a valid signed link.');
          }

          const etag = `"${object.etag}"`;
          const validators = { etag, 'last-modified': object.lastModified.toUTCString() };
          const caching = object.private ? 'private, no-store' : 'public, max-age=31536000, immutable';
          if (isNotModified(request, etag, object.lastModified)) return reply.status(304).headers(validators).header('cache-control', caching).send();

          const range = wantsRange(request, etag, object.lastModified) ? parseRange(request.headers.range, object.size) : null;
          if (range === 'unsatisfiable') {
            reply.header('content-range', `bytes */${object.size}`);
            throw new HttpError(416, 'RANGE_NOT_SATISFIABLE', `The requested range is outside the file (${object.size} bytes).`, { size: object.size });
          }

          reply
            .status(range ? 206 : 200)
            .headers(validators)
            .header('cache-control', caching)
            .header('accept-ranges', 'bytes')
            .header('x-content-type-options', 'nosniff')
            .type(object.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : object.contentType)
            .header('content-disposition', disposition(object))
            .header('content-length', range ? range.end - range.start + 1 : object.size);
          if (range) reply.header('content-range', `bytes ${range.start}-${range.end}/${object.size}`);
          if (request.method === 'HEAD') return reply.send();

          const { stream, object: opened } = await storage.get(key, range ?? undefined);
          if (opened.etag === object.etag) return reply.send(stream);
          (stream as Partial<Readable>).destroy?.();
          if (attempt >= 3) throw new HttpError(503, 'UNAVAILABLE', 'The file is being replaced; try again.');
        }
      },
    });
  });
}

function isValidKey(key: string): boolean {
  try {
    checkKey(key);
    return true;
  } catch {
    return false;
  }
}

function disposition(object: StoredObject): string {
  const name = posix.basename(object.key);
  return `${INLINE_TYPES.some((t) => t.test(object.contentType)) ? 'inline' : 'attachment'}; filename="${name}"`;
}

/** RFC 9110 §13.1: If-None-Match wins over If-Modified-Since; weak comparison for GET. */
function isNotModified(request: FastifyRequest, etag: string, lastModified: Date): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch.split(',').some((tag) => {
      const t = tag.trim();
      return t === '*' || t.replace(/^W\//, '') === etag;
    });
  }
  const since = Date.parse(request.headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

/** If-Range: a range is only served if the client's copy is still the current one. */
function wantsRange(request: FastifyRequest, etag: string, lastModified: Date): boolean {
  const ifRange = [request.headers['if-range']].flat()[0];
  if (request.headers.range === undefined) return false;
  if (ifRange === undefined) return true;
  if (ifRange.startsWith('"') || ifRange.startsWith('W/')) return ifRange === etag;
  return Date.parse(ifRange) === Math.floor(lastModified.getTime() / 1000) * 1000;
}

/**
 * One `bytes=` range. A header we cannot parse, or a multi-range request, is ignored and the whole
 * file is sent (RFC 9110 allows it); a well-formed range outside the file is unsatisfiable (416).
 */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (!Number.isSafeInteger(suffix)) return null;
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(size - suffix, 0), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(end, size - 1) };
}
