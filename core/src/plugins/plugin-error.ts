/** A plugin cannot be loaded, ordered or enabled; the message names the plugins and ranges involved. */
export class PluginError extends Error {
  constructor(
    message: string,
    readonly plugins: string[] = [],
  ) {
    super(message);
    this.name = 'PluginError';
  }
}
