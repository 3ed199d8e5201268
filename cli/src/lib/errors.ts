/**
 * An operator-facing failure: printed as one line (`✖ message`, or `{"error":{...}}` with --json)
 * with no stack trace, and the given exit code.
 */
export class CliError extends Error {
  readonly code: string;
  readonly exit: number;
  constructor(message: string, options: { code?: string; exit?: number } = {}) {
    super(message);
    this.name = 'CliError';
    this.code = options.code ?? 'CLI_ERROR';
    this.exit = options.exit ?? 1;
  }
}

/** Errors the kernel throws at operators: their messages already say what is wrong and what to do. */
const KERNEL_ERRORS = new Set(['ConfigError', 'PluginError', 'MigrationsPendingError', 'MigrationError', 'HttpError']);

export function isOperatorError(error: Error): boolean {
  return error instanceof CliError || KERNEL_ERRORS.has(error.name) || /^could not (connect|start)/.test(error.message);
}

export function errorCode(error: Error): string {
  if (error instanceof CliError) return error.code;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
  return error.name === 'Error' ? 'ERROR' : error.name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}
