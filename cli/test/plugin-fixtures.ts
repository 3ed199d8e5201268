// Folder plugins in plain JavaScript, so the compiled CLI loads them with no build step:
// feed requires social, and lab targets a kernel that does not exist (installed but unavailable).
export const plugin = (name: string, extra = '', kernel = '^0.1.0') => ({
  [`plugins/${name}/package.json`]: JSON.stringify({ name: `petamigos-plugin-${name}`, version: '1.0.0', type: 'module', exports: './index.js' }),
  [`plugins/${name}/index.js`]: `import { definePlugin } from '@petamigos/core';
export default definePlugin({ name: '${name}', version: '1.0.0', kernel: '${kernel}', migrations: new URL('./migrations/', import.meta.url)${extra} });
`,
  [`plugins/${name}/migrations/Migration20261123000001_${name}.js`]: `import { Migration } from '@petamigos/core';
export class Migration20261123000001_${name} extends Migration {
  async up() { this.addSql('create table ${name}_thing (id int primary key)'); }
  async down() { this.addSql('drop table ${name}_thing'); }
}
`,
});

export const installed = { ...plugin('social'), ...plugin('feed', ", requires: { social: '^0.1.0' }", '^0.1.0'), ...plugin('lab', '', '^9.0.0') };
// feed requires social@^0.1.0 but social is 1.0.0: make social's version match the range.
installed['plugins/social/index.js'] = installed['plugins/social/index.js']!.replace("version: '1.0.0'", "version: '0.1.3'");

export const commentedConfig = `import { defineConfig } from '@petamigos/core';

// Amigos de Oaxaca: keep this file in git.
export default defineConfig({
  site: { name: 'Amigos de Oaxaca' }, // shown in mails

  plugins: {
    // lab stays off until the vet signs it off
    lab: { enabled: false },
  },
});
`;

// A plugin installed the way operators install them: a folder under plugins/ with a package.json,
// written in plain JavaScript so the compiled CLI loads it without any TypeScript tooling.
export const helloPlugin = {
  'plugins/hello/package.json': JSON.stringify({ name: 'petamigos-plugin-hello', version: '1.0.0', type: 'module', exports: './index.js' }),
  'plugins/hello/index.js': `
import { definePlugin, Type } from '@petamigos/core';
export default definePlugin({
  name: 'hello',
  version: '1.0.0',
  kernel: '^0.1.0',
  migrations: new URL('./migrations/', import.meta.url),
  settings: Type.Object({ greeting: Type.String({ default: 'Hola' }) }, { additionalProperties: false }),
  routes(app, ctx) {
    app.get('/greetings', async () => {
      const rows = await ctx.db.query('select name from hello_friend order by name');
      return { greetings: rows.map((r) => ctx.settings.greeting + ', ' + r.name) };
    });
  },
});
`,
  'plugins/hello/migrations/Migration20261123000001_friends.js': `
import { Migration } from '@petamigos/core';
export class Migration20261123000001_friends extends Migration {
  async up() {
    this.addSql('create table hello_friend (name text primary key)');
    this.addSql("insert into hello_friend values ('Firulais'), ('Canela')");
  }
  async down() { this.addSql('drop table hello_friend'); }
}
`,
};

export const config = (body: string) => `import { defineConfig } from '@petamigos/core';\nexport default defineConfig(${body});\n`;
