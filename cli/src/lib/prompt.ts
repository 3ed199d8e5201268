import { createInterface, type Interface } from 'node:readline';

/** Questions are asked only on a terminal; scripts and CI get flags, defaults or a clear error instead. */
export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/**
 * One readline session for all of a command's questions: a new interface per question would drop
 * whatever was typed ahead (or pasted) into the previous one's buffer.
 */
export class Prompter {
  private readonly rl: Interface;
  private muted = false;

  constructor() {
    this.rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const rl = this.rl as unknown as { _writeToOutput(s: string): void; output: NodeJS.WritableStream };
    const write = rl._writeToOutput.bind(rl);
    // readline echoes every keystroke through this; while a secret is typed, nothing is echoed.
    rl._writeToOutput = (s: string) => {
      if (!this.muted) write(s);
    };
  }

  /** Enter keeps the default. */
  ask(question: string, defaultValue = ''): Promise<string> {
    return new Promise((resolve) => this.rl.question(`? ${question}${defaultValue ? ` (${defaultValue})` : ''} `, (answer) => resolve(answer.trim() || defaultValue)));
  }

  /** Asks without echoing what is typed. */
  secret(question: string): Promise<string> {
    return new Promise((resolve) => {
      this.rl.question(`? ${question} `, (answer) => {
        this.muted = false;
        process.stderr.write('\n');
        resolve(answer);
      });
      // The prompt is written synchronously by question(); only the keystrokes after it are hidden.
      this.muted = true;
    });
  }

  close(): void {
    this.rl.close();
  }
}
