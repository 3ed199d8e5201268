import type { ByteRange, PutOptions, Storage, StoredObject } from './index.js';
import { checkPrefix, namespacePrefix } from './keys.js';

/**
 * A plugin's folder in the storage: keys are prefixed on the way in and stripped on the way out,
 * so a plugin sees only its own objects and cannot name another's (keys cannot contain `..`).
 * URLs carry the full key, which is what the file server and S3 expect.
 */
export class NamespacedStorage implements Storage {
  readonly driver: Storage['driver'];

  constructor(
    private readonly root: Storage,
    readonly prefix: string,
  ) {
    this.driver = root.driver;
  }

  async put(key: string, body: NodeJS.ReadableStream | Buffer, options?: PutOptions): Promise<StoredObject> {
    return this.strip(await this.root.put(this.full(key), body, options));
  }

  async get(key: string, range?: ByteRange): Promise<{ stream: NodeJS.ReadableStream; object: StoredObject }> {
    const { stream, object } = await this.root.get(this.full(key), range);
    return { stream, object: this.strip(object) };
  }

  async stat(key: string): Promise<StoredObject | null> {
    const object = await this.root.stat(this.full(key));
    return object && this.strip(object);
  }

  delete(key: string): Promise<void> {
    return this.root.delete(this.full(key));
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    checkPrefix(prefix);
    for await (const object of this.root.list(this.prefix + prefix)) yield this.strip(object);
  }

  url(key: string, options?: { expiresInSeconds?: number }): Promise<string> {
    return this.root.url(this.full(key), options);
  }

  namespace(prefix: string): Storage {
    return new NamespacedStorage(this.root, this.prefix + namespacePrefix(prefix));
  }

  /** No check here: the prefix is a valid folder, so `prefix + key` is valid exactly when `key` is, and the root checks it. */
  private full(key: string): string {
    return this.prefix + key;
  }

  private strip(object: StoredObject): StoredObject {
    return { ...object, key: object.key.slice(this.prefix.length) };
  }
}
