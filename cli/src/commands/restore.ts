import { Args, Flags } from '@oclif/core';
import { cpSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { PetAmigosCommand } from '../base-command.js';
import { type BackupManifest, isEmptyDir, runPgTool, storageDriver } from '../lib/backup.js';
import { CliError } from '../lib/errors.js';

export default class Restore extends PetAmigosCommand {
  static override summary = 'Restore a backup made by `petamigos backup`.';
  static override description =
    'Puts the database and the uploaded files of a backup folder back into this installation. It refuses to overwrite anything unless --force: then the current embedded database and storage folder are moved aside (`<folder>.before-restore-<date>`), and on PostgreSQL the restored objects replace existing ones (pg_restore --clean). A backup restores into the same kind of database it was made from. Afterwards run `petamigos migrate` if this installation\'s code is newer than the backup, then `petamigos doctor`.';

  static override examples = [
    { description: 'Into a fresh installation', command: '<%= config.bin %> restore backups/petamigos-20261123-021500' },
    { description: 'Over the current data (moved aside first)', command: '<%= config.bin %> restore backups/petamigos-20261123-021500 --force' },
  ];

  static override args = { dir: Args.string({ description: 'The backup folder.', required: true }) };
  static override flags = { force: Flags.boolean({ description: 'Replace existing data (embedded: moved aside, not deleted).', default: false }) };
  static override enableJsonFlag = true;

  async run(): Promise<{ restored: BackupManifest; movedAside: string[] }> {
    const { args, flags } = await this.parse(Restore);
    const dir = resolve(args.dir);
    const manifestFile = join(dir, 'manifest.json');
    if (!existsSync(manifestFile)) throw new CliError(`${args.dir} is not a PetAmigos backup (no manifest.json)`, { code: 'NOT_A_BACKUP' });
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as BackupManifest;
    if (manifest.format !== 'petamigos-backup/1') throw new CliError(`${args.dir}: unknown backup format ${JSON.stringify(manifest.format)}`, { code: 'NOT_A_BACKUP' });

    const config = await this.loadConfig(flags.config);
    const target = config.database.url ? 'postgresql' : 'pglite';
    if (manifest.database.driver !== target) {
      throw new CliError(`this backup holds a ${manifest.database.driver} database, but this installation uses ${target}; restore it where it came from (${manifest.database.driver === 'pglite' ? 'unset DATABASE_URL' : 'set DATABASE_URL'})`, { code: 'WRONG_DATABASE_KIND' });
    }
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    const movedAside: string[] = [];
    const shown = (p: string) => relative(process.cwd(), p) || p;

    if (target === 'pglite') {
      const dataDir = config.database.pglite.dataDir;
      const release = this.lockDatabase(config);
      try {
        if (!isEmptyDir(dataDir)) {
          if (!flags.force) throw new CliError(`${shown(dataDir)} already holds a database; pass --force to replace it (it is moved aside, not deleted)`, { code: 'RESTORE_WOULD_OVERWRITE' });
          renameSync(dataDir, `${dataDir}.before-restore-${stamp}`);
          movedAside.push(`${dataDir}.before-restore-${stamp}`);
        }
        cpSync(join(dir, manifest.database.path), dataDir, { recursive: true });
      } finally {
        release();
      }
    } else {
      const foundation = await this.openFoundation(config);
      let tables: number;
      try {
        const [row] = await foundation.db.orm.em.getConnection().execute<Array<{ n: number }>>("select count(*)::int as n from information_schema.tables where table_schema = 'public'", [], 'all');
        tables = row?.n ?? 0;
      } finally {
        await foundation.close();
      }
      if (tables > 0 && !flags.force) throw new CliError(`the database already has ${tables} table(s); restore into an empty database, or pass --force to replace what the backup contains`, { code: 'RESTORE_WOULD_OVERWRITE' });
      this.logToStderr('restoring PostgreSQL (pg_restore)…');
      await runPgTool('pg_restore', config.database.url!, ['--no-owner', '--no-privileges', ...(tables > 0 ? ['--clean', '--if-exists'] : []), '--exit-on-error', join(dir, manifest.database.path)]);
    }

    if (manifest.storage.path && storageDriver(config) === 'local') {
      const storageDir = config.storage.local.dir;
      if (!isEmptyDir(storageDir)) {
        if (!flags.force) throw new CliError(`the database was restored, but ${shown(storageDir)} is not empty; pass --force to replace the files too`, { code: 'RESTORE_WOULD_OVERWRITE' });
        renameSync(storageDir, `${storageDir}.before-restore-${stamp}`);
        movedAside.push(`${storageDir}.before-restore-${stamp}`);
      }
      cpSync(join(dir, manifest.storage.path), storageDir, { recursive: true });
    }

    this.log(`✔ restored ${manifest.site}'s backup of ${manifest.createdAt} (kernel ${manifest.kernelVersion})`);
    for (const moved of movedAside) this.log(`  the previous data is kept in ${shown(moved)}`);
    if (manifest.storage.note) this.log(`  files: ${manifest.storage.note}`);
    this.log('\nNext: `petamigos migrate` if this installation is newer than the backup, then `petamigos doctor`.');
    return { restored: manifest, movedAside };
  }
}
