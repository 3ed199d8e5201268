import { StorageError } from './errors.js';

/**
 * Object keys are `/`-separated segments of `A-Z a-z 0-9 . _ -`, where no segment is empty or
 * starts with a dot. That rules out `..`, `.`, absolute paths, backslashes, NULs, percent-encoding
 * tricks and hidden files in one rule, so a key can be joined to a folder or a URL as is: path
 * traversal is impossible by construction, not by sanitising. The same keys work on every driver.
 */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;
export const MAX_KEY_LENGTH = 1024;

export function checkKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH || !key.split('/').every((s) => SEGMENT.test(s))) {
    throw new StorageError('INVALID_KEY', `Invalid storage key ${JSON.stringify(String(key).slice(0, 200))}: use "/"-separated segments of letters, digits, ".", "_" and "-", none empty or starting with "."`);
  }
  return key;
}

/** A listing prefix: whole segments, optionally ending in "/" or in the start of a segment. */
export function checkPrefix(prefix: string): string {
  if (typeof prefix !== 'string') throw new StorageError('INVALID_KEY', 'A storage prefix must be a string');
  if (prefix === '') return prefix;
  const segments = prefix.split('/');
  const last = segments.pop()!;
  if (prefix.length > MAX_KEY_LENGTH || !segments.every((s) => SEGMENT.test(s)) || (last !== '' && !SEGMENT.test(last))) {
    throw new StorageError('INVALID_KEY', `Invalid storage prefix ${JSON.stringify(prefix.slice(0, 200))}`);
  }
  return prefix;
}

/** A namespace is a folder: "feed" becomes "feed/", so "feed" can never list "feedback/…". */
export function namespacePrefix(prefix: string): string {
  return `${checkKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix)}/`;
}

/** Today's key characters need no encoding; encoding anyway keeps URLs right if the rules ever widen. */
export function keyToUrlPath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}
