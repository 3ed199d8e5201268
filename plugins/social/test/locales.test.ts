import { readdirSync, readFileSync } from 'node:fs';
import t from 'tap';
import { IntlMessageFormat } from 'intl-messageformat';

type Tree = { [key: string]: string | Tree };
const dir = new URL('../locales/', import.meta.url);
const read = (name: string) => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as Tree;
const flatten = (tree: Tree, prefix = ''): Record<string, string> =>
  Object.fromEntries(Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v]] : Object.entries(flatten(v, `${prefix}${k}.`)))));

const english = flatten(read('en.json'));
// Codes the plugin reuses from the kernel, which translates them itself.
const KERNEL_CODES = new Set(['USER_NOT_FOUND', 'CONFLICT', 'UNSUPPORTED_MEDIA_TYPE']);
const sources = (folder: URL): string => readdirSync(folder, { withFileTypes: true })
  .map((e) => (e.isDirectory() ? sources(new URL(`${e.name}/`, folder)) : readFileSync(new URL(e.name, folder), 'utf8')))
  .join('\n');
const code = sources(new URL('../src/', import.meta.url));

// Every variable a message may take, the web pages' included.
const SAMPLE_VALUES = { actor: 'Ana', count: 3, max: 5, name: 'Firulais', date: '4 May 2021', age: '5 years', number: 2, message: 'Too large', when: '3 s ago' };

t.test('every locale has exactly the English keys, and every message parses', async (t) => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  t.ok(files.includes('es.json'), 'Spanish ships');
  for (const file of files) {
    const strings = flatten(read(file));
    t.same(Object.keys(strings).sort(), Object.keys(english).sort(), `${file} has the same keys as en.json`);
    for (const [key, message] of Object.entries(strings)) {
      const locale = file.replace('.json', '');
      t.doesNotThrow(() => new IntlMessageFormat(message, locale).format(SAMPLE_VALUES), `${file} ${key}`);
    }
  }
});

t.test('every notification and error the plugin can produce has English words', async (t) => {
  const textKeys = [...code.matchAll(/'(notification\.[a-z_]+)'/g)].map((m) => m[1]!);
  t.ok(textKeys.length >= 3);
  for (const key of textKeys) t.ok(english[key], key);
  const errorCodes = new Set([...code.matchAll(/HttpError\(\d{3}, '([A-Z_]+)'/g)].map((m) => m[1]!));
  t.ok(errorCodes.size >= 10);
  for (const error of errorCodes) t.ok(english[`errors.${error}`] ?? KERNEL_CODES.has(error), `errors.${error}`);
  t.equal(new IntlMessageFormat(english['notification.follow']!, 'en').format({ actor: 'Ana', count: 3 }), 'Ana and 2 others started following you');
});
