/**
 * The languages check (`npm run i18n:check`). Fails when code uses a key that English lacks or when
 * a translation would not format; reports coverage per locale and what translators should look at.
 *
 *   node --import tsx scripts/i18n-check.ts [--root DIR] [--json]
 *
 * Keys are found by reading the TypeScript, not by running it: `new HttpError(status, 'CODE', …)`
 * and subclasses of it (`new StorageError('CODE', …)`) need `errors.CODE`; `errorBody('CODE', …)`
 * too, and so does every code in the kernel's `statusCodes` table; `t('key')`, `t(locale, 'key')`,
 * `translate(…)` need the key itself; `translateError(locale, 'CODE')` needs `errors.CODE`;
 * `renderMail(locale, 'kind')` needs `mail.kind.subject` and `mail.kind.body`; a notification's
 * `textKey: 'notification.x'` needs that key. Keys built at run
 * time cannot be seen, which is one more reason to write keys out in full.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';
import ts from 'typescript';
import { LANGUAGES, languageOf, REGIONAL_VARIANTS, SOURCE_LOCALE, type SupportedLocale } from '../core/src/i18n/locales.js';
import { KERNEL_NAMESPACE, readLocaleDir, type StringTree } from '../core/src/i18n/translator.js';

export interface UsedKey {
  namespace: string;
  key: string;
  file: string;
  line: number;
}

export interface MessageProblem {
  namespace: string;
  locale: string;
  key: string;
  problem: string;
}

export interface LocaleCoverage {
  namespace: string;
  locale: SupportedLocale;
  kind: 'source' | 'language' | 'variant';
  /** English keys this locale's own file translates. */
  translated: number;
  total: number;
  /** Languages: translated / total. Variants: what a reader gets after variant → language. */
  percent: number;
  /** Keys a language lacks (English shows instead). */
  missing: string[];
  /** Variants only: keys the variant file overrides. */
  overrides?: number;
}

export interface I18nReport {
  root: string;
  namespaces: Array<{ namespace: string; dir: string | null; englishKeys: number }>;
  used: UsedKey[];
  /** Used in code, absent from English: the check fails. */
  missingFromEnglish: UsedKey[];
  /** Translations that do not parse or use a variable English does not have: the check fails. */
  errors: MessageProblem[];
  /** Worth a translator's look but not wrong enough to fail: stale keys, missing plural forms… */
  warnings: MessageProblem[];
  coverage: LocaleCoverage[];
  ok: boolean;
}

export interface CheckOptions {
  /** The repository root, holding `core/`, `locales/` and `plugins/`. */
  root: string;
}

const ERROR_BASE_CLASS = 'HttpError';
// The position of the code argument in `new HttpError(status, code, message, details)`.
const ERROR_BASE_CODE_INDEX = 1;

export async function checkI18n(options: CheckOptions): Promise<I18nReport> {
  const root = path.resolve(options.root);
  const sources = await sourceFiles(root);
  const used = findUsedKeys(sources);

  const namespaces: I18nReport['namespaces'] = [];
  const strings = new Map<string, Map<SupportedLocale, Map<string, string>>>();
  const kernelDir = path.join(root, 'locales');
  strings.set(KERNEL_NAMESPACE, await loadFlat(kernelDir));
  namespaces.push({ namespace: KERNEL_NAMESPACE, dir: kernelDir, englishKeys: 0 });
  for (const plugin of await listDirs(path.join(root, 'plugins'))) {
    const dir = path.join(root, 'plugins', plugin, 'locales');
    const exists = await isDir(dir);
    strings.set(plugin, exists ? await loadFlat(dir) : new Map());
    namespaces.push({ namespace: plugin, dir: exists ? dir : null, englishKeys: 0 });
  }
  // The frontend's own strings: the web app (`web`) and the admin shell (`admin`).
  for (const [namespace, folder] of [['web', 'web'], ['admin', 'admin-ui']] as const) {
    const dir = path.join(root, folder, 'locales');
    if (!(await isDir(dir))) continue;
    strings.set(namespace, await loadFlat(dir));
    namespaces.push({ namespace, dir, englishKeys: 0 });
  }
  for (const ns of namespaces) ns.englishKeys = strings.get(ns.namespace)?.get(SOURCE_LOCALE)?.size ?? 0;

  // A plugin's unprefixed keys fall back to the kernel's, exactly as the translator looks them up.
  const english = (namespace: string) => strings.get(namespace)?.get(SOURCE_LOCALE) ?? new Map<string, string>();
  const missingFromEnglish = used.filter(
    (u) => !english(u.namespace).has(u.key) && !(u.namespace !== KERNEL_NAMESPACE && english(KERNEL_NAMESPACE).has(u.key)),
  );

  const errors: MessageProblem[] = [];
  const warnings: MessageProblem[] = [];
  const coverage: LocaleCoverage[] = [];
  for (const { namespace } of namespaces) {
    const byLocale = strings.get(namespace)!;
    const source = english(namespace);
    const sourceArgs = new Map<string, Set<string>>();
    for (const [key, message] of source) {
      const parsed = inspectMessage(message, SOURCE_LOCALE);
      if ('error' in parsed) errors.push({ namespace, locale: SOURCE_LOCALE, key, problem: parsed.error });
      else {
        sourceArgs.set(key, parsed.args);
        for (const p of parsed.pluralGaps) warnings.push({ namespace, locale: SOURCE_LOCALE, key, problem: p });
      }
    }
    for (const [locale, messages] of byLocale) {
      if (locale === SOURCE_LOCALE) continue;
      for (const [key, message] of messages) {
        if (!source.has(key)) {
          warnings.push({ namespace, locale, key, problem: 'not in English (a stale or misspelt key)' });
          continue;
        }
        const parsed = inspectMessage(message, locale);
        if ('error' in parsed) {
          errors.push({ namespace, locale, key, problem: parsed.error });
          continue;
        }
        const language = languageOf(locale) as SupportedLocale;
        if (language !== locale && byLocale.get(language)?.get(key) === message) {
          warnings.push({ namespace, locale, key, problem: `repeats ${language} word for word; drop it so fixes to ${language} reach ${locale} too` });
        }
        const expected = sourceArgs.get(key) ?? new Set<string>();
        const unknown = [...parsed.args].filter((a) => !expected.has(a));
        if (unknown.length) errors.push({ namespace, locale, key, problem: `uses ${unknown.map((a) => `{${a}}`).join(', ')}, which English does not pass` });
        const dropped = [...expected].filter((a) => !parsed.args.has(a));
        if (dropped.length) warnings.push({ namespace, locale, key, problem: `leaves out ${dropped.map((a) => `{${a}}`).join(', ')}` });
        for (const p of parsed.pluralGaps) warnings.push({ namespace, locale, key, problem: p });
      }
    }
    if (source.size > 0) coverage.push(...coverageOf(namespace, byLocale, source));
  }
  for (const ns of namespaces) {
    if (!ns.dir) continue;
    for (const name of await readdir(ns.dir)) {
      if (name.endsWith('.json') && name !== 'package.json' && !strings.get(ns.namespace)!.has(name.slice(0, -5) as SupportedLocale)) {
        warnings.push({ namespace: ns.namespace, locale: name.slice(0, -5), key: '*', problem: `${name} is not a supported locale, so it is never loaded` });
      }
    }
  }

  return { root, namespaces, used, missingFromEnglish, errors, warnings, coverage, ok: missingFromEnglish.length === 0 && errors.length === 0 };
}

function coverageOf(namespace: string, byLocale: Map<SupportedLocale, Map<string, string>>, source: Map<string, string>): LocaleCoverage[] {
  const total = source.size;
  const own = (locale: SupportedLocale) => new Set([...(byLocale.get(locale)?.keys() ?? [])].filter((k) => source.has(k)));
  const rows: LocaleCoverage[] = [{ namespace, locale: SOURCE_LOCALE, kind: 'source', translated: total, total, percent: 100, missing: [] }];
  for (const locale of LANGUAGES) {
    if (locale === SOURCE_LOCALE) continue;
    const mine = own(locale);
    const missing = [...source.keys()].filter((k) => !mine.has(k));
    rows.push({ namespace, locale, kind: 'language', translated: mine.size, total, percent: percent(mine.size, total), missing });
  }
  for (const locale of REGIONAL_VARIANTS) {
    const mine = own(locale);
    const language = languageOf(locale) as SupportedLocale;
    // English speakers reading an English variant get English either way: nothing is missing.
    const reach = language === SOURCE_LOCALE ? new Set(source.keys()) : new Set([...mine, ...own(language)]);
    const missing = [...source.keys()].filter((k) => !reach.has(k));
    rows.push({ namespace, locale, kind: 'variant', translated: reach.size, total, percent: percent(reach.size, total), missing, overrides: mine.size });
  }
  return rows;
}

const percent = (part: number, total: number) => (total === 0 ? 100 : Math.floor((part / total) * 1000) / 10);

// ------------------------------------------------------------------------------- messages

/** Element types of intl-messageformat's AST that carry an argument name or nested messages. */
const Element = { Argument: 1, Number: 2, Date: 3, Time: 4, Select: 5, Plural: 6 } as const;
const NAMED_ELEMENTS = new Set<number>([Element.Argument, Element.Number, Element.Date, Element.Time, Element.Select, Element.Plural]);
interface AstNode { type: number; value?: unknown; options?: Record<string, { value: AstNode[] }>; pluralType?: 'cardinal' | 'ordinal'; children?: AstNode[] }

function inspectMessage(message: string, locale: string): { args: Set<string>; pluralGaps: string[] } | { error: string } {
  let ast: AstNode[];
  try {
    ast = new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).getAst() as unknown as AstNode[];
  } catch (error) {
    return { error: `does not parse as ICU: ${(error as Error).message}` };
  }
  const args = new Set<string>();
  const pluralGaps: string[] = [];
  const walk = (nodes: AstNode[]) => {
    for (const node of nodes) {
      if (NAMED_ELEMENTS.has(node.type) && typeof node.value === 'string') args.add(node.value);
      if (node.type === Element.Plural && node.options) {
        const needed = pluralFormsInUse(locale, node.pluralType ?? 'cardinal');
        const lacking = needed.filter((c) => !(c in node.options!));
        if (lacking.length) pluralGaps.push(`{${String(node.value)}, plural} has no ${lacking.join(', ')} form (${locale} uses ${needed.join(', ')} for counts up to ${PLURAL_PROBE_LIMIT})`);
      }
      for (const option of Object.values(node.options ?? {})) walk(option.value);
      if (node.children) walk(node.children);
    }
  };
  walk(ast);
  return { args, pluralGaps };
}

const PLURAL_PROBE_LIMIT = 1000;
const pluralForms = new Map<string, Intl.LDMLPluralRule[]>();

/**
 * The plural categories a locale really picks for everyday counts. Asking for every CLDR category
 * would demand Spanish, French, Italian and Portuguese "many" forms, which only millions take, while
 * a Russian "few" or an Arabic "two" shows up at once and must be written.
 */
function pluralFormsInUse(locale: string, type: Intl.PluralRuleType): Intl.LDMLPluralRule[] {
  const cacheKey = `${locale}:${type}`;
  let forms = pluralForms.get(cacheKey);
  if (!forms) {
    const rules = new Intl.PluralRules(locale, { type });
    const seen = new Set<Intl.LDMLPluralRule>();
    for (let n = 0; n <= PLURAL_PROBE_LIMIT; n++) seen.add(rules.select(n));
    seen.delete('other');
    forms = rules.resolvedOptions().pluralCategories.filter((c) => seen.has(c));
    pluralForms.set(cacheKey, forms);
  }
  return forms;
}

async function loadFlat(dir: string): Promise<Map<SupportedLocale, Map<string, string>>> {
  const flat = new Map<SupportedLocale, Map<string, string>>();
  for (const [locale, tree] of await readLocaleDir(dir)) flat.set(locale, flatten(tree));
  return flat;
}

function flatten(tree: StringTree, prefix = '', into = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') {
      if (value !== '') into.set(full, value);
    } else flatten(value, full, into);
  }
  return into;
}

// ------------------------------------------------------------------------------- code

interface SourceFile { file: string; namespace: string; ast: ts.SourceFile }

async function sourceFiles(root: string): Promise<SourceFile[]> {
  const roots = [{ dir: path.join(root, 'core', 'src'), namespace: KERNEL_NAMESPACE }];
  for (const plugin of await listDirs(path.join(root, 'plugins'))) roots.push({ dir: path.join(root, 'plugins', plugin, 'src'), namespace: plugin });
  const files: SourceFile[] = [];
  for (const { dir, namespace } of roots) {
    if (!(await isDir(dir))) continue;
    const names = (await readdir(dir, { recursive: true })).filter((n) => /\.tsx?$/.test(n) && !n.endsWith('.d.ts')).sort();
    for (const name of names) {
      const file = path.join(dir, name);
      const text = await readFile(file, 'utf8');
      files.push({ file: path.relative(root, file), namespace, ast: ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true) });
    }
  }
  return files;
}

export function findUsedKeys(files: SourceFile[]): UsedKey[] {
  // Which classes throw HttpErrors, and where each takes its code: found by following
  // `class X extends HttpError { constructor(code, …) { super(status, code, …) } }` to a fixpoint.
  const codeIndex = new Map<string, number>([[ERROR_BASE_CLASS, ERROR_BASE_CODE_INDEX]]);
  for (let changed = true; changed;) {
    changed = false;
    for (const { ast } of files) {
      visit(ast, (node) => {
        if (!ts.isClassDeclaration(node) || !node.name || codeIndex.has(node.name.text)) return;
        const base = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
        const baseIndex = base && ts.isIdentifier(base) ? codeIndex.get(base.text) : undefined;
        if (baseIndex === undefined) return;
        const ctor = node.members.find(ts.isConstructorDeclaration);
        if (!ctor) {
          codeIndex.set(node.name.text, baseIndex);
          changed = true;
          return;
        }
        let index: number | undefined;
        visit(ctor, (inner) => {
          if (!ts.isCallExpression(inner) || inner.expression.kind !== ts.SyntaxKind.SuperKeyword) return;
          const arg = inner.arguments[baseIndex];
          if (arg && ts.isIdentifier(arg)) {
            const i = ctor.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === arg.text);
            if (i >= 0) index = i;
          }
        });
        if (index !== undefined) {
          codeIndex.set(node.name.text, index);
          changed = true;
        }
      });
    }
  }

  const used: UsedKey[] = [];
  for (const { file, namespace, ast } of files) {
    const add = (node: ts.Node, key: string) => {
      const split = key.indexOf(':');
      const line = ast.getLineAndCharacterOfPosition(node.getStart(ast)).line + 1;
      if (split > 0) used.push({ namespace: key.slice(0, split), key: key.slice(split + 1), file, line });
      else used.push({ namespace, key, file, line });
    };
    visit(ast, (node) => {
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
        const index = codeIndex.get(node.expression.text);
        const arg = index === undefined ? undefined : node.arguments?.[index];
        if (arg) for (const code of literals(arg)) add(arg, `errors.${code}`);
        return;
      }
      // The status → code table of the kernel's error body.
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === 'statusCodes' && node.initializer && ts.isObjectLiteralExpression(node.initializer)) {
        for (const property of node.initializer.properties) {
          if (ts.isPropertyAssignment(property)) for (const code of literals(property.initializer)) add(property, `errors.${code}`);
        }
        return;
      }
      // `ctx.notifications.send({ textKey: 'notification.follow', … })`
      if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'textKey') {
        for (const key of literals(node.initializer)) add(node.initializer, key);
        return;
      }
      if (!ts.isCallExpression(node)) return;
      const callee = ts.isIdentifier(node.expression) ? node.expression.text : ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : '';
      const [first, second] = node.arguments;
      switch (callee) {
        case 'errorBody':
          if (first) for (const code of literals(first)) add(first, `errors.${code}`);
          break;
        case 't':
        case 'translate': {
          // `t(locale, 'key', values)` (this kernel) or `t('key', options)` (plain i18next).
          const keyArg = second && literals(second).length ? second : first;
          if (keyArg) for (const key of literals(keyArg)) add(keyArg, key);
          break;
        }
        case 'translateError':
          if (second) for (const code of literals(second)) add(second, `errors.${code}`);
          break;
        case 'renderMail':
          if (second) for (const kind of literals(second)) for (const part of ['subject', 'body']) add(second, `mail.${kind}.${part}`);
          break;
      }
    });
  }
  return used;
}

/** The string values an expression can have when they are written out (ternaries included). */
function literals(node: ts.Expression): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) return literals(node.expression);
  if (ts.isConditionalExpression(node)) return [...literals(node.whenTrue), ...literals(node.whenFalse)];
  return [];
}

function visit(node: ts.Node, fn: (node: ts.Node) => void): void {
  fn(node);
  ts.forEachChild(node, (child) => visit(child, fn));
}

async function listDirs(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
}

async function isDir(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

// ------------------------------------------------------------------------------- report

export function formatReport(report: I18nReport): string {
  const out: string[] = [];
  const distinct = new Set(report.used.map((u) => `${u.namespace}:${u.key}`)).size;
  out.push(`i18n check: ${distinct} keys used in code; English has ${report.namespaces.map((n) => `${n.englishKeys} ${n.namespace}`).join(', ')} keys.`);
  if (report.missingFromEnglish.length) {
    out.push('', `✖ ${report.missingFromEnglish.length} key use(s) missing from English (add them to the namespace's en.json):`);
    for (const u of report.missingFromEnglish) out.push(`  ${u.namespace}:${u.key}  ${u.file}:${u.line}`);
  }
  if (report.errors.length) {
    out.push('', `✖ ${report.errors.length} translation(s) that cannot be used:`);
    for (const e of report.errors) out.push(`  ${e.namespace} ${e.locale} ${e.key}: ${e.problem}`);
  }
  if (report.warnings.length) {
    out.push('', `⚠ ${report.warnings.length} warning(s):`);
    for (const w of report.warnings) out.push(`  ${w.namespace} ${w.locale} ${w.key}: ${w.problem}`);
  }
  for (const ns of report.namespaces) {
    const rows = report.coverage.filter((c) => c.namespace === ns.namespace);
    if (!rows.length) continue;
    out.push('', `Coverage of ${ns.namespace} (${ns.englishKeys} English keys):`);
    for (const row of rows) {
      const detail =
        row.kind === 'source' ? 'source'
        : row.kind === 'language' ? `${row.translated}/${row.total}  ${row.percent}%${row.missing.length ? `  missing ${row.missing.slice(0, 5).join(', ')}${row.missing.length > 5 ? ', …' : ''}` : ''}`
        : `${row.overrides} override(s), ${row.percent}% after ${row.locale} → ${languageOf(row.locale)}`;
      out.push(`  ${row.locale.padEnd(6)} ${row.kind.padEnd(9)} ${detail}`);
    }
  }
  out.push('', report.ok ? '✔ i18n check passed.' : '✖ i18n check failed.');
  return out.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const rootFlag = argv.indexOf('--root');
  const root = rootFlag >= 0 && argv[rootFlag + 1] ? argv[rootFlag + 1]! : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const report = await checkI18n({ root });
  process.stdout.write(`${argv.includes('--json') ? JSON.stringify(report, null, 2) : formatReport(report)}\n`);
  return report.ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => { console.error(error); process.exitCode = 2; },
  );
}
