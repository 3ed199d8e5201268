import type { Hook } from '@oclif/core';
import { closest } from '../lib/installed-plugins.js';
import { errorCode, isOperatorError } from '../lib/errors.js';
import { findPluginWithCommands, pluginHelp, runPluginCommand, takeConfigFlag } from '../lib/plugin-commands.js';

/**
 * `petamigos <plugin> <command>`: oclif found no command of its own by that name, so it may be one
 * a plugin declares in its manifest. Anything else is reported with the nearest real command.
 */
const hook: Hook.CommandNotFound = async function (options) {
  const [name, ...rest] = options.id.split(':');
  const { argv, config } = takeConfigFlag([...rest, ...(options.argv ?? [])]);
  try {
    const target = name ? await findPluginWithCommands(name, config) : undefined;
    if (target) {
      const [command, ...commandArgv] = argv;
      if (!command) {
        process.stdout.write(pluginHelp(target.manifest));
        return;
      }
      await runPluginCommand(target, command, commandArgv);
      return;
    }
  } catch (error) {
    if (!isOperatorError(error as Error)) throw error;
    process.stderr.write(`✖ ${(error as Error).message}\n`);
    if (argv.includes('--json')) process.stdout.write(`${JSON.stringify({ error: { code: errorCode(error as Error), message: (error as Error).message } })}\n`);
    this.exit((error as { exit?: number }).exit ?? 1);
  }
  const ids = [...new Set(options.config.commandIDs.map((id) => id.replace(/:/g, ' ')))];
  const hint = closest(options.id.replace(/:/g, ' '), ids);
  process.stderr.write(`✖ command "${options.id.replace(/:/g, ' ')}" not found${hint ? ` (did you mean "${hint}"?)` : ''}; \`petamigos --help\` lists every command\n`);
  this.exit(2);
};

export default hook;
