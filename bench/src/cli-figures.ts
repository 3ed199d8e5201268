import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { figure, type Figure } from './figures.js';

const BIN = fileURLToPath(new URL('../../cli/bin/run.js', import.meta.url));
const RUNS = 7;

/** Median wall time of a fresh Node process running `args`. */
function medianMs(args: string[]): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { stdio: 'ignore', env: { PATH: process.env.PATH } });
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}`);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

/**
 * How fast `petamigos --help` answers (the CLI issue asks for under half a second), next to the
 * floor every Node command pays: starting Node itself. The ratio is the CLI's own start-up cost.
 */
export function cliFigures(progress: (message: string) => void): Figure[] {
  progress('cli: timing `petamigos --help` and `petamigos start --help`');
  const bare = medianMs(['-e', '']);
  return [
    figure('cli.help', '[cli] petamigos --help (median of 7 runs; target < 500 ms)', 'ms', medianMs([BIN, '--help']), bare),
    figure('cli.start-help', '[cli] petamigos start --help', 'ms', medianMs([BIN, 'start', '--help']), bare),
  ];
}
