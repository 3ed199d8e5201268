import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { definePlugin, KERNEL_VERSION, type AnyPluginManifest } from '@petamigos/core';
import { createItemsTable, itemsTable, pluginName, selectItems } from './items-sql.js';

const MIGRATION = 'Migration20260101000000_init';

/**
 * Writes `count` small plugins, each with one migration and one database-backed route, the shape
 * of a typical real plugin. Migrations must be `.js` on disk: the kernel runs from dist here and
 * then loads only built files.
 */
export function writeFixturePlugins(count: number, dir: string): AnyPluginManifest[] {
  // The migration files live outside this repo's node_modules tree, so they import the kernel by
  // the URL this process resolved: the same module instance the kernel itself runs from.
  const coreUrl = import.meta.resolve('@petamigos/core');
  return Array.from({ length: count }, (_, index) => {
    const migrations = join(dir, pluginName(index), 'migrations');
    mkdirSync(migrations, { recursive: true });
    writeFileSync(join(migrations, `${MIGRATION}.js`), migrationSource(coreUrl, index));
    return definePlugin({
      name: pluginName(index),
      version: '1.0.0',
      kernel: `^${KERNEL_VERSION}`,
      description: `Benchmark fixture ${index}`,
      migrations,
      routes(app, ctx) {
        app.get('/items', async () => ({ items: await ctx.db.query(selectItems(index)) }));
      },
    }) as AnyPluginManifest;
  });
}

function migrationSource(coreUrl: string, index: number): string {
  return [
    `import { Migration } from ${JSON.stringify(coreUrl)};`,
    '',
    `export class ${MIGRATION} extends Migration {`,
    `  async up() { this.addSql(${JSON.stringify(createItemsTable(index))}); }`,
    `  async down() { this.addSql(${JSON.stringify(`drop table ${itemsTable(index)}`)}); }`,
    '}',
    '',
  ].join('\n');
}
