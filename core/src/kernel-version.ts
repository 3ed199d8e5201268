import { readFileSync } from 'node:fs';

// Read at run time so the version reported is the installed package's, in source and built form alike.
export const KERNEL_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
