import { existsSync, readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Transaction } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/postgresql';
import { tablePrefixOf } from '../../plugins/validate-manifest.js';

/** One owner's migrations: the kernel's own, or one plugin's. */
export interface MigrationSet {
  owner: string;
  dir: string | URL | undefined;
  /** Tables created by this owner's migrations must start with this prefix. */
  tablePrefix: string;
}

export interface MigrationStatus {
  owner: string;
  name: string;
  applied: boolean;
  appliedAt: Date | null;
  /** Applied, but the file is gone (a plugin was downgraded or a file deleted). */
  missing: boolean;
}

export interface MigrationProgress {
  owner: string;
  name: string;
  index: number;
  total: number;
}

export class MigrationError extends Error {
  constructor(readonly owner: string, readonly migration: string, cause: unknown) {
    super(`migration ${migration} of ${owner} failed: ${(cause as Error).message}`, { cause });
    this.name = 'MigrationError';
  }
}

type MigrationClass = new (...args: ConstructorParameters<typeof Migration>) => Migration;

const LOCK = "select pg_advisory_xact_lock(hashtext('petamigos:migrations'))";
const RUNNING_FROM_SOURCE = import.meta.url.endsWith('.ts');

/**
 * Runs MikroORM migration classes per owner and records them in `kernel_migration`, so each plugin
 * has its own history. Every migration runs in its own transaction together with its bookkeeping
 * row: a failing one rolls back alone and everything before it stays applied.
 */
export class MigrationRunner {
  constructor(private readonly orm: MikroORM) {}

  static kernelSet(): MigrationSet {
    return { owner: 'kernel', dir: new URL('./kernel/', import.meta.url), tablePrefix: 'kernel_' };
  }

  static pluginSet(name: string, dir: string | URL | undefined): MigrationSet {
    return { owner: name, dir, tablePrefix: tablePrefixOf(name) };
  }

  async ensureHistoryTable(): Promise<void> {
    await this.connection.execute(
      `create table if not exists kernel_migration (
         owner text not null,
         name text not null,
         applied_at timestamptz not null default now(),
         primary key (owner, name)
       )`,
    );
  }

  async status(sets: MigrationSet[]): Promise<MigrationStatus[]> {
    await this.ensureHistoryTable();
    const applied = await this.appliedRows();
    const result: MigrationStatus[] = [];
    for (const set of sets) {
      const files = listMigrationFiles(set.dir);
      const names = new Set(files.map((f) => f.name));
      for (const file of files) {
        const at = applied.get(`${set.owner}/${file.name}`) ?? null;
        result.push({ owner: set.owner, name: file.name, applied: at !== null, appliedAt: at, missing: false });
      }
      for (const [key, at] of applied) {
        const [owner, name] = splitKey(key);
        if (owner === set.owner && !names.has(name)) result.push({ owner, name, applied: true, appliedAt: at, missing: true });
      }
    }
    return result;
  }

  async pending(sets: MigrationSet[]): Promise<MigrationStatus[]> {
    return (await this.status(sets)).filter((m) => !m.applied);
  }

  /** Applies every pending migration, owners in the order given (kernel first, then dependencies). */
  async up(sets: MigrationSet[], onProgress?: (p: MigrationProgress) => void): Promise<MigrationStatus[]> {
    const pending = await this.pending(sets);
    const done: MigrationStatus[] = [];
    for (const [index, item] of pending.entries()) {
      const set = sets.find((s) => s.owner === item.owner)!;
      onProgress?.({ owner: item.owner, name: item.name, index, total: pending.length });
      const ran = await this.runOne(set, item.name, 'up');
      if (ran) done.push({ ...item, applied: true, appliedAt: new Date() });
    }
    return done;
  }

  /** Reverts the newest applied migration of one owner; returns its name, or null if none. */
  async down(set: MigrationSet): Promise<string | null> {
    const applied = (await this.status([set])).filter((m) => m.applied);
    const last = applied.sort((a, b) => a.name.localeCompare(b.name)).pop();
    if (!last) return null;
    if (last.missing) throw new MigrationError(set.owner, last.name, new Error('its file no longer exists, so it cannot be reverted'));
    await this.runOne(set, last.name, 'down');
    return last.name;
  }

  private get connection() {
    return this.orm.em.getConnection();
  }

  private async appliedRows(): Promise<Map<string, Date>> {
    const rows = await this.connection.execute<Array<{ owner: string; name: string; applied_at: Date }>>(
      'select owner, name, applied_at from kernel_migration',
    );
    return new Map(rows.map((r) => [`${r.owner}/${r.name}`, new Date(r.applied_at)]));
  }

  private async runOne(set: MigrationSet, name: string, direction: 'up' | 'down'): Promise<boolean> {
    const file = listMigrationFiles(set.dir).find((f) => f.name === name);
    if (!file) throw new MigrationError(set.owner, name, new Error('migration file not found'));
    let MigrationCtor: MigrationClass;
    try {
      MigrationCtor = migrationClassOf(await import(pathToFileURL(file.path).href), file.path);
    } catch (error) {
      throw new MigrationError(set.owner, name, error);
    }
    try {
      return await this.connection.transactional(async (trx: Transaction) => {
        await this.connection.execute(LOCK, [], 'run', trx);
        // Another process may have applied it while we waited for the lock.
        const [row] = await this.connection.execute<Array<{ n: number }>>(
          'select count(*)::int as n from kernel_migration where owner = ? and name = ?', [set.owner, name], 'all', trx,
        );
        if ((row?.n ?? 0) > 0 === (direction === 'up')) return false;
        const before = direction === 'up' ? await this.tables(trx) : new Set<string>();
        const migration = new MigrationCtor(this.orm.em.getDriver(), this.orm.config);
        migration.reset();
        migration.setTransactionContext(trx);
        await (direction === 'up' ? migration.up() : migration.down());
        for (const sql of migration.getQueries()) {
          if (typeof sql === 'string' && sql.trim() === '') continue;
          await this.connection.execute(sql as string, [], 'run', trx);
        }
        if (direction === 'up') {
          const created = [...(await this.tables(trx))].filter((t) => !before.has(t) && !t.startsWith(set.tablePrefix));
          if (created.length > 0) {
            throw new Error(`it created table ${created.join(', ')}; ${set.owner}'s tables must start with "${set.tablePrefix}"`);
          }
          await this.connection.execute('insert into kernel_migration (owner, name) values (?, ?)', [set.owner, name], 'run', trx);
        } else {
          await this.connection.execute('delete from kernel_migration where owner = ? and name = ?', [set.owner, name], 'run', trx);
        }
        return true;
      });
    } catch (error) {
      throw error instanceof MigrationError ? error : new MigrationError(set.owner, name, error);
    }
  }

  private async tables(trx: Transaction): Promise<Set<string>> {
    const rows = await this.connection.execute<Array<{ table_name: string }>>(
      "select table_name from information_schema.tables where table_schema = current_schema()", [], 'all', trx,
    );
    return new Set(rows.map((r) => r.table_name));
  }
}

/** Migration files sorted by name; the name drops the extension so source and built forms agree. */
export function listMigrationFiles(dir: string | URL | undefined): Array<{ name: string; path: string }> {
  if (!dir) return [];
  const path = dir instanceof URL ? fileURLToPath(dir) : dir;
  if (!existsSync(path)) return [];
  const byName = new Map<string, string>();
  for (const entry of readdirSync(path).sort()) {
    if (entry.endsWith('.d.ts') || entry.endsWith('.d.mts')) continue;
    const ext = extname(entry);
    const usable = ext === '.js' || ext === '.mjs' || (RUNNING_FROM_SOURCE && (ext === '.ts' || ext === '.mts'));
    if (!usable) continue;
    const name = basename(entry, ext);
    // If both a built .js and its .ts source sit together, one migration is meant, not two.
    if (!byName.has(name)) byName.set(name, join(path, entry));
  }
  return [...byName].map(([name, p]) => ({ name, path: p })).sort((a, b) => a.name.localeCompare(b.name));
}

function migrationClassOf(mod: Record<string, unknown>, file: string): MigrationClass {
  const candidates = [mod.default, ...Object.values(mod)];
  const found = candidates.find(
    (v): v is MigrationClass => typeof v === 'function' && typeof (v as { prototype?: { up?: unknown } }).prototype?.up === 'function',
  );
  if (!found) throw new Error(`${file} exports no migration class (export class ... extends Migration with up())`);
  return found;
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}
