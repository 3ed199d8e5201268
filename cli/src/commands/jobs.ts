import { Args, Flags } from '@oclif/core';
import type { FailedJob, JobCounts } from '@petamigos/core';
import { PetAmigosCommand } from '../base-command.js';
import { CliError } from '../lib/errors.js';
import { table } from '../lib/table.js';

export default class Jobs extends PetAmigosCommand {
  static override summary = 'List background jobs and failures; retry failed jobs.';
  static override description =
    'Reads the BullMQ queues on Redis directly: counts by job and state, the cron schedules, and the newest failures with their last error. `retry` runs a failed job again with a fresh set of attempts (one job by name and id, or every failed job with --all). This process never runs jobs itself; the workers (`petamigos start --role worker`, or `--role all`) pick retried jobs up.\n\nOn embedded defaults (no REDIS_URL) jobs live inside the `petamigos start` process, where no other process can see them; an admin reads them from the running server at GET /api/admin/jobs.';

  static override examples = [
    { description: 'Queue health and recent failures', command: '<%= config.bin %> jobs' },
    { description: 'Retry one failed job', command: '<%= config.bin %> jobs retry stories.cleanup 01a2…' },
    { description: 'Retry every failed job of one kind', command: '<%= config.bin %> jobs retry stories.cleanup --all' },
  ];

  static override args = {
    action: Args.string({ description: 'What to do.', options: ['list', 'retry'], default: 'list' }),
    name: Args.string({ description: 'Job name, e.g. stories.cleanup (retry; optional filter for list).' }),
    id: Args.string({ description: 'Job id (retry).' }),
  };

  static override flags = {
    all: Flags.boolean({ description: 'retry: every failed job (of NAME, when given).', default: false }),
    limit: Flags.integer({ description: 'How many failures to show or retry at most.', default: 20, min: 1, max: 1000 }),
  };

  static override enableJsonFlag = true;

  async run(): Promise<unknown> {
    const { args, flags } = await this.parse(Jobs);
    const config = await this.loadConfig(flags.config);
    if (!config.redis.url) {
      throw new CliError(
        'on embedded defaults jobs run inside the `petamigos start` process, so no other process can see them: read them from the running server (GET /api/admin/jobs, as an admin), or set REDIS_URL to run jobs on BullMQ',
        { code: 'JOBS_IN_PROCESS' },
      );
    }
    if (args.action === 'retry' && !args.id && !flags.all) throw new CliError('retry needs a job: `petamigos jobs retry <name> <id>`, or --all for every failed job', { code: 'INVALID_INPUT', exit: 2 });

    // role web: this process enqueues and inspects, but never consumes jobs.
    const kernel = await this.bootKernel(config);
    try {
      const known = Object.keys(await kernel.jobs.counts());
      if (args.name && !known.includes(args.name)) {
        throw new CliError(`no job named ${args.name}; jobs: ${known.join(', ') || 'none (no enabled plugin declares jobs)'}`, { code: 'JOB_NOT_FOUND' });
      }
      if (args.action === 'retry') return await this.retry(kernel.jobs, args.name, args.id, flags);
      return await this.list(kernel.jobs, args.name, flags.limit);
    } finally {
      await kernel.close();
    }
  }

  private async list(jobs: JobsLike, name: string | undefined, limit: number) {
    const counts = await jobs.counts();
    const schedules = (await jobs.schedules()).filter((s) => !name || s.name === name);
    const failed = await jobs.failed({ name, limit });
    if (!this.jsonEnabled()) {
      const names = Object.keys(counts).filter((n) => !name || n === name).sort();
      if (names.length === 0) this.log('No jobs: no enabled plugin declares any.');
      else this.log(table([['JOB', 'WAITING', 'DELAYED', 'ACTIVE', 'COMPLETED', 'FAILED'], ...names.map((n) => [n, ...(['waiting', 'delayed', 'active', 'completed', 'failed'] as const).map((s) => String(counts[n]![s]))])]));
      if (schedules.length > 0) {
        this.log('\nSchedules:');
        this.log(table([['ID', 'CRON', 'TZ', 'JOB', 'NEXT'], ...schedules.map((s) => [s.id, s.cron, s.tz, s.name, s.next?.toISOString() ?? 'never'])]));
      }
      if (failed.length > 0) {
        this.log(`\nFailed (newest first${failed.length === limit ? `, first ${limit}` : ''}):`);
        this.log(table([['JOB', 'ID', 'ATTEMPTS', 'FAILED AT', 'ERROR'], ...failed.map((f) => [f.name, f.id, String(f.attempts), f.failedAt.toISOString(), f.error.split('\n')[0]!.slice(0, 120)])]));
        this.log(`\nRetry one with \`petamigos jobs retry <job> <id>\`, or all with \`petamigos jobs retry --all\`.`);
      }
    }
    return { driver: jobs.driver, counts, schedules, failed };
  }

  private async retry(jobs: JobsLike, name: string | undefined, id: string | undefined, flags: { all: boolean; limit: number }) {
    const targets = flags.all ? (await jobs.failed({ name, limit: flags.limit })).map((f) => ({ name: f.name, id: f.id })) : [{ name: name!, id: id! }];
    const retried: Array<{ name: string; id: string }> = [];
    for (const target of targets) {
      try {
        await jobs.retry(target.name, target.id);
      } catch (error) {
        if ((error as Error).name === 'JobNotFoundError' || /no failed job/.test((error as Error).message)) {
          throw new CliError(`no failed job ${target.id} of ${target.name}; \`petamigos jobs\` lists the failed ones`, { code: 'JOB_NOT_FOUND' });
        }
        throw error;
      }
      retried.push(target);
      this.log(`✔ retried ${target.name} ${target.id}`);
    }
    if (retried.length === 0) this.log('no failed jobs to retry');
    return { retried };
  }
}

/** The part of the kernel's job queue this command uses. */
interface JobsLike {
  driver: string;
  counts(): Promise<Record<string, JobCounts>>;
  schedules(): Promise<Array<{ id: string; cron: string; tz: string; name: string; next: Date | null }>>;
  failed(options?: { name?: string; limit?: number }): Promise<FailedJob[]>;
  retry(name: string, id: string): Promise<void>;
}
