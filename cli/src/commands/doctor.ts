import { PetAmigosCommand } from '../base-command.js';
import { checkDatabase, checkFfmpeg, checkWebFrontend, checkMail, checkMigrations, checkNode, checkPlugins, checkPublicUrl, checkRedis, checkSearch, checkSecret, checkStorage, type CheckResult } from '../lib/doctor-checks.js';
import { loadCore } from '../lib/core.js';

const MARK = { ok: '✔', warn: '⚠', fail: '✖' } as const;

export default class Doctor extends PetAmigosCommand {
  static override summary = 'Check this installation: Node.js, config, database, migrations, Redis, storage, search, mail, ffmpeg.';
  static override description =
    'Runs every check and prints each as ok, warn or fail, with what to do about anything that is not ok. Only what the configuration uses is contacted: Redis, S3/MinIO, Meilisearch and SMTP are checked when configured. Exits 1 when any check fails (warnings do not), so it fits in deploy scripts and container health checks. Nothing is changed, except that a file is written and removed again in the local storage folder to prove it is writable.';

  static override examples = [
    { description: 'Check the installation in this folder', command: '<%= config.bin %> doctor' },
    { description: 'Check production settings from a deploy script', command: 'DATABASE_URL=postgres://petamigos@db:5432/petamigos REDIS_URL=redis://redis:6379 <%= config.bin %> doctor --json' },
  ];

  static override enableJsonFlag = true;

  async run(): Promise<{ ok: boolean; checks: CheckResult[] }> {
    const { flags } = await this.parse(Doctor);
    const checks: CheckResult[] = [];
    const report = (result: CheckResult) => {
      checks.push(result);
      if (this.jsonEnabled()) return;
      this.log(`  ${MARK[result.status]} ${result.name.padEnd(12)} ${result.message}`);
      if (result.fix) this.log(`  ${' '.repeat(14)} → ${result.fix}`);
    };

    report(checkNode());
    let config;
    try {
      config = await this.loadConfig(flags.config);
      report({ name: 'config', status: 'ok', message: config.configFile ? `${config.configFile} is valid` : 'no petamigos.config.ts: embedded defaults (`petamigos init` writes a commented one)' });
    } catch (error) {
      report({ name: 'config', status: 'fail', message: (error as Error).message, fix: 'fix the key it names; every other check needs a valid configuration' });
    }

    if (config) {
      const { chooseDrivers } = await loadCore();
      if (!this.jsonEnabled()) this.log(`  ${' '.repeat(14)}   services: ${chooseDrivers(config).map((d) => `${d.service}=${d.driver}`).join(', ')}`);
      report(checkSecret(config));
      report(checkPublicUrl(config));
      for (const result of await checkPlugins(config)) report(result);
      const { result, foundation } = await checkDatabase(() => this.openFoundation(config), config);
      report(result);
      if (foundation) {
        try {
          report(await checkMigrations(foundation));
        } finally {
          await foundation.close().catch(() => {});
        }
      }
      const [redis, storage, search, mail, ffmpeg, web] = await Promise.all([checkRedis(config), checkStorage(config), checkSearch(config), checkMail(config), checkFfmpeg(config), checkWebFrontend(config)]);
      for (const r of [redis, storage, search, mail, ffmpeg, web]) report(r);
    }

    const count = (s: CheckResult['status']) => checks.filter((c) => c.status === s).length;
    const ok = count('fail') === 0;
    if (!this.jsonEnabled()) {
      this.log(`\n  ${count('ok')} ok, ${count('warn')} warning(s), ${count('fail')} failed`);
    }
    if (!ok) process.exitCode = 1;
    return { ok, checks };
  }
}
