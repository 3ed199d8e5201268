import { Args } from '@oclif/core';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginConfigEntry } from '@petamigos/core';
import { PetAmigosCommand } from '../../base-command.js';
import { loadKernelInternals, type DiscoveredPlugin, type PluginManifestLike } from '../../lib/core.js';
import { CliError } from '../../lib/errors.js';
import { checkPlan, configFilePath, editConfigFile, entryWith, findPackageDir, installedPlugins, readJson } from '../../lib/installed-plugins.js';

type Dependencies = Record<string, string>;

export default class PluginsAdd extends PetAmigosCommand {
  static override summary = 'Install a plugin from npm and enable it.';
  static override description =
    'Runs `npm install <package>` in the project (npm\'s output is shown as it runs), reads the plugin\'s manifest, and enables it in petamigos.config.ts under its plugin name with `package: \'<package>\'`, keeping your comments and formatting. The plugin\'s required plugins must already be enabled; if they are not, the package stays installed and nothing is enabled. Anything npm accepts works: a registry name with an optional version, a local folder, a tarball.';

  static override examples = [
    { description: 'Install and enable a published plugin', command: '<%= config.bin %> plugins add @acme/petamigos-vet' },
    { description: 'A specific version', command: '<%= config.bin %> plugins add @acme/petamigos-vet@1.2.0' },
    { description: 'A plugin in a local folder', command: '<%= config.bin %> plugins add ./vendor/petamigos-kennel' },
  ];

  static override args = { package: Args.string({ description: 'What to `npm install`.', required: true }) };
  static override enableJsonFlag = true;

  async run(): Promise<{ plugin: string; package: string; version: string; file: string; changed: boolean }> {
    const { args, flags } = await this.parse(PluginsAdd);
    const { file, exists } = await configFilePath(flags.config);
    const projectDir = dirname(file);
    const state = await installedPlugins(await this.loadConfig(exists ? file : undefined));

    const manifestFile = join(projectDir, 'package.json');
    if (!existsSync(manifestFile)) {
      // Without one, npm would walk up and install into whatever project encloses this folder.
      writeFileSync(manifestFile, `${JSON.stringify({ name: basename(projectDir).toLowerCase().replace(/[^a-z0-9-]/g, '-'), private: true, type: 'module' }, null, 2)}\n`);
      this.logToStderr(`created ${relative(process.cwd(), manifestFile) || manifestFile} so npm installs into this project`);
    }
    const before = readJson<{ dependencies?: Dependencies }>(manifestFile).dependencies ?? {};
    await this.npmInstall(args.package, projectDir);
    const after = readJson<{ dependencies?: Dependencies }>(manifestFile).dependencies ?? {};

    const packageName = Object.keys(after).find((n) => before[n] !== after[n]) ?? packageNameOf(args.package, projectDir);
    if (!packageName) throw new CliError(`npm installed ${args.package}, but its package name could not be told; enable it by hand: plugins: { <name>: { package: '<package-name>' } }`);
    const dir = findPackageDir(packageName, projectDir);
    if (!dir) throw new CliError(`npm reported success but ${packageName} is not in node_modules; run \`npm install ${args.package}\` yourself to see why`);

    const manifest = await importManifest(dir, packageName);
    const existing = state.byName.get(manifest.name);
    if (existing && !(existing.origin.kind === 'package' && existing.origin.location === packageName)) {
      throw new CliError(`${packageName} is the plugin "${manifest.name}", but a plugin with that name is already installed from ${existing.origin.location}; remove one of them`, { code: 'PLUGIN_NAME_TAKEN' });
    }
    const missing = Object.entries(manifest.requires ?? {}).filter(([required]) => !state.enabled.has(required));
    if (missing.length > 0) {
      const names = missing.map(([n]) => n);
      throw new CliError(
        `installed ${packageName} (plugin ${manifest.name}) but did not enable it: it requires ${missing.map(([n, r]) => `${n} (${r})`).join(' and ')}, which ${missing.length > 1 ? 'are' : 'is'} not enabled. ` +
          `Run \`petamigos plugins enable ${names.join(' ')}\`, then \`petamigos plugins add ${args.package}\` again`,
        { code: 'REQUIREMENTS_NOT_ENABLED' },
      );
    }
    const entries: Record<string, PluginConfigEntry> = { ...state.config.plugins, [manifest.name]: entryWith(state.config.plugins[manifest.name], true, packageName) };
    const discovered: DiscoveredPlugin = { manifest, origin: { kind: 'package', location: packageName } };
    await checkPlan({ ...state, discovered: state.discovered.filter((d) => d.manifest.name !== manifest.name) }, entries, [discovered]);

    const [result] = editConfigFile(file, exists, [{ name: manifest.name, enabled: true, package: packageName }]);
    const shown = relative(process.cwd(), file) || file;
    this.log(result!.changed ? `✔ enabled ${manifest.name}@${manifest.version} (${packageName}) in ${shown}` : `${manifest.name} (${packageName}) is already enabled`);
    this.log('\nIt takes effect at the next start: `petamigos start` (on PostgreSQL, run `petamigos migrate` first).');
    return { plugin: manifest.name, package: packageName, version: manifest.version, file, changed: result!.changed };
  }

  private npmInstall(spec: string, cwd: string): Promise<void> {
    // npm's own output is the progress display; with --json it goes to stderr so stdout stays JSON.
    const stdout = this.jsonEnabled() ? process.stderr : 'inherit';
    this.logToStderr(`$ npm install ${spec}`);
    return new Promise((done, fail) => {
      const child = spawn('npm', ['install', spec, '--no-audit', '--no-fund'], { cwd, stdio: ['ignore', stdout, 'inherit'], shell: process.platform === 'win32' });
      child.on('error', (error) => fail(new CliError(`could not run npm (${error.message}); is Node.js's npm on PATH?`)));
      child.on('close', (code) => (code === 0 ? done() : fail(new CliError(`npm install ${spec} failed (exit ${code}); see npm's output above`, { code: 'NPM_INSTALL_FAILED' }))));
    });
  }
}

/** The package name in an npm spec: `@scope/name@1.2.0` → `@scope/name`; a folder → its package.json name. */
function packageNameOf(spec: string, cwd: string): string | undefined {
  const path = spec.startsWith('file:') ? spec.slice(5) : spec;
  if (path.startsWith('.') || isAbsolute(path) || path.startsWith('~')) {
    const pkg = join(resolve(cwd, path), 'package.json');
    return existsSync(pkg) ? readJson<{ name?: string }>(pkg).name : undefined;
  }
  return /^(@[^/@]+\/[^/@]+|[^/@]+)(@.*)?$/.exec(spec)?.[1];
}

async function importManifest(dir: string, packageName: string): Promise<PluginManifestLike> {
  const { packageEntry } = await loadKernelInternals();
  let mod: { default?: Partial<PluginManifestLike> };
  try {
    mod = (await import(pathToFileURL(packageEntry(dir)).href)) as typeof mod;
  } catch (error) {
    throw new CliError(`${packageName} was installed but does not load as a plugin: ${(error as Error).message}`, { code: 'NOT_A_PLUGIN' });
  }
  const manifest = mod.default;
  if (!manifest || typeof manifest.name !== 'string' || typeof manifest.version !== 'string') {
    throw new CliError(`${packageName} was installed but is not a PetAmigos plugin: its main module must \`export default definePlugin({...})\``, { code: 'NOT_A_PLUGIN' });
  }
  return manifest as PluginManifestLike;
}
