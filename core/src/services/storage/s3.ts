import type { FastifyBaseLogger } from 'fastify';
import { Client, type BucketItem, type BucketItemStat } from 'minio';
import { StorageError } from './errors.js';
import type { ByteRange, PutOptions, S3StorageOptions, Storage, StoredObject } from './index.js';
import { checkKey, checkPrefix, keyToUrlPath, namespacePrefix } from './keys.js';
import { NamespacedStorage } from './namespaced.js';
import { checkExpiry, checkRange } from './ranges.js';
import { sniffBody } from './sniff.js';

/*
 * Objects live under `public/<key>` or `private/<key>` in the bucket. Privacy is a place, not a
 * flag, because MinIO has no per-object ACLs: the one thing a bucket policy can express is "anyone
 * may read `public/*`", which makes public URLs plain (cacheable, CDN-friendly) while private
 * objects stay readable only through presigned URLs, whatever else the bucket allows.
 */
const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;
const STAT_CONCURRENCY = 16;

type Placed = { physical: string; private: boolean };
type Part = { data: Buffer; last: boolean };
interface Upload {
  physical: string;
  headers: Record<string, string>;
  uploadId?: string;
  etags: Array<{ part: number; etag: string }>;
}

export class S3Storage implements Storage {
  readonly driver = 's3' as const;
  private readonly bucket: string;
  private readonly publicBaseUrl: string;
  private readonly partSize: number;

  private constructor(
    private readonly client: Client,
    options: S3StorageOptions,
  ) {
    this.bucket = options.bucket;
    const scheme = options.useSSL ? 'https' : 'http';
    this.publicBaseUrl = (options.publicBaseUrl ?? `${scheme}://${options.endPoint}${options.port ? `:${options.port}` : ''}/${options.bucket}`).replace(/\/+$/, '');
    this.partSize = Math.max(options.partSizeBytes ?? MIN_PART_SIZE, MIN_PART_SIZE);
  }

  static async open(options: S3StorageOptions, log: FastifyBaseLogger): Promise<S3Storage> {
    const client = new Client({
      endPoint: options.endPoint,
      port: options.port,
      useSSL: options.useSSL,
      region: options.region,
      accessKey: options.accessKey,
      secretKey: options.secretKey,
    });
    const storage = new S3Storage(client, options);
    await storage.ensureBucket(options.region, log);
    return storage;
  }

  async put(key: string, body: NodeJS.ReadableStream | Buffer, options: PutOptions = {}): Promise<StoredObject> {
    const isPrivate = options.private ?? false;
    const sniffed = await sniffBody(key, body, options);
    const physical = place(key, isPrivate);
    const headers = { 'Content-Type': sniffed.contentType };
    const upload: Upload = { physical, headers, etags: [] };
    const parts = partsOf(sniffed.chunks, this.partSize);
    try {
      // Hand-rolled instead of for-await: the loop variable of a suspended async function keeps the
      // previous part (5 MiB) alive while the next one fills. Here nothing outlives its upload.
      let step: IteratorResult<Part> | undefined = await parts.next();
      while (step && !step.done) {
        const last: boolean = await this.sendPart(upload, key, step.value);
        step = undefined; // before the await below, or the sent part stays reachable while the next fills
        if (!last) step = await parts.next();
      }
    } catch (error) {
      await parts.return(undefined);
      // Parts of an unfinished upload are invisible but kept (and billed) until aborted; worse,
      // minio's own putObject would resume them for this key. Nothing of a failed upload survives.
      if (upload.uploadId) await this.client.abortMultipartUpload(this.bucket, physical, upload.uploadId).catch(() => undefined);
      await sniffed.discard();
      throw error;
    }
    // Moving between public and private: drop the copy in the other place.
    await this.client.removeObject(this.bucket, place(key, !isPrivate));
    return toObject(key, isPrivate, await this.client.statObject(this.bucket, physical));
  }

  /** Sends one part; a body that fits in one part is a single PUT, which S3 applies atomically. */
  private async sendPart(upload: Upload, key: string, part: Part): Promise<boolean> {
    if (part.last && upload.uploadId === undefined) {
      await this.client.putObject(this.bucket, upload.physical, part.data, part.data.length, upload.headers);
      return true;
    }
    upload.uploadId ??= await this.client.initiateNewMultipartUpload(this.bucket, upload.physical, upload.headers);
    const partNumber = upload.etags.length + 1;
    if (partNumber > MAX_PARTS) throw new StorageError('TOO_LARGE', `"${key}" exceeds ${MAX_PARTS} parts of ${this.partSize} bytes`);
    const { etag } = await this.client.uploadPart({ bucketName: this.bucket, objectName: upload.physical, uploadID: upload.uploadId, partNumber, headers: {} }, part.data);
    upload.etags.push({ part: partNumber, etag });
    if (part.last) await this.client.completeMultipartUpload(this.bucket, upload.physical, upload.uploadId, upload.etags);
    return part.last;
  }

  async get(key: string, range?: ByteRange): Promise<{ stream: NodeJS.ReadableStream; object: StoredObject }> {
    const found = await this.find(checkKey(key));
    if (!found) throw notFound(key);
    const { start, end } = checkRange(key, found.object.size, range);
    try {
      const stream =
        range && found.object.size > 0
          ? await this.client.getPartialObject(this.bucket, found.physical, start, end - start + 1)
          : await this.client.getObject(this.bucket, found.physical);
      return { stream, object: found.object };
    } catch (error) {
      if (isNotFound(error)) throw notFound(key);
      throw error;
    }
  }

  async stat(key: string): Promise<StoredObject | null> {
    return (await this.find(checkKey(key)))?.object ?? null;
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await Promise.all([this.client.removeObject(this.bucket, place(key, false)), this.client.removeObject(this.bucket, place(key, true))]);
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    checkPrefix(prefix);
    // Listings carry no content type, so each object costs a HEAD; a few at a time keeps it bounded.
    let batch: Array<Placed & { key: string }> = [];
    const flush = async () => {
      const stats = await Promise.all(batch.map((item) => this.client.statObject(this.bucket, item.physical).catch((error: unknown) => (isNotFound(error) ? null : Promise.reject(error)))));
      const objects = stats.flatMap((stat, i) => (stat ? [toObject(batch[i]!.key, batch[i]!.private, stat)] : []));
      batch = [];
      return objects;
    };
    for await (const item of mergeByKey(this.listPlace(prefix, false), this.listPlace(prefix, true))) {
      batch.push(item);
      if (batch.length >= STAT_CONCURRENCY) yield* await flush();
    }
    if (batch.length > 0) yield* await flush();
  }

  async url(key: string, options: { expiresInSeconds?: number } = {}): Promise<string> {
    const expires = checkExpiry(options.expiresInSeconds);
    const found = await this.find(checkKey(key));
    if (!found) throw notFound(key);
    if (!found.object.private) return `${this.publicBaseUrl}/${keyToUrlPath(found.physical)}`;
    return this.client.presignedGetObject(this.bucket, found.physical, expires);
  }

  namespace(prefix: string): Storage {
    return new NamespacedStorage(this, namespacePrefix(prefix));
  }

  private async ensureBucket(region: string, log: FastifyBaseLogger): Promise<void> {
    if (await this.client.bucketExists(this.bucket)) return;
    try {
      await this.client.makeBucket(this.bucket, region);
    } catch (error) {
      // Another web node starting at the same moment created it first.
      if ((error as { code?: string }).code !== 'BucketAlreadyOwnedByYou') throw error;
      return;
    }
    // Only on a bucket we created: an operator's existing policy is theirs to keep.
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${this.bucket}/public/*`] }],
    };
    try {
      await this.client.setBucketPolicy(this.bucket, JSON.stringify(policy));
      log.info(`storage: created bucket ${this.bucket}; public/ is readable by anyone, private/ only through signed URLs`);
    } catch (error) {
      log.warn(
        { err: error },
        `storage: created bucket ${this.bucket} but could not make public/ readable (${(error as Error).message}); public URLs will fail until a policy or a CDN (s3.publicBaseUrl) serves ${this.bucket}/public/*`,
      );
    }
  }

  /** Looks in public/ first: that is where most objects are, so most lookups cost one HEAD. */
  private async find(key: string): Promise<(Placed & { object: StoredObject }) | null> {
    for (const isPrivate of [false, true]) {
      const physical = place(key, isPrivate);
      try {
        return { physical, private: isPrivate, object: toObject(key, isPrivate, await this.client.statObject(this.bucket, physical)) };
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return null;
  }

  private async *listPlace(prefix: string, isPrivate: boolean): AsyncGenerator<Placed & { key: string }> {
    const root = place('', isPrivate);
    for await (const item of this.client.listObjectsV2(this.bucket, root + prefix, true) as AsyncIterable<BucketItem>) {
      if (item.name) yield { key: item.name.slice(root.length), physical: item.name, private: isPrivate };
    }
  }
}

function place(key: string, isPrivate: boolean): string {
  return `${isPrivate ? 'private' : 'public'}/${key}`;
}

/**
 * Re-cuts a stream of chunks into parts of exactly `size` bytes, the last one shorter (or empty
 * for an empty body). A full part is only handed out once a byte of the next has arrived, so
 * every part knows whether it is the last without holding two parts in memory.
 */
async function* partsOf(chunks: AsyncIterable<Buffer>, size: number): AsyncGenerator<Part, void, undefined> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of chunks) {
    pending.push(chunk);
    pendingBytes += chunk.length;
    while (pendingBytes > size) {
      let all: Buffer | undefined = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
      // Copy the overflow (at most a chunk) so it does not keep the whole part alive after upload.
      pending = [pending.length === 1 ? all.subarray(size) : Buffer.from(all.subarray(size))];
      pendingBytes -= size;
      let part: Part | undefined = { data: all.subarray(0, size), last: false };
      all = undefined;
      yield part;
      part = undefined; // a suspended generator keeps its locals: drop the part once it is sent
    }
  }
  yield { data: Buffer.concat(pending, pendingBytes), last: true };
}

/** Merges two listings that are each in key order; a key in both places is reported once. */
async function* mergeByKey<T extends { key: string }>(a: AsyncIterator<T>, b: AsyncIterator<T>): AsyncGenerator<T> {
  let x = await a.next();
  let y = await b.next();
  while (!x.done || !y.done) {
    if (y.done || (!x.done && x.value.key <= y.value.key)) {
      if (!y.done && !x.done && y.value.key === x.value.key) y = await b.next();
      yield x.value as T;
      x = await a.next();
    } else {
      yield y.value;
      y = await b.next();
    }
  }
}

function toObject(key: string, isPrivate: boolean, stat: BucketItemStat): StoredObject {
  const meta = stat.metaData as Record<string, string | undefined>;
  return {
    key,
    size: stat.size,
    contentType: meta['content-type'] ?? meta['Content-Type'] ?? 'application/octet-stream',
    etag: stat.etag,
    lastModified: stat.lastModified,
    private: isPrivate,
  };
}

function notFound(key: string): StorageError {
  return new StorageError('NOT_FOUND', `No object "${key}"`);
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'NotFound' || code === 'NoSuchKey';
}
