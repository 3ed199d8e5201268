import { createHmac, timingSafeEqual } from 'node:crypto';
import { keyToUrlPath } from './keys.js';

/**
 * Signed URLs for private objects on the local driver: `?expires=<unix seconds>&signature=<hmac>`,
 * where the HMAC-SHA256 covers the key and the expiry, so neither can be changed without the secret.
 * The input starts with a purpose label because the signing secret is the application secret, also
 * used for other MACs: a signature made for one purpose must never verify for another.
 */
const PURPOSE = 'petamigos.storage.url.v1';

export function objectSignature(key: string, expires: number, secret: string): string {
  return createHmac('sha256', secret).update(`${PURPOSE}\n${key}\n${expires}`).digest('base64url');
}

export function signedObjectUrl(baseUrl: string, key: string, expiresInSeconds: number, secret: string, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + expiresInSeconds;
  return `${baseUrl.replace(/\/+$/, '')}/${keyToUrlPath(key)}?expires=${expires}&signature=${objectSignature(key, expires, secret)}`;
}

export type SignatureCheck = 'valid' | 'missing' | 'expired' | 'invalid';

export function checkObjectSignature(key: string, expires: unknown, signature: unknown, secret: string, now = Date.now()): SignatureCheck {
  if (expires === undefined && signature === undefined) return 'missing';
  if (typeof expires !== 'string' || typeof signature !== 'string' || !/^\d{1,12}$/.test(expires)) return 'invalid';
  const expected = Buffer.from(objectSignature(key, Number(expires), secret));
  const given = Buffer.from(signature);
  // Constant-time, so response timing does not reveal how many leading characters were right.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  // Checked after the MAC: an attacker learns nothing about expiry from a forged URL.
  return Number(expires) * 1000 <= now ? 'expired' : 'valid';
}
