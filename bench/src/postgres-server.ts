import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { safeUrl } from '@petamigos/core';

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates a throwaway database on the server, so the bench never touches existing data and can
 * drop everything it made at the end.
 */
export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `petamigos_bench_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      // `with (force)` ends connections a crashed run may have left, instead of failing on them.
      await withAdmin(serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}

async function withAdmin(serverUrl: string, fn: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`PostgreSQL at ${safeUrl(serverUrl)} is not reachable: ${(error as Error).message}`);
  }
  try {
    await fn(admin);
  } finally {
    await admin.end();
  }
}
