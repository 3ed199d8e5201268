import { Args, Flags } from '@oclif/core';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PetAmigosCommand } from '../base-command.js';
import { loadConfigCore, type ConfigCore } from '../lib/core.js';
import { CliError } from '../lib/errors.js';
import { configTemplate, envExampleFromKernel, type InitAnswers } from '../lib/init-templates.js';
import { canPrompt, Prompter } from '../lib/prompt.js';

export default class Init extends PetAmigosCommand {
  static override summary = 'Create a new installation: petamigos.config.ts, .env.example and a data folder.';
  static override description =
    'Writes a commented petamigos.config.ts (every section with its embedded default), a .env.example documenting every environment variable, a data/ folder for the embedded database and uploads, and, when missing, a package.json and a .gitignore. On a terminal it asks for the site name, public URL and default language; with --yes, or when not on a terminal, it asks nothing and uses the flags and defaults. An existing config is never overwritten without --force (the old one is kept as .bak).';

  static override examples = [
    { description: 'Set up the current folder, answering the questions', command: '<%= config.bin %> init' },
    { description: 'A new folder, no questions', command: "<%= config.bin %> init amigos-oaxaca --yes --name 'Amigos de Oaxaca' --url https://amigos.example.mx" },
  ];

  static override args = { dir: Args.string({ description: 'Folder to set up (created if missing).', default: '.' }) };

  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Ask nothing; use the flags and defaults.', default: false }),
    force: Flags.boolean({ description: 'Overwrite an existing petamigos.config.ts (kept as petamigos.config.ts.bak) and .env.example.', default: false }),
    name: Flags.string({ description: 'Site name shown in the UI and mails.' }),
    url: Flags.string({ description: 'Public URL of the installation.' }),
    locale: Flags.string({ description: 'Default language, e.g. es-MX, en, pt-BR.' }),
  };

  static override enableJsonFlag = true;

  async run(): Promise<{ dir: string; created: string[]; kept: string[] }> {
    const { args, flags } = await this.parse(Init);
    const dir = resolve(args.dir);
    const core = await loadConfigCore();
    const existing = core.CONFIG_FILE_NAMES.map((n) => join(dir, n)).find((f) => existsSync(f));
    if (existing && !flags.force) {
      throw new CliError(`${relative(process.cwd(), existing) || existing} already exists; edit it, or run \`petamigos init --force\` to replace it (the old one is kept as ${basename(existing)}.bak)`, { code: 'CONFIG_EXISTS' });
    }

    const defaults: InitAnswers = { name: flags.name ?? 'PetAmigos', publicUrl: flags.url ?? 'http://localhost:3000', locale: flags.locale ?? 'es-MX' };
    let answers = defaults;
    if (!flags.yes && !this.jsonEnabled() && canPrompt()) {
      const prompter = new Prompter();
      try {
        answers = {
          name: flags.name ?? (await prompter.ask('Site name?', defaults.name)),
          publicUrl: flags.url ?? (await prompter.ask('Public URL?', defaults.publicUrl)),
          locale: flags.locale ?? (await prompter.ask('Default language?', defaults.locale)),
        };
      } finally {
        prompter.close();
      }
    }
    if (!/^https?:\/\/\S+$/.test(answers.publicUrl)) throw new CliError(`--url: expected an http(s) URL, found "${answers.publicUrl}"`, { code: 'INVALID_INPUT', exit: 2 });
    if (!/^[a-z]{2}(-[A-Z]{2})?$/.test(answers.locale)) throw new CliError(`--locale: expected a language such as es-MX or en, found "${answers.locale}"`, { code: 'INVALID_INPUT', exit: 2 });

    mkdirSync(join(dir, 'data'), { recursive: true });
    const created: string[] = [];
    const kept: string[] = [];
    const write = (name: string, content: string, overwrite: boolean) => {
      const file = join(dir, name);
      if (existsSync(file) && !overwrite) {
        kept.push(name);
        return;
      }
      writeFileSync(file, content);
      created.push(name);
    };

    const configFile = existing ?? join(dir, 'petamigos.config.ts');
    if (existing) copyFileSync(existing, `${existing}.bak`);
    write(basename(configFile), configTemplate(answers), true);
    write('.env.example', envExample(core), flags.force);
    write('.gitignore', 'node_modules/\ndist/\n/data/\n.env\n', false);
    write('package.json', `${JSON.stringify(packageJson(dir, core.KERNEL_VERSION), null, 2)}\n`, false);
    created.push('data/');

    if (!this.jsonEnabled()) {
      const where = relative(process.cwd(), dir);
      this.log(`PetAmigos installation ready in ${where || 'this folder'}:`);
      for (const name of created) this.log(`  ✔ ${name}`);
      for (const name of kept) this.log(`  • ${name} (kept as it was)`);
      this.log('\nNext:');
      if (where) this.log(`  cd ${where}`);
      if (created.includes('package.json')) this.log('  npm install');
      this.log('  npx petamigos doctor                                     # check the setup');
      this.log('  npx petamigos users create --admin --username admin --email you@example.com');
      this.log('  npx petamigos start                                      # http://localhost:3000');
    }
    return { dir, created, kept };
  }
}

/** This repository's hand-written .env.example when the CLI runs from it; otherwise one made from the kernel's tables. */
function envExample(core: ConfigCore): string {
  const repoFile = fileURLToPath(new URL('../../../.env.example', import.meta.url));
  const repoPackage = fileURLToPath(new URL('../../../package.json', import.meta.url));
  if (existsSync(repoFile) && existsSync(repoPackage) && (JSON.parse(readFileSync(repoPackage, 'utf8')) as { name?: string }).name === 'petamigos') {
    const text = readFileSync(repoFile, 'utf8');
    // The hand-written file can lag behind the kernel: document what it does not mention yet.
    const generated = envExampleFromKernel(core).split('\n');
    const missing = [...core.envOverrides, ...core.secretVariables]
      .map((v) => v.env)
      .filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(text))
      .flatMap((name) => {
        const at = generated.indexOf(`# ${name}=`);
        return [generated[at - 1]!, generated[at]!];
      });
    return missing.length === 0 ? text : `${text.trimEnd()}\n\n# ---------------------------------------------------------------- also read by the kernel\n${missing.join('\n')}\n`;
  }
  return envExampleFromKernel(core);
}

function packageJson(dir: string, kernelVersion: string) {
  return {
    name: basename(dir).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'petamigos-site',
    private: true,
    type: 'module',
    engines: { node: '>=20.11' },
    scripts: { start: 'petamigos start --migrate', migrate: 'petamigos migrate', doctor: 'petamigos doctor' },
    dependencies: { '@petamigos/core': `^${kernelVersion}`, '@petamigos/cli': `^${kernelVersion}` },
  };
}
