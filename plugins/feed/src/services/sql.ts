import type { EntityManager } from '@petamigos/core';

export type Sql = <Row = Record<string, unknown>>(query: string, params?: unknown[]) => Promise<Row[]>;

/** SQL bound to one EntityManager, so statements join the transaction `ctx.db.transaction` opened. */
export function sqlOf(em: EntityManager): Sql {
  return async <Row>(query: string, params: unknown[] = []) => (await em.execute(query, params, 'all')) as unknown as Row[];
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A list of ids as one Postgres array parameter (`= any(?::uuid[])`). */
export function uuidArray(ids: Iterable<string>): string {
  const list = [...ids];
  for (const id of list) if (!UUID.test(id)) throw new TypeError(`not a uuid: ${id}`);
  return `{${list.join(',')}}`;
}

export const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);
