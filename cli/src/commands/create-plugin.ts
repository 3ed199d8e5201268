import { Args, Flags } from '@oclif/core';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { PetAmigosCommand } from '../base-command.js';
import { loadConfigCore } from '../lib/core.js';
import { CliError } from '../lib/errors.js';
import { pluginFiles } from '../lib/plugin-template.js';

/** The kernel's rules for plugin names (core/src/plugins/validate-manifest.ts). */
const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const RESERVED = new Set(['kernel', 'auth', 'admin', 'docs', 'health', 'ready', 'metrics', 'api', 'users', 'realtime', 'search', 'notifications']);

export default class CreatePlugin extends PetAmigosCommand {
  static override summary = 'Scaffold a plugin that passes its own test.';
  static override description =
    'Writes <dir>/<name>/ with everything a plugin has: package.json (source and built entry points, @petamigos/core as a peer), tsconfig.json, the manifest (settings, an entity, a migration, a permission, routes, an emitted event and its handler, account export/delete hooks), locales for en and es-MX, a README, and a test that boots a real kernel on PGlite and PostgreSQL with @petamigos/core/testing. Then it builds the plugin, because `petamigos start` runs built JavaScript. Inside the PetAmigos repository the plugin joins the build (tsconfig references) and `npm test`.';

  static override examples = [
    { description: 'A plugin in plugins/kennel', command: '<%= config.bin %> create-plugin kennel' },
    { description: 'Then enable it, test it and run it', command: '<%= config.bin %> plugins enable kennel && (cd plugins/kennel && npm test) && <%= config.bin %> start' },
    { description: 'Somewhere else, with the npm package name you will publish', command: '<%= config.bin %> create-plugin pet-walks --dir packages --package-name @acme/petamigos-pet-walks' },
  ];

  static override args = { name: Args.string({ description: 'Plugin name: lower-case letters, digits and dashes, starting with a letter.', required: true }) };
  static override flags = {
    dir: Flags.string({ description: 'Folder to create the plugin in.', default: 'plugins' }),
    'package-name': Flags.string({ description: 'npm package name (default: petamigos-plugin-<name>).' }),
    build: Flags.boolean({ description: 'Build it after writing (--no-build to skip).', default: true, allowNo: true }),
  };

  static override enableJsonFlag = true;

  async run(): Promise<{ name: string; dir: string; files: string[]; built: boolean }> {
    const { args, flags } = await this.parse(CreatePlugin);
    const name = args.name;
    if (!NAME.test(name)) {
      const suggestion = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^[^a-z]+|-+$/g, '');
      throw new CliError(`"${name}" is not a valid plugin name: use lower-case letters, digits and dashes, starting with a letter${suggestion && NAME.test(suggestion) ? ` (e.g. "${suggestion}")` : ''}`, { code: 'INVALID_NAME', exit: 2 });
    }
    if (RESERVED.has(name)) throw new CliError(`"${name}" is reserved by the kernel (${[...RESERVED].join(', ')}); pick another name`, { code: 'INVALID_NAME', exit: 2 });
    const packageName = flags['package-name'] ?? `petamigos-plugin-${name}`;
    if (!/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(packageName)) throw new CliError(`--package-name: "${packageName}" is not a valid npm package name`, { code: 'INVALID_NAME', exit: 2 });

    const target = resolve(flags.dir, name);
    if (existsSync(target) && readdirSync(target).length > 0) throw new CliError(`${relative(process.cwd(), target)} already exists and is not empty; pick another name or --dir`, { code: 'PLUGIN_EXISTS' });

    const { KERNEL_VERSION } = await loadConfigCore();
    const repo = findPetAmigosRepo(dirname(target));
    const files = pluginFiles({
      name,
      packageName,
      kernelVersion: KERNEL_VERSION,
      timestamp: new Date().toISOString().replace(/\D/g, '').slice(0, 14),
      monorepo: repo ? { base: relative(target, join(repo, 'tsconfig.base.json')), core: relative(target, join(repo, 'core')) } : undefined,
    });
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(dirname(join(target, file)), { recursive: true });
      writeFileSync(join(target, file), content);
    }
    const shown = relative(process.cwd(), target) || target;
    this.log(`✔ created ${shown}/`);
    for (const file of Object.keys(files).sort()) this.log(`    ${file}`);

    if (repo && resolve(repo, 'plugins', name) === target && addBuildReference(repo, `./plugins/${name}`)) {
      this.log(`✔ added plugins/${name} to ${relative(process.cwd(), join(repo, 'tsconfig.json')) || 'tsconfig.json'}, so \`npm run build\` builds it`);
    }

    let built = false;
    if (flags.build) built = await this.build(target);

    if (!this.jsonEnabled()) {
      this.log('\nNext:');
      this.log(`  petamigos plugins enable ${name}        # turn it on in petamigos.config.ts`);
      this.log(`  (cd ${shown} && npm test)${' '.repeat(Math.max(1, 22 - shown.length))}# its tests, on PGlite and PostgreSQL`);
      if (!built) this.log(`  (cd ${shown} && npm run build)          # petamigos start runs the built JavaScript`);
      this.log(`  petamigos start                        # then GET /api/${name}/greetings`);
    }
    return { name, dir: target, files: Object.keys(files), built };
  }

  private async build(target: string): Promise<boolean> {
    let tsc: string;
    try {
      tsc = createRequire(join(target, 'package.json')).resolve('typescript/bin/tsc');
    } catch {
      this.log('\nTypeScript is not installed here, so the plugin was not built: run `npm install`, then `npm run build` in it.');
      return false;
    }
    this.logToStderr(`building ${relative(process.cwd(), target) || target} (tsc)…`);
    const output: Buffer[] = [];
    const code = await new Promise<number | null>((done) => {
      const child = spawn(process.execPath, [tsc, '-p', target], { cwd: target, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (d: Buffer) => output.push(d));
      child.stderr.on('data', (d: Buffer) => output.push(d));
      child.on('close', done);
    });
    if (code !== 0) {
      throw new CliError(`the plugin was written, but building it failed:\n${Buffer.concat(output).toString().trim()}\nFix that, then run \`npm run build\` in ${relative(process.cwd(), target)}`, { code: 'BUILD_FAILED' });
    }
    this.log('✔ built dist/');
    return true;
  }
}

/** The PetAmigos repository enclosing `dir`, if any: where plugins build against core's source. */
export function findPetAmigosRepo(dir: string): string | undefined {
  for (let current = resolve(dir); ; current = dirname(current)) {
    const core = join(current, 'core', 'package.json');
    if (existsSync(join(current, 'tsconfig.base.json')) && existsSync(core)) {
      try {
        if ((JSON.parse(readFileSync(core, 'utf8')) as { name?: string }).name === '@petamigos/core') return current;
      } catch {
        // Not ours.
      }
    }
    if (dirname(current) === current) return undefined;
  }
}

/** Adds the plugin to the repository's solution tsconfig; false if it is there already or the file is not plain JSON. */
export function addBuildReference(repo: string, path: string): boolean {
  const file = join(repo, 'tsconfig.json');
  if (!existsSync(file)) return false;
  let config: { references?: Array<{ path: string }> };
  try {
    config = JSON.parse(readFileSync(file, 'utf8')) as typeof config;
  } catch {
    return false;
  }
  if (!Array.isArray(config.references) || config.references.some((r) => r.path.replace(/\/$/, '') === path)) return false;
  // Insert after the last reference in the file's own layout, rather than reprinting the file.
  const source = readFileSync(file, 'utf8');
  const list = /"references"\s*:\s*\[([\s\S]*?)\]/.exec(source);
  const lastEntry = list ? list[1]!.lastIndexOf('}') : -1;
  if (list && lastEntry >= 0) {
    const at = list.index + list[0].indexOf('[') + 1 + lastEntry + 1;
    const lineStart = source.lastIndexOf('\n', at - 1) + 1;
    const indent = /^[ \t]*/.exec(source.slice(lineStart))![0];
    writeFileSync(file, `${source.slice(0, at)},\n${indent}{ "path": ${JSON.stringify(path)} }${source.slice(at)}`);
    return true;
  }
  config.references.push({ path });
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return true;
}
