import type { Transaction } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';

/** Runs SQL (`?` placeholders) on the pool, or inside a transaction when one is given. */
export type Sql = <Row = Record<string, unknown>>(query: string, params?: unknown[]) => Promise<Row[]>;

export function sqlFor(orm: MikroORM, trx?: Transaction): Sql {
  const connection = orm.em.getConnection();
  return (query, params = []) => connection.execute(query, params as never[], 'all', trx);
}

/** Runs `fn` in one transaction with a Sql bound to it. */
export function transaction<T>(orm: MikroORM, fn: (sql: Sql) => Promise<T>): Promise<T> {
  const connection = orm.em.getConnection();
  return connection.transactional((trx: Transaction) => fn(sqlFor(orm, trx)));
}
