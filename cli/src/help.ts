import { Help } from '@oclif/core';
import { findPluginWithCommands, pluginHelp, takeConfigFlag } from './lib/plugin-commands.js';

/** oclif's help, plus the commands plugins declare (`petamigos <plugin> [<command>] --help`). */
export default class PetAmigosHelp extends Help {
  override async showHelp(argv: string[]): Promise<void> {
    const { argv: rest, config } = takeConfigFlag(argv);
    const words = rest.filter((a) => !a.startsWith('-'));
    const id = words.join(':');
    if (words.length > 0 && !this.config.findCommand(id) && !this.config.findTopic(id) && !this.config.findCommand(words[0]!) && !this.config.findTopic(words[0]!)) {
      const target = await findPluginWithCommands(words[0]!, config).catch(() => undefined);
      if (target) {
        process.stdout.write(pluginHelp(target.manifest, words[1]));
        return;
      }
    }
    return super.showHelp(argv);
  }

  protected override async showRootHelp(): Promise<void> {
    await super.showRootHelp();
    // Listing them would load every plugin; root help stays instant instead.
    this.log('PLUGIN COMMANDS\n  Plugins can add commands of their own: `petamigos <plugin>` lists them.\n');
  }
}
