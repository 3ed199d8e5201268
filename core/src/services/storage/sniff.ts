import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { StorageError } from './errors.js';
import { checkKey } from './keys.js';

/** What file-type needs to recognise every format it knows (its own default sample size). */
export const SNIFF_BYTES = 4100;

export interface SniffedBody {
  /** The type read from the bytes themselves; whatever the file was called or claimed to be. */
  contentType: string;
  /** Every byte of the body, first ones included; throws TOO_LARGE as soon as maxBytes is passed. */
  chunks: AsyncGenerator<Buffer, void, undefined>;
  /** Stops reading and destroys the source, for a driver that fails before consuming `chunks`. */
  discard(): Promise<void>;
}

export interface SniffOptions {
  maxBytes?: number;
  /** MIME patterns: `image/png`, `image/*`, `*\/*`. Unset: anything. */
  accept?: string[];
}

/**
 * The intake of every upload, whatever the driver: checks the key, reads just enough of the body
 * to know what it really is, refuses it early when it is not acceptable (before a single byte is
 * stored), and hands the rest on as a stream with the size limit enforced on the fly. The whole
 * body is never held in memory.
 */
export async function sniffBody(key: string, body: NodeJS.ReadableStream | Buffer, options: SniffOptions = {}): Promise<SniffedBody> {
  const { maxBytes } = options;
  try {
    checkKey(key);
    if (maxBytes !== undefined && (!Number.isSafeInteger(maxBytes) || maxBytes < 0)) throw new RangeError(`maxBytes must be a non-negative integer, got ${maxBytes}`);
  } catch (error) {
    // Refused before reading: still release the upload, as every other failure does.
    (body as Partial<Readable>).destroy?.();
    throw error;
  }
  const source = iterate(body);
  const tooLarge = () => new StorageError('TOO_LARGE', `"${key}" is larger than the ${maxBytes} bytes allowed`, { maxBytes });
  const discard = async () => {
    await source.return?.();
  };

  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  try {
    while (headBytes < SNIFF_BYTES) {
      const next = await source.next();
      if (next.done) {
        ended = true;
        break;
      }
      head.push(next.value);
      headBytes += next.value.length;
      if (maxBytes !== undefined && headBytes > maxBytes) throw tooLarge();
    }
  } catch (error) {
    await discard();
    throw error;
  }
  const first = Buffer.concat(head);
  const contentType = await detectType(first, ended);
  if (options.accept && !options.accept.some((pattern) => typeMatches(contentType, pattern))) {
    await discard();
    throw new StorageError('UNSUPPORTED_TYPE', `"${key}" is ${contentType}, which is not accepted here (accepted: ${options.accept.join(', ')})`, {
      contentType,
      accept: options.accept,
    });
  }

  async function* chunks(): AsyncGenerator<Buffer, void, undefined> {
    let finished = false;
    try {
      if (first.length > 0) yield first;
      let total = first.length;
      while (!ended) {
        const next = await source.next();
        if (next.done) break;
        total += next.value.length;
        if (maxBytes !== undefined && total > maxBytes) throw tooLarge();
        yield next.value;
      }
      finished = true;
    } finally {
      // Whether the driver failed or the limit was hit, nobody is going to read the rest.
      if (!finished) await discard();
    }
  }
  return { contentType, chunks: chunks(), discard };
}

export function typeMatches(contentType: string, pattern: string): boolean {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  const wanted = pattern.trim().toLowerCase();
  if (wanted === '*/*' || wanted === '*') return true;
  if (wanted.endsWith('/*')) return type.startsWith(wanted.slice(0, -1));
  return type === wanted;
}

async function detectType(sample: Buffer, complete: boolean): Promise<string> {
  const detected = await fileTypeFromBuffer(sample);
  if (detected) return detected.mime;
  return looksLikeText(sample, complete) ? 'text/plain' : 'application/octet-stream';
}

/**
 * Valid UTF-8 without control characters (other than whitespace and ESC). Judged on the sample
 * only: a file that turns binary later is still served as text/plain, always with `nosniff`, so a
 * browser never executes it.
 */
function looksLikeText(sample: Buffer, complete: boolean): boolean {
  if (sample.length === 0) return false;
  try {
    // stream: a multi-byte character cut at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
  } catch {
    return false;
  }
  for (const byte of sample) {
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0b && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b) || byte === 0x7f) return false;
  }
  return true;
}

function iterate(body: NodeJS.ReadableStream | Buffer): AsyncIterator<Buffer> {
  if (Buffer.isBuffer(body)) return (async function* () { yield body; })();
  const inner = body[Symbol.asyncIterator]();
  return {
    async next() {
      for (;;) {
        const next = await inner.next();
        if (next.done) return { done: true, value: undefined };
        const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
        if (chunk.length > 0) return { done: false, value: chunk };
      }
    },
    // A Readable's iterator destroys the stream on return(): an abandoned upload is not left hanging.
    async return() {
      await inner.return?.();
      return { done: true, value: undefined };
    },
  };
}
