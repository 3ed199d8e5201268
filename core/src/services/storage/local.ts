import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyBaseLogger } from 'fastify';
import { StorageError } from './errors.js';
import type { ByteRange, LocalStorageOptions, PutOptions, Storage, StoredObject } from './index.js';
import { checkKey, checkPrefix, keyToUrlPath, namespacePrefix } from './keys.js';
import { NamespacedStorage } from './namespaced.js';
import { sniffBody } from './sniff.js';
import { signedObjectUrl } from './signed-url.js';
import { checkExpiry, checkRange } from './ranges.js';

/*
 * Layout under `dir`:
 *   objects/<key>@meta.json   one small JSON manifest per key: type, size, etag, privacy, blob id
 *   blobs/<2 hex>/<uuid>      the bytes, written once and never modified
 *   tmp/<uuid>                uploads and manifests being written
 * Bytes are streamed to tmp/, renamed into blobs/, and only then does the manifest appear under the
 * key (written to tmp/ and renamed over the old one). Renames are atomic, so a reader, or a restart
 * after a crash, sees the old object or the new one, never half of one; the worst a crash leaves
 * is an unreferenced blob. The `@` suffix cannot occur in a key, so key `a` (`a@meta.json`) and key
 * `a/b` (folder `a/`) never collide, as they do not on S3.
 */
const MANIFEST_SUFFIX = '@meta.json';
const STALE_TMP_MS = 60 * 60 * 1000;

interface Manifest {
  v: 1;
  blob: string;
  size: number;
  contentType: string;
  etag: string;
  lastModified: string;
  private: boolean;
}

export class LocalStorage implements Storage {
  readonly driver = 'local' as const;
  private readonly objectsDir: string;
  private readonly blobsDir: string;
  private readonly tmpDir: string;
  private readonly publicBaseUrl: string;
  /** Serialises writers of one key in this process, so an overwrite frees exactly the blob it replaced. */
  private readonly locks = new Map<string, Promise<void>>();

  private constructor(
    dir: string,
    publicBaseUrl: string,
    private readonly signingSecret: string,
  ) {
    const root = resolve(dir);
    this.objectsDir = join(root, 'objects');
    this.blobsDir = join(root, 'blobs');
    this.tmpDir = join(root, 'tmp');
    this.publicBaseUrl = publicBaseUrl.replace(/\/+$/, '');
  }

  static async open(options: LocalStorageOptions & { signingSecret: string; log: FastifyBaseLogger }): Promise<LocalStorage> {
    const storage = new LocalStorage(options.dir, options.publicBaseUrl, options.signingSecret);
    await Promise.all([storage.objectsDir, storage.blobsDir, storage.tmpDir].map((d) => mkdir(d, { recursive: true })));
    const swept = await storage.sweepTmp();
    if (swept > 0) options.log.info(`storage: removed ${swept} unfinished upload(s) left by an earlier run`);
    return storage;
  }

  async put(key: string, body: NodeJS.ReadableStream | Buffer, options: PutOptions = {}): Promise<StoredObject> {
    const sniffed = await sniffBody(key, body, options);
    const blob = randomUUID();
    const tmp = join(this.tmpDir, blob);
    const hash = createHash('md5');
    let size = 0;
    try {
      await pipeline(
        (async function* () {
          for await (const chunk of sniffed.chunks) {
            hash.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        })(),
        // flush: the bytes are on disk before the rename makes them reachable, so a power cut
        // cannot leave an object of the right name and size full of zeros.
        createWriteStream(tmp, { flags: 'wx', flush: true }),
      );
      await mkdir(dirname(this.blobPath(blob)), { recursive: true });
      await rename(tmp, this.blobPath(blob));
    } catch (error) {
      await sniffed.discard();
      await rm(tmp, { force: true });
      throw error;
    }

    const manifest: Manifest = {
      v: 1,
      blob,
      size,
      contentType: sniffed.contentType,
      etag: hash.digest('hex'),
      lastModified: new Date().toISOString(),
      private: options.private ?? false,
    };
    try {
      await this.locked(key, async () => {
        const previous = await this.readManifest(key);
        await this.writeManifest(key, manifest);
        if (previous && previous.blob !== blob) await rm(this.blobPath(previous.blob), { force: true });
      });
    } catch (error) {
      await rm(this.blobPath(blob), { force: true });
      throw error;
    }
    return toObject(key, manifest);
  }

  async get(key: string, range?: ByteRange): Promise<{ stream: NodeJS.ReadableStream; object: StoredObject }> {
    checkKey(key);
    // An overwrite between reading the manifest and opening its blob deletes that blob; read again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const manifest = await this.readManifest(key);
      if (!manifest) break;
      const { start, end } = checkRange(key, manifest.size, range);
      let handle;
      try {
        handle = await open(this.blobPath(manifest.blob), 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      // Once open, the bytes stay readable even if the blob is unlinked by a later overwrite.
      const stream = manifest.size === 0 ? handle.createReadStream({ start: 0 }) : handle.createReadStream({ start, end });
      return { stream, object: toObject(key, manifest) };
    }
    throw notFound(key);
  }

  async stat(key: string): Promise<StoredObject | null> {
    checkKey(key);
    const manifest = await this.readManifest(key);
    return manifest && toObject(key, manifest);
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.locked(key, async () => {
      const manifest = await this.readManifest(key);
      if (!manifest) return;
      await rm(this.manifestPath(key), { force: true });
      await rm(this.blobPath(manifest.blob), { force: true });
      await this.pruneEmptyFolders(dirname(this.manifestPath(key)));
    });
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    checkPrefix(prefix);
    yield* this.walk(prefix.slice(0, prefix.lastIndexOf('/') + 1), prefix);
  }

  async url(key: string, options: { expiresInSeconds?: number } = {}): Promise<string> {
    const object = await this.stat(key);
    if (!object) throw notFound(key);
    if (!object.private) return `${this.publicBaseUrl}/${keyToUrlPath(key)}`;
    return signedObjectUrl(this.publicBaseUrl, key, checkExpiry(options.expiresInSeconds), this.signingSecret);
  }

  namespace(prefix: string): Storage {
    return new NamespacedStorage(this, namespacePrefix(prefix));
  }

  /** Walks folders in key byte order (a folder `a/` sorts as "a/", after "a-b" and before "a0"), as S3 lists. */
  private async *walk(folderKey: string, prefix: string): AsyncGenerator<StoredObject> {
    let entries;
    try {
      entries = await readdir(join(this.objectsDir, folderKey), { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    const items = entries.flatMap((entry) => {
      if (entry.isDirectory()) return [{ key: `${folderKey}${entry.name}/`, folder: true }];
      if (entry.isFile() && entry.name.endsWith(MANIFEST_SUFFIX)) return [{ key: folderKey + entry.name.slice(0, -MANIFEST_SUFFIX.length), folder: false }];
      return [];
    });
    items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const item of items) {
      if (item.folder) {
        if (item.key.startsWith(prefix) || prefix.startsWith(item.key)) yield* this.walk(item.key, prefix);
      } else if (item.key.startsWith(prefix)) {
        const manifest = await this.readManifest(item.key);
        if (manifest) yield toObject(item.key, manifest);
      }
    }
  }

  private manifestPath(key: string): string {
    return join(this.objectsDir, key + MANIFEST_SUFFIX);
  }

  private blobPath(blob: string): string {
    return join(this.blobsDir, blob.slice(0, 2), blob);
  }

  private async readManifest(key: string): Promise<Manifest | null> {
    try {
      return JSON.parse(await readFile(this.manifestPath(key), 'utf8')) as Manifest;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  private async writeManifest(key: string, manifest: Manifest): Promise<void> {
    const tmp = join(this.tmpDir, `${randomUUID()}.json`);
    await writeFile(tmp, JSON.stringify(manifest), { flag: 'wx', flush: true });
    try {
      // A concurrent delete may prune the folder between mkdir and rename; make it again.
      for (let attempt = 0; ; attempt++) {
        await mkdir(dirname(this.manifestPath(key)), { recursive: true });
        try {
          await rename(tmp, this.manifestPath(key));
          return;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 2) throw error;
        }
      }
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  /** Removes folders left empty by a delete, so listings do not wander through dead branches. */
  private async pruneEmptyFolders(folder: string): Promise<void> {
    for (let current = folder; current.startsWith(this.objectsDir + sep) && current !== this.objectsDir; current = dirname(current)) {
      try {
        await rmdir(current);
      } catch {
        return; // not empty (or already gone): the folders above are not empty either
      }
    }
  }

  private async sweepTmp(): Promise<number> {
    let swept = 0;
    for (const name of await readdir(this.tmpDir)) {
      const path = join(this.tmpDir, name);
      // Only old files: another process sharing the folder may be uploading right now.
      const info = await stat(path).catch(() => null);
      if (info && Date.now() - info.mtimeMs > STALE_TMP_MS) {
        await rm(path, { force: true, recursive: true });
        swept++;
      }
    }
    return swept;
  }

  private async locked<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const mine = previous.then(() => done);
    this.locks.set(key, mine);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.locks.get(key) === mine) this.locks.delete(key);
    }
  }
}

function toObject(key: string, manifest: Manifest): StoredObject {
  return {
    key,
    size: manifest.size,
    contentType: manifest.contentType,
    etag: manifest.etag,
    lastModified: new Date(manifest.lastModified),
    private: manifest.private,
  };
}

function notFound(key: string): StorageError {
  return new StorageError('NOT_FOUND', `No object "${key}"`);
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
