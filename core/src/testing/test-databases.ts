import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded-postgres.js';

export type TestDatabaseKind = 'pglite' | 'postgres';

/**
 * Which databases the tests run against: both by default, because PGlite is the embedded default
 * and PostgreSQL is production. `PETAMIGOS_TEST_DATABASES=pglite` narrows it on a machine without
 * PostgreSQL; CI never sets it.
 */
export function testDatabases(): TestDatabaseKind[] {
  const raw = process.env.PETAMIGOS_TEST_DATABASES ?? 'pglite,postgres';
  const kinds = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const k of kinds) if (k !== 'pglite' && k !== 'postgres') throw new Error(`PETAMIGOS_TEST_DATABASES: unknown database "${k}" (use pglite, postgres)`);
  return kinds as TestDatabaseKind[];
}

/** The server the PostgreSQL tests create their throwaway databases on. */
export function testPostgresUrl(): string {
  return process.env.PETAMIGOS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

export interface TestDatabase {
  kind: TestDatabaseKind;
  /** For PostgreSQL: the URL of a fresh database of its own. */
  url?: string;
  /** For PGlite: an in-memory server that lives as long as the test kernel, across restarts. */
  embedded?: EmbeddedPostgres;
  /** Drops the database (PostgreSQL) or stops the server (PGlite). */
  drop(): Promise<void>;
}

export async function provisionDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    // Loading an initialised cluster takes ~0.6 s; running initdb every time would take ~4 s.
    const embedded = await startEmbeddedPostgres({ loadDataDir: await pgliteSnapshot() });
    return { kind, embedded, drop: () => embedded.close() };
  }
  const admin = new pg.Client({ connectionString: testPostgresUrl(), connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`tests need PostgreSQL at ${testPostgresUrl()} (${(error as Error).message}); start it, or set PETAMIGOS_TEST_DATABASES=pglite`);
  }
  const name = `petamigos_test_${uuidv7().replace(/-/g, '')}`;
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(testPostgresUrl());
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: testPostgresUrl() });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

let cached: Promise<Blob> | undefined;

/** The installed PGlite's version: a snapshot made by another version must not be reused. */
function pgliteVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

let snapshotFile: Promise<string> | undefined;

/**
 * An empty initialised PGlite cluster as a gzipped tarball on disk, made once per machine and PGlite
 * version and shared by test processes (the CLI tests unpack it into a project's data folder).
 */
export function pgliteSnapshotFile(): Promise<string> {
  snapshotFile ??= (async () => {
    const file = join(tmpdir(), `petamigos-pglite-${pgliteVersion()}.tar.gz`);
    if (!existsSync(file)) {
      const db = await PGlite.create();
      const dump = await db.dumpDataDir('gzip');
      await db.close();
      // Another test process may be writing the same snapshot: write aside, then rename atomically.
      const partial = `${file}.${process.pid}.partial`;
      writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      renameSync(partial, file);
    }
    return file;
  })();
  return snapshotFile;
}

async function pgliteSnapshot(): Promise<Blob> {
  cached ??= pgliteSnapshotFile().then((file) => new Blob([readFileSync(file)]));
  return cached;
}
