import { Flags } from '@oclif/core';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { PetAmigosCommand } from '../base-command.js';
import { type BackupManifest, isEmptyDir, runPgTool, storageDriver } from '../lib/backup.js';
import { loadConfigCore } from '../lib/core.js';
import { CliError } from '../lib/errors.js';
import { installedPlugins } from '../lib/installed-plugins.js';

export default class Backup extends PetAmigosCommand {
  static override summary = 'Back up the database and uploaded files into a folder.';
  static override description =
    'Writes a folder with the database (the embedded PGlite data folder, copied while no process has it open; or a pg_dump custom-format dump of PostgreSQL), the local storage folder, and a manifest.json naming the kernel version and plugins. `petamigos restore <folder>` puts it back. On the embedded database stop `petamigos start` first (the command says so if you forget). Files on S3/MinIO are not copied: use bucket versioning or `mc mirror` for those. pg_dump must be installed for PostgreSQL (`apt-get install postgresql-client`).';

  static override examples = [
    { description: 'Into backups/petamigos-<date>/', command: '<%= config.bin %> backup' },
    { description: 'Somewhere else, for a nightly job', command: 'DATABASE_URL=postgres://petamigos@db:5432/petamigos <%= config.bin %> backup --out /srv/backups/$(date +%F)' },
  ];

  static override flags = {
    out: Flags.string({ char: 'o', description: 'Folder to write (must not exist or be empty). Default: backups/petamigos-<date-time>.' }),
  };

  static override enableJsonFlag = true;

  async run(): Promise<{ dir: string; manifest: BackupManifest }> {
    const { flags } = await this.parse(Backup);
    const config = await this.loadConfig(flags.config);
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    const dir = resolve(flags.out ?? join(config.rootDir, 'backups', `petamigos-${stamp}`));
    if (!isEmptyDir(dir)) throw new CliError(`${relative(process.cwd(), dir) || dir} is not empty; pick another --out`, { code: 'BACKUP_EXISTS' });
    const { KERNEL_VERSION } = await loadConfigCore();
    const plugins = [...(await installedPlugins(config)).enabled];
    mkdirSync(dir, { recursive: true });

    let database: BackupManifest['database'];
    if (config.database.url) {
      this.logToStderr('dumping PostgreSQL (pg_dump)…');
      await runPgTool('pg_dump', config.database.url, ['--format=custom', '--no-owner', '--no-privileges', '--file', join(dir, 'database.pgdump')]);
      database = { driver: 'postgresql', path: 'database.pgdump' };
    } else {
      const dataDir = config.database.pglite.dataDir;
      if (!existsSync(join(dataDir, 'PG_VERSION'))) throw new CliError(`there is no embedded database at ${relative(process.cwd(), dataDir) || dataDir} yet; nothing to back up`, { code: 'NOTHING_TO_BACK_UP' });
      // Holding the lock guarantees no process writes the folder while it is copied.
      const release = this.lockDatabase(config);
      try {
        this.logToStderr('copying the embedded database…');
        cpSync(dataDir, join(dir, 'database.pglite'), { recursive: true });
      } finally {
        release();
      }
      database = { driver: 'pglite', path: 'database.pglite' };
    }

    let storage: BackupManifest['storage'];
    if (storageDriver(config) === 's3') {
      storage = { driver: 's3', path: null, note: `files stay in the S3 bucket "${config.storage.s3.bucket}": back it up with bucket versioning or \`mc mirror\`` };
    } else if (existsSync(config.storage.local.dir)) {
      this.logToStderr('copying uploaded files…');
      cpSync(config.storage.local.dir, join(dir, 'storage'), { recursive: true });
      storage = { driver: 'local', path: 'storage' };
    } else {
      storage = { driver: 'local', path: null, note: 'no files uploaded yet' };
    }

    const manifest: BackupManifest = { format: 'petamigos-backup/1', createdAt: new Date().toISOString(), kernelVersion: KERNEL_VERSION, site: config.site.name, database, storage, plugins };
    writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    this.log(`✔ backed up ${config.site.name} to ${relative(process.cwd(), dir) || dir}`);
    this.log(`  database: ${database.driver} → ${database.path}`);
    this.log(`  files:    ${storage.path ? `${storage.driver} → ${storage.path}` : storage.note}`);
    this.log(`\nRestore with \`petamigos restore ${relative(process.cwd(), dir) || dir}\`.`);
    return { dir, manifest };
  }
}
