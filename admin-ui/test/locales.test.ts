import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';

const root = fileURLToPath(new URL('..', import.meta.url));
type Tree = { [key: string]: string | Tree };
const flat = (tree: Tree, prefix = ''): Map<string, string> =>
  new Map(Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : [...flat(v, `${prefix}${k}.`)])));
const load = (locale: string) => flat(JSON.parse(readFileSync(join(root, 'locales', `${locale}.json`), 'utf8')) as Tree);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

t.test('every admin string the shell uses exists in English, and Spanish has them all', async (t) => {
  const en = load('en');
  const es = load('es');
  const used = new Set<string>();
  const prefixes = new Set<string>();
  for (const file of sources(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1]!);
    // Keys built from a value (`roles.${role}`) must have their whole family.
    for (const m of text.matchAll(/\bt\(\s*`([a-zA-Z0-9_.]+)\.\$\{/g)) prefixes.add(m[1]!);
    for (const m of text.matchAll(/'((?:overview|settings)\.[a-zA-Z0-9_.]+)'/g)) used.add(m[1]!);
  }
  t.ok(used.size > 100, `found ${used.size} keys`);
  t.same([...used].filter((key) => !en.has(key)).sort(), [], 'no key is missing from en.json');
  for (const prefix of prefixes) t.ok([...en.keys()].some((key) => key.startsWith(prefix + '.')), `${prefix}.* exists`);
  t.same([...en.keys()].filter((key) => !es.has(key)).sort(), [], 'es.json translates every key');
  t.same([...es.keys()].filter((key) => !en.has(key)).sort(), [], 'es.json has no stale keys');
  const variables = (message: string) => new Set([...message.matchAll(/\{\s*([a-zA-Z]\w*)\s*[,}]/g)].map((m) => m[1]!));
  const broken: string[] = [];
  for (const [locale, strings] of [['en', en], ['es', es]] as const) {
    for (const [key, message] of strings) {
      try {
        new IntlMessageFormat(message, locale);
      } catch (error) {
        broken.push(`${locale} ${key}: ${(error as Error).message}`);
      }
      const extra = [...variables(message)].filter((v) => !variables(en.get(key) ?? '').has(v));
      if (extra.length) broken.push(`${locale} ${key} uses ${extra.join(', ')}, which English does not pass`);
    }
  }
  t.same(broken, [], 'every message parses, and Spanish uses only the values the code passes');
});

t.test('the families of keys built at run time are complete', async (t) => {
  const en = load('en');
  for (const key of ['roles.user', 'roles.moderator', 'roles.admin', 'status.active', 'status.suspended']) t.ok(en.has(key), key);
  for (const action of ['dismiss', 'remove', 'warn', 'suspend']) {
    for (const family of ['moderation.act', 'moderation.action', 'moderation.confirm', 'moderation.done']) t.ok(en.has(`${family}.${action}`), `${family}.${action}`);
  }
  for (const state of ['waiting', 'delayed', 'active', 'completed', 'failed']) t.ok(en.has(`jobs.state.${state}`), `jobs.state.${state}`);
  for (const health of ['ok', 'failing', 'disabled', 'unavailable']) t.ok(en.has(`plugins.health.${health}`), `plugins.health.${health}`);
});
