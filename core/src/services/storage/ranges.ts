import { StorageError } from './errors.js';
import type { ByteRange } from './index.js';

/** Resolves a requested range against the object's size, with HTTP's rules, for every driver alike. */
export function checkRange(key: string, size: number, range: ByteRange | undefined): { start: number; end: number } {
  if (!range) return { start: 0, end: Math.max(size - 1, 0) };
  const { start } = range;
  const end = Math.min(range.end ?? size - 1, size - 1);
  if (!Number.isSafeInteger(start) || start < 0 || (range.end !== undefined && (!Number.isSafeInteger(range.end) || range.end < start))) {
    throw new StorageError('INVALID_RANGE', `Invalid byte range ${JSON.stringify(range)}`, { size });
  }
  if (start >= size) throw new StorageError('INVALID_RANGE', `Byte range starts at ${start}, past the end of "${key}" (${size} bytes)`, { size });
  return { start, end };
}

/** Signed URLs live from one second to seven days: S3's own limits, applied to both drivers. */
export function checkExpiry(expiresInSeconds = 3600): number {
  if (!Number.isSafeInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > 604_800) {
    throw new RangeError(`expiresInSeconds must be an integer from 1 to 604800, got ${expiresInSeconds}`);
  }
  return expiresInSeconds;
}
