import type { Cache, CacheIncrementOptions, CacheSetOptions } from './index.js';
import { checkKey, namespacePrefix } from './values.js';

/**
 * A plugin's view of the cache: keys and tags are prefixed on the way in, so a plugin can neither
 * read nor invalidate another plugin's entries, and prefix or tag deletion stays inside the view.
 * It works on any driver because it only uses the public contract.
 */
export class NamespacedCache implements Cache {
  readonly driver: Cache['driver'];

  constructor(
    private readonly root: Cache,
    readonly prefix: string,
  ) {
    this.driver = root.driver;
  }

  get<T = unknown>(key: string): Promise<T | undefined> {
    checkKey(key);
    return this.root.get<T>(this.prefix + key);
  }

  set(key: string, value: unknown, options: CacheSetOptions = {}): Promise<void> {
    checkKey(key);
    return this.root.set(this.prefix + key, value, { ...options, tags: options.tags?.map((tag) => this.prefix + tag) });
  }

  delete(key: string): Promise<void> {
    checkKey(key);
    return this.root.delete(this.prefix + key);
  }

  deleteByPrefix(prefix: string): Promise<number> {
    return this.root.deleteByPrefix(this.prefix + prefix);
  }

  deleteByTag(tag: string): Promise<number> {
    checkKey(tag, 'tag');
    return this.root.deleteByTag(this.prefix + tag);
  }

  increment(key: string, options?: CacheIncrementOptions): Promise<number> {
    checkKey(key);
    return this.root.increment(this.prefix + key, options);
  }

  namespace(prefix: string): Cache {
    return new NamespacedCache(this.root, this.prefix + namespacePrefix(prefix));
  }

  async close(): Promise<void> {
    // The root cache owns the connection; a plugin closing its view must not cut off the others.
  }
}
