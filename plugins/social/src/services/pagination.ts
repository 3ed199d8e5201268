import { HttpError } from '@petamigos/core';
import { UUID } from './sql.js';

export interface PageRequest {
  cursor?: string;
  limit: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/*
 * Rows are listed newest first by their UUIDv7 id, so "the rest" is simply "ids below the last one
 * seen": stable while new rows arrive. The cursor is that id, wrapped so clients treat it as opaque
 * and we stay free to put more in it later.
 */
export function encodeCursor(id: string): string {
  return Buffer.from(`v1:${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | null {
  if (cursor === undefined || cursor === '') return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = text.startsWith('v1:') ? text.slice(3) : '';
  if (!UUID.test(id)) throw new HttpError(400, 'INVALID_CURSOR', 'The cursor is not one this endpoint gave out.');
  return id.toLowerCase();
}

/** Rows were fetched with `limit + 1`: the extra one only says whether another page exists. */
export function nextCursorOf(rows: ReadonlyArray<{ id: string }>, limit: number): string | null {
  return rows.length > limit ? encodeCursor(rows[limit - 1]!.id) : null;
}
