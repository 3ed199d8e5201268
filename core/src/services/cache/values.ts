import type { CacheIncrementOptions, CacheSetOptions } from './index.js';

/**
 * Both drivers store JSON text. In memory that is not for lack of `structuredClone`: it keeps the
 * two drivers identical (a Date or a Map read back as on Redis, so nothing works on a laptop and
 * breaks in production), and a fresh parse on every read means callers can never mutate what is
 * cached.
 */
export function encodeValue(key: string, value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`cache: cannot store ${typeof value} under "${key}" (values must be JSON)`);
  return json;
}

export function decodeValue<T>(json: string | null | undefined): T | undefined {
  return json === null || json === undefined ? undefined : (JSON.parse(json) as T);
}

export function checkKey(key: string, what = 'key'): void {
  if (typeof key !== 'string' || key.length === 0) throw new TypeError(`cache: ${what} must be a non-empty string`);
}

/** Validated options, with 0 meaning "no TTL" so drivers can pass it straight to a script. */
export function checkSetOptions(key: string, options: CacheSetOptions = {}): { ttlMs: number; tags: string[] } {
  checkKey(key);
  const ttlMs = checkTtl(options.ttlMs);
  const tags = [...new Set(options.tags ?? [])];
  for (const tag of tags) checkKey(tag, 'tag');
  return { ttlMs, tags };
}

export function checkIncrementOptions(key: string, options: CacheIncrementOptions = {}): { by: number; ttlMs: number } {
  checkKey(key);
  const by = options.by ?? 1;
  if (!Number.isSafeInteger(by)) throw new RangeError(`cache: increment step must be a safe integer, got ${by}`);
  return { by, ttlMs: checkTtl(options.ttlMs) };
}

function checkTtl(ttlMs: number | undefined): number {
  if (ttlMs === undefined) return 0;
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) throw new RangeError(`cache: ttlMs must be a positive integer of milliseconds, got ${ttlMs}`);
  return ttlMs;
}

/** Namespace prefixes always end in ':' so that one namespace is never a string prefix of another's keys. */
export function namespacePrefix(prefix: string): string {
  checkKey(prefix, 'namespace prefix');
  return prefix.endsWith(':') ? prefix : `${prefix}:`;
}
