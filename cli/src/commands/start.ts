import { Flags } from '@oclif/core';
import { PetAmigosCommand } from '../base-command.js';
import { loadCore } from '../lib/core.js';

export default class Start extends PetAmigosCommand {
  static override summary = 'Run PetAmigos.';
  static override description =
    'Starts the platform with the drivers your configuration selects: embedded defaults (PGlite, in-process jobs and events, local files) when nothing is set, PostgreSQL/Redis/S3/Meilisearch when configured. On embedded defaults pending migrations are applied automatically; against PostgreSQL the web process refuses to start while migrations are pending unless database.autoMigrate is set.';

  static override examples = [
    { description: 'Run everything in one process on embedded defaults', command: '<%= config.bin %> start' },
    { description: 'Run only the HTTP side against PostgreSQL', command: 'DATABASE_URL=postgres://postgres@127.0.0.1:5432/petamigos <%= config.bin %> start --role web' },
    { description: 'Use another port', command: '<%= config.bin %> start --port 8080' },
    { description: 'Apply pending migrations, then run (a single-process install)', command: '<%= config.bin %> start --migrate' },
  ];

  static override flags = {
    role: Flags.string({ description: 'web serves HTTP; worker runs jobs and event handlers; all does both.', options: ['web', 'worker', 'all'], default: 'all' }),
    port: Flags.integer({ char: 'p', description: 'Port to listen on (overrides PORT and server.port).', min: 0, max: 65535 }),
    host: Flags.string({ description: 'Interface to listen on (overrides HOST and server.host).' }),
    migrate: Flags.boolean({
      description: 'Apply pending migrations before starting, also on PostgreSQL (what `npm start` does). Without it, PostgreSQL needs `petamigos migrate` first unless database.autoMigrate is set.',
      default: false,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Start);
    const config = await this.loadConfig(flags.config);
    const log = await this.logger(config);
    const { createKernel } = await loadCore();
    // The web and worker processes of one embedded installation are one process (`--role all`).
    const release = this.lockDatabase(config);
    let kernel;
    try {
      kernel = await createKernel({ config, logger: log, migrate: flags.migrate ? 'apply' : undefined, role: flags.role as 'web' | 'worker' | 'all' });
    } catch (error) {
      release();
      throw error;
    }

    const stop = async (signal: string) => {
      log.info(`${signal} received, shutting down`);
      await kernel.close();
      release();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));

    const drivers = kernel.drivers.map((d) => `${d.service}=${d.driver}${d.embedded ? ' (embedded)' : ''}`).join(', ');
    const plugins = kernel.plugins.enabledNames();
    if (flags.role === 'worker') {
      log.info(`PetAmigos ${kernel.version} worker running; ${drivers}`);
    } else {
      const url = await kernel.listen({ port: flags.port, host: flags.host });
      this.log(`\n  PetAmigos ${kernel.version} is running at ${url}\n`);
      this.log(`  services: ${drivers}`);
      this.log(`  plugins:  ${plugins.length > 0 ? plugins.join(', ') : 'none enabled (add some in petamigos.config.ts)'}`);
      this.log(`  docs:     ${url}/docs   health: ${url}/health   ready: ${url}/ready   metrics: ${url}/metrics\n`);
    }
  }
}
