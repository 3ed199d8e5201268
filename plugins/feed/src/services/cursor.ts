import { HttpError } from '@petamigos/core';
import { UUID } from './sql.js';

/*
 * Lists are newest first by UUIDv7 id, so "the next page" is "ids below the last one seen": stable
 * while new posts arrive. The cursor wraps that id so clients treat it as opaque.
 */
export function encodeCursor(id: string): string {
  return Buffer.from(`v1:${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | null {
  if (cursor === undefined || cursor === '') return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = text.startsWith('v1:') ? text.slice(3) : '';
  if (!UUID.test(id)) throw invalidCursor();
  return id.toLowerCase();
}

/** Ranked pages are positions in a ranking frozen at the first page (its newest post id). */
export function encodeRankedCursor(newestId: string, offset: number): string {
  return Buffer.from(`r1:${newestId}:${offset}`, 'utf8').toString('base64url');
}

export function decodeRankedCursor(cursor: string | undefined): { newestId: string; offset: number } | null {
  if (cursor === undefined || cursor === '') return null;
  const [tag, id, offset] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  if (tag !== 'r1' || !id || !UUID.test(id) || !/^\d{1,5}$/.test(offset ?? '')) throw invalidCursor();
  return { newestId: id.toLowerCase(), offset: Number(offset) };
}

export const invalidCursor = () => new HttpError(400, 'INVALID_CURSOR', 'The cursor is not one this list gave out; start again from the first page.');
