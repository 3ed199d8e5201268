import type { EntityManager } from '@petamigos/core';

export type Sql = <Row = Record<string, unknown>>(query: string, params?: unknown[]) => Promise<Row[]>;

/**
 * SQL bound to one EntityManager, so statements run inside the transaction that `ctx.db.transaction`
 * opened (`ctx.db.query` always runs on the pool, outside it). `?` placeholders.
 */
export function sqlOf(em: EntityManager): Sql {
  return async <Row>(query: string, params: unknown[] = []) => (await em.execute(query, params, 'all')) as unknown as Row[];
}

/** A list of ids as one Postgres array parameter (`= any(?::uuid[])`): one placeholder however long the list. */
export function uuidArray(ids: readonly string[]): string {
  for (const id of ids) if (!UUID.test(id)) throw new TypeError(`not a uuid: ${id}`);
  return `{${ids.join(',')}}`;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
