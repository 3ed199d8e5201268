import { parse } from '@babel/parser';
import type { Expression, Node, ObjectExpression, ObjectProperty, Program } from '@babel/types';
import { CliError } from './errors.js';

/**
 * Edits the `plugins` block of `petamigos.config.ts` in place. Only the characters that must
 * change are touched: every comment, blank line, quote style and indentation of the operator's
 * file stays as it was (a code generator such as recast would reprint the edited objects).
 */

export type PluginEntryState = 'absent' | 'enabled' | 'disabled';

export interface PluginEntryEdit {
  /** The file after the edit (the same string when nothing had to change). */
  code: string;
  changed: boolean;
  /** What the file said about the plugin before the edit. */
  before: PluginEntryState;
}

export interface SetPluginOptions {
  /** npm package the plugin is loaded from (`plugins add`). */
  package?: string;
  /** Shown in errors. */
  file?: string;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Sets `plugins.<name>` so the plugin is enabled or disabled, keeping its settings. */
export function setPluginEnabled(source: string, name: string, enabled: boolean, options: SetPluginOptions = {}): PluginEntryEdit {
  const file = options.file ?? 'petamigos.config.ts';
  const doc = new ConfigDocument(source, file);
  const config = doc.configObject();
  const plugins = doc.property(config, 'plugins');
  const edits: Edit[] = [];

  if (!plugins) {
    const before: PluginEntryState = 'absent';
    if (!enabled) return { code: source, changed: false, before };
    edits.push(doc.addPluginsProperty(config, doc.entryText(name, newEntry(doc, options.package))));
    return { code: apply(source, edits), changed: true, before };
  }
  if (plugins.value.type !== 'ObjectExpression') {
    throw new CliError(`${file}: \`plugins\` is not an object literal, so it cannot be edited safely; set plugins.${name} by hand`, { code: 'CONFIG_NOT_EDITABLE' });
  }
  const entry = doc.property(plugins.value, name);
  if (!entry) {
    if (!enabled) return { code: source, changed: false, before: 'absent' };
    const text = doc.entryText(name, newEntry(doc, options.package));
    edits.push(plugins.value.properties.length === 0 ? doc.replace(plugins.value, doc.block(plugins.value, [text])) : doc.appendProperty(plugins.value, text));
    return { code: apply(source, edits), changed: true, before: 'absent' };
  }

  const value = entry.value;
  if (value.type === 'BooleanLiteral') {
    const before: PluginEntryState = value.value ? 'enabled' : 'disabled';
    if (enabled && options.package) edits.push(doc.replace(value, newEntry(doc, options.package)));
    else if (value.value !== enabled) edits.push(doc.replace(value, String(enabled)));
    return { code: apply(source, edits), changed: edits.length > 0, before };
  }
  if (value.type !== 'ObjectExpression') {
    throw new CliError(`${file}: plugins.${name} is not \`true\`, \`false\` or an object literal, so it cannot be edited safely; change it by hand`, { code: 'CONFIG_NOT_EDITABLE' });
  }
  const flag = doc.property(value, 'enabled');
  if (flag && flag.value.type !== 'BooleanLiteral') {
    throw new CliError(`${file}: plugins.${name}.enabled is not a literal true or false, so it cannot be edited safely; change it by hand`, { code: 'CONFIG_NOT_EDITABLE' });
  }
  const before: PluginEntryState = flag && flag.value.type === 'BooleanLiteral' && !flag.value.value ? 'disabled' : 'enabled';
  if (flag) {
    if ((before === 'enabled') !== enabled) edits.push(doc.replace(flag.value, String(enabled)));
  } else if (!enabled) {
    edits.push(doc.prependProperty(value, 'enabled: false'));
  }
  if (enabled && options.package) {
    const pkg = doc.property(value, 'package');
    if (!pkg) edits.push(doc.appendProperty(value, `package: ${doc.quote(options.package)}`));
    else if (pkg.value.type !== 'StringLiteral' || pkg.value.value !== options.package) edits.push(doc.replace(pkg.value, doc.quote(options.package)));
  }
  return { code: apply(source, edits), changed: edits.length > 0, before };
}

/** What the file says about each plugin (for messages; the kernel decides what really runs). */
export function readPluginEntries(source: string, file = 'petamigos.config.ts'): Map<string, PluginEntryState> {
  const doc = new ConfigDocument(source, file);
  const plugins = doc.property(doc.configObject(), 'plugins');
  const entries = new Map<string, PluginEntryState>();
  if (!plugins || plugins.value.type !== 'ObjectExpression') return entries;
  for (const property of plugins.value.properties) {
    if (property.type !== 'ObjectProperty') continue;
    const key = keyName(property);
    if (!key) continue;
    const value = property.value;
    if (value.type === 'BooleanLiteral') entries.set(key, value.value ? 'enabled' : 'disabled');
    else if (value.type === 'ObjectExpression') {
      const flag = doc.property(value, 'enabled');
      entries.set(key, flag?.value.type === 'BooleanLiteral' && !flag.value.value ? 'disabled' : 'enabled');
    }
  }
  return entries;
}

function newEntry(doc: ConfigDocument, pkg: string | undefined): string {
  return pkg ? `{ package: ${doc.quote(pkg)} }` : 'true';
}

function apply(source: string, edits: Edit[]): string {
  let out = source;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

function keyName(property: ObjectProperty): string | undefined {
  if (property.computed) return undefined;
  if (property.key.type === 'Identifier') return property.key.name;
  if (property.key.type === 'StringLiteral') return property.key.value;
  return undefined;
}

type PropertyOf<V extends Node = Node> = ObjectProperty & { value: V };

class ConfigDocument {
  private readonly program: Program;
  private readonly quoteChar: string;

  constructor(
    private readonly source: string,
    private readonly file: string,
  ) {
    try {
      this.program = parse(source, { sourceType: 'module', plugins: ['typescript'] }).program;
    } catch (error) {
      throw new CliError(`${file} does not parse (${(error as Error).message}); fix it, then run the command again`, { code: 'CONFIG_NOT_EDITABLE' });
    }
    const quotes = source.match(/(['"])(?:(?!\1)[^\\\n]|\\.)*\1/g) ?? [];
    this.quoteChar = quotes.filter((q) => q.startsWith('"')).length > quotes.filter((q) => q.startsWith("'")).length ? '"' : "'";
  }

  /** The object literal the file exports: `defineConfig({...})`, `{...}`, `{...} satisfies X`, or a const holding one. */
  configObject(): ObjectExpression {
    const exported = this.program.body.find((s) => s.type === 'ExportDefaultDeclaration');
    if (!exported || exported.type !== 'ExportDefaultDeclaration') {
      throw new CliError(`${this.file} has no \`export default defineConfig({...})\`; add one (see \`petamigos init\`)`, { code: 'CONFIG_NOT_EDITABLE' });
    }
    const found = this.unwrap(exported.declaration as Node, 0);
    if (!found) {
      throw new CliError(`${this.file}: the default export is not an object literal (expected \`export default defineConfig({...})\`), so it cannot be edited safely; edit plugins by hand`, { code: 'CONFIG_NOT_EDITABLE' });
    }
    return found;
  }

  private unwrap(node: Node, depth: number): ObjectExpression | undefined {
    if (depth > 5) return undefined;
    switch (node.type) {
      case 'ObjectExpression':
        return node;
      case 'CallExpression':
        return node.arguments[0] ? this.unwrap(node.arguments[0], depth + 1) : undefined;
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'ParenthesizedExpression':
        return this.unwrap(node.expression, depth + 1);
      case 'Identifier': {
        for (const statement of this.program.body) {
          const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
          if (declaration?.type !== 'VariableDeclaration') continue;
          for (const d of declaration.declarations) {
            if (d.id.type === 'Identifier' && d.id.name === node.name && d.init) return this.unwrap(d.init, depth + 1);
          }
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  property<V extends Node = Expression>(object: ObjectExpression, name: string): PropertyOf<V> | undefined {
    // The last one wins at run time, so that is the one to edit.
    const matches = object.properties.filter((p): p is ObjectProperty => p.type === 'ObjectProperty' && keyName(p) === name);
    return matches[matches.length - 1] as PropertyOf<V> | undefined;
  }

  quote(value: string): string {
    const q = this.quoteChar;
    return `${q}${value.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`)}${q}`;
  }

  entryText(name: string, value: string): string {
    return `${/^[A-Za-z_$][\w$]*$/.test(name) ? name : this.quote(name)}: ${value}`;
  }

  replace(node: Node, text: string): Edit {
    return { start: node.start!, end: node.end!, text };
  }

  /** `{ <lines> }` laid out on its own lines, indented one step deeper than the line `near` starts on. */
  block(near: Node, lines: string[]): string {
    return this.blockAt(this.indentOfLine(near.start!), lines);
  }

  private blockAt(indent: string, lines: string[]): string {
    const inner = indent + this.indentUnit();
    return `{\n${lines.map((l) => `${inner}${l},\n`).join('')}${indent}}`;
  }

  /** A `plugins` block for a config that has none, laid out like the config's other keys. */
  addPluginsProperty(config: ObjectExpression, entry: string): Edit {
    const last = config.properties[config.properties.length - 1];
    if (!last) {
      const indent = this.indentOfLine(config.start!);
      return this.replace(config, `{\n${indent}${this.indentUnit()}plugins: ${this.blockAt(indent + this.indentUnit(), [entry])},\n${indent}}`);
    }
    if (!this.multiline(config)) return this.appendProperty(config, `plugins: { ${entry} }`);
    return this.appendProperty(config, `plugins: ${this.blockAt(this.indentOfLine(last.start!), [entry])}`);
  }

  /** Adds a property after the last one, on a new line when the object is laid out over lines. */
  appendProperty(object: ObjectExpression, text: string): Edit {
    const last = object.properties[object.properties.length - 1];
    if (!last) return this.replace(object, `{ ${text} }`);
    let position = last.end!;
    let rest = this.source.slice(position);
    const comma = /^[ \t]*,/.exec(rest);
    const hadComma = Boolean(comma);
    if (comma) {
      position += comma[0].length;
      rest = this.source.slice(position);
    }
    if (!this.multiline(object)) {
      return hadComma ? { start: position, end: position, text: ` ${text},` } : { start: position, end: position, text: `, ${text}` };
    }
    // Keep a comment that trails the last property on its line with that property.
    const trailing = /^[ \t]*(\/\/[^\n]*|\/\*[^\n]*?\*\/[ \t]*)(?=\n|$)/.exec(rest);
    const insertAt = position + (trailing ? trailing[0].length : 0);
    const indent = this.indentOfLine(last.start!);
    const line = `\n${indent}${text}${hadComma ? ',' : ''}`;
    if (hadComma) return { start: insertAt, end: insertAt, text: line };
    // No trailing comma: the comma goes right after the old last property, before its comment.
    return { start: last.end!, end: insertAt, text: `,${this.source.slice(last.end!, insertAt)}${line}` };
  }

  /** Adds a property before the first one (so `enabled: false` reads first). */
  prependProperty(object: ObjectExpression, text: string): Edit {
    const first = object.properties[0];
    if (!first) return this.replace(object, `{ ${text} }`);
    const separator = this.multiline(object) ? `,\n${this.indentOfLine(first.start!)}` : ', ';
    return { start: first.start!, end: first.start!, text: `${text}${separator}` };
  }

  private multiline(object: ObjectExpression): boolean {
    const first = object.properties[0];
    return first !== undefined && this.source.slice(object.start!, first.start!).includes('\n');
  }

  private indentOfLine(position: number): string {
    const lineStart = this.source.lastIndexOf('\n', position - 1) + 1;
    return /^[ \t]*/.exec(this.source.slice(lineStart))![0];
  }

  private indentUnit(): string {
    const config = this.configObject();
    const first = config.properties[0];
    if (first && this.multiline(config)) {
      const unit = this.indentOfLine(first.start!).slice(this.indentOfLine(config.start!).length);
      if (unit.length > 0) return unit;
    }
    return '  ';
  }
}
