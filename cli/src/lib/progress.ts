/**
 * A progress display on stderr (stdout stays for results and --json). On a terminal it redraws
 * one bar in place; elsewhere (CI logs, pipes) it prints a line at every tenth of the way, so logs
 * show progress without thousands of lines.
 */
export interface Progress {
  tick(label?: string): void;
  done(summary?: string): void;
}

export function progress(title: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = Boolean(stream.isTTY);
  const width = 28;
  let current = 0;
  let lastTenth = -1;
  const render = (label: string) => {
    const filled = total === 0 ? width : Math.round((current / total) * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const line = `${title} ${bar} ${current}/${total}${label ? ` ${label}` : ''}`;
    const columns = stream.columns ?? 100;
    stream.write(`\r${line.slice(0, columns - 1)}\x1b[K`);
  };
  return {
    tick(label = '') {
      current++;
      if (tty) return render(label);
      const tenth = total === 0 ? 10 : Math.floor((current / total) * 10);
      if (tenth !== lastTenth || current === total) {
        lastTenth = tenth;
        stream.write(`${title} ${current}/${total}${label ? ` ${label}` : ''}\n`);
      }
    },
    done(summary) {
      if (tty) stream.write('\n');
      if (summary) stream.write(`${summary}\n`);
    },
  };
}
