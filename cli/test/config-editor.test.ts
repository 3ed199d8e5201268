import t from 'tap';
import { readPluginEntries, setPluginEnabled } from '../src/lib/config-editor.js';

// These pin the exact bytes: an edit may touch only the characters that must change.

const commented = `import { defineConfig } from '@petamigos/core';

/** The operator's own notes. */
export default defineConfig({
  site: { name: 'Amigos de Oaxaca' }, // shown in mails

  plugins: {
    // the timeline
    feed: true,
    lab: { enabled: false, settings: { x: 1 } }, // keep lab off for now
    'mercado-pago': {
      settings: { currency: 'MXN' },
    },
  },
});
`;

t.test('enabling and disabling touches only the entry', async (t) => {
  let r = setPluginEnabled(commented, 'lab', true);
  t.equal(r.before, 'disabled');
  t.equal(r.code, commented.replace('lab: { enabled: false,', 'lab: { enabled: true,'));

  r = setPluginEnabled(commented, 'feed', false);
  t.equal(r.code, commented.replace('feed: true', 'feed: false'));

  r = setPluginEnabled(commented, 'mercado-pago', false);
  t.equal(r.code, commented.replace("'mercado-pago': {\n      settings", "'mercado-pago': {\n      enabled: false,\n      settings"));

  r = setPluginEnabled(commented, 'feed', true);
  t.equal(r.changed, false, 'already enabled');
  t.equal(r.code, commented);
  t.equal(setPluginEnabled(commented, 'nope', false).changed, false, 'disabling an absent entry changes nothing');
});

t.test('a new entry goes after the last one, keeping its trailing comment and comma style', async (t) => {
  const r = setPluginEnabled(commented, 'pet-walks', true);
  t.equal(r.before, 'absent');
  t.equal(r.code, commented.replace("      settings: { currency: 'MXN' },\n    },\n", "      settings: { currency: 'MXN' },\n    },\n    'pet-walks': true,\n"));

  const noTrailingComma = `export default defineConfig({\n  plugins: {\n    feed: true // on\n  }\n});\n`;
  t.equal(setPluginEnabled(noTrailingComma, 'kennel', true).code, `export default defineConfig({\n  plugins: {\n    feed: true, // on\n    kennel: true\n  }\n});\n`);

  const inline = `export default defineConfig({ plugins: { feed: true } });\n`;
  t.equal(setPluginEnabled(inline, 'kennel', true).code, `export default defineConfig({ plugins: { feed: true, kennel: true } });\n`);
});

t.test('an empty or missing plugins block is created in the file\'s layout', async (t) => {
  const empty = `export default defineConfig({\n  theme: 'default',\n  // enable with petamigos plugins enable\n  plugins: {},\n});\n`;
  t.equal(setPluginEnabled(empty, 'hello', true).code, `export default defineConfig({\n  theme: 'default',\n  // enable with petamigos plugins enable\n  plugins: {\n    hello: true,\n  },\n});\n`);

  const missing = `export default defineConfig({\n    theme: 'default',\n});\n`;
  t.equal(setPluginEnabled(missing, 'hello', true).code, `export default defineConfig({\n    theme: 'default',\n    plugins: {\n        hello: true,\n    },\n});\n`);

  t.equal(setPluginEnabled('export default defineConfig({});\n', 'hello', true).code, 'export default defineConfig({\n  plugins: {\n    hello: true,\n  },\n});\n');
  t.equal(setPluginEnabled('const config = { theme: "x" };\nexport default config;\n', 'hello', true).code, 'const config = { theme: "x", plugins: { hello: true } };\nexport default config;\n');
});

t.test('packages are recorded with the file\'s quotes', async (t) => {
  const double = `import { defineConfig } from "@petamigos/core";\nexport default defineConfig({\n  plugins: {\n    hello: false,\n  },\n});\n`;
  t.equal(setPluginEnabled(double, 'hello', true, { package: '@acme/hello' }).code, double.replace('hello: false', 'hello: { package: "@acme/hello" }'));
  t.equal(setPluginEnabled(commented, 'vet', true, { package: '@acme/vet' }).code, commented.replace("    },\n  },\n});", "    },\n    vet: { package: '@acme/vet' },\n  },\n});"));
});

t.test('what cannot be edited safely is refused with the key named', async (t) => {
  t.throws(() => setPluginEnabled('export default defineConfig({ plugins: somePlugins });', 'x', true), { message: /`plugins` is not an object literal/ });
  t.throws(() => setPluginEnabled('export default defineConfig({ plugins: { x: isProd } });', 'x', false), { message: /plugins\.x is not `true`, `false` or an object literal/ });
  t.throws(() => setPluginEnabled('export default makeConfig();', 'x', true), { message: /not an object literal/ });
  t.throws(() => setPluginEnabled('export default {', 'x', true), { message: /does not parse/ });
});

t.test('reads what the file says', async (t) => {
  t.same([...readPluginEntries(commented)], [['feed', 'enabled'], ['lab', 'disabled'], ['mercado-pago', 'enabled']]);
});
