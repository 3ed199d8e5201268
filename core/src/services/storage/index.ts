import type { FastifyBaseLogger } from 'fastify';
import { LocalStorage } from './local.js';
import { S3Storage } from './s3.js';

/**
 * The object storage contract. Drivers: `local.ts` (embedded default, a folder) and `s3.ts`
 * (MinIO or any S3, through the `minio` client). Plugins get a `namespace()` view, and the same
 * calls behave the same on both: keys (see `keys.ts`), sniffed content types, size limits,
 * ranges, listing order (byte order of keys) and errors.
 */
export interface StoredObject {
  key: string;
  size: number;
  /** Sniffed from the bytes at upload, never taken from a file name or a client's claim. */
  contentType: string;
  /** Opaque; changes whenever the content does. */
  etag: string;
  lastModified: Date;
  /** Private objects are only readable through signed, expiring URLs. */
  private: boolean;
}

export interface PutOptions {
  /** Larger uploads are refused with TOO_LARGE as soon as the limit is passed. */
  maxBytes?: number;
  /** MIME patterns like `image/*`; other sniffed types are refused with UNSUPPORTED_TYPE. */
  accept?: string[];
  /** Default false: public objects get plain, cacheable URLs. */
  private?: boolean;
}

/** Inclusive byte positions, as in HTTP: `{ start: 0, end: 99 }` is the first 100 bytes. */
export interface ByteRange {
  start: number;
  /** Default: the last byte. Past the end means up to the end. */
  end?: number;
}

export interface Storage {
  readonly driver: 'local' | 's3';
  /**
   * Streams `body` in (never buffering the whole file), sniffing the real type from the first
   * bytes; rejects with a typed error if over maxBytes or if the sniffed type is not in `accept`.
   * Nothing partial is left behind on failure, and an object already under `key` stays intact.
   * On failure the body stream is destroyed, as `pipeline()` would.
   */
  put(key: string, body: NodeJS.ReadableStream | Buffer, options?: PutOptions): Promise<StoredObject>;
  /** Rejects with NOT_FOUND, or INVALID_RANGE when `start` is past the end. */
  get(key: string, range?: ByteRange): Promise<{ stream: NodeJS.ReadableStream; object: StoredObject }>;
  stat(key: string): Promise<StoredObject | null>;
  /** Deleting a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** Every object whose key starts with `prefix`, in byte order of keys. */
  list(prefix: string): AsyncIterable<StoredObject>;
  /**
   * A URL to read the object: public objects get a plain URL; private ones a signed, expiring URL
   * (default 1 hour, at most 7 days). Public URLs are served as immutable for a year, so give new
   * content a new key rather than overwriting a public one.
   */
  url(key: string, options?: { expiresInSeconds?: number }): Promise<string>;
  /** A view whose keys all live under `prefix/` — how each plugin gets its own folder. */
  namespace(prefix: string): Storage;
}

export interface LocalStorageOptions {
  /** Folder that holds everything (created if missing). */
  dir: string;
  /** Where `serveLocalStorage` is reachable, e.g. http://localhost:3000/files */
  publicBaseUrl: string;
}

export interface S3StorageOptions {
  endPoint: string;
  port?: number;
  useSSL: boolean;
  bucket: string;
  region: string;
  accessKey: string;
  secretKey: string;
  /**
   * Where public objects are read from: a CDN or the bucket's own URL (objects live under
   * `public/` inside it). Default: `http(s)://endPoint[:port]/bucket`.
   */
  publicBaseUrl?: string;
  /** Upload part size: memory used per upload in flight. Default and minimum 5 MiB (objects up to ~48 GiB). */
  partSizeBytes?: number;
}

export interface StorageOptions {
  driver: 'local' | 's3';
  local?: LocalStorageOptions;
  s3?: S3StorageOptions;
  /** Signs private URLs on the local driver; use the application secret. */
  signingSecret: string;
  log: FastifyBaseLogger;
}

export async function createStorage(options: StorageOptions): Promise<Storage> {
  if (!options.signingSecret) throw new TypeError('storage: signingSecret is required (the application secret)');
  if (options.driver === 's3') {
    if (!options.s3) throw new TypeError('storage: the s3 driver needs s3 options');
    return S3Storage.open(options.s3, options.log);
  }
  if (!options.local) throw new TypeError('storage: the local driver needs local options');
  return LocalStorage.open({ ...options.local, signingSecret: options.signingSecret, log: options.log });
}

export { StorageError, type StorageErrorCode } from './errors.js';
export { checkKey as checkStorageKey } from './keys.js';
export { LocalStorage } from './local.js';
export { S3Storage } from './s3.js';
export { serveLocalStorage, type ServeLocalStorageOptions } from './serve-local.js';
