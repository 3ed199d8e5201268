import type { TSchema } from 'typebox';
import Value from 'typebox/value';
import { ConfigError, closest, describeValue } from './config-error.js';

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

/**
 * Applies a schema's defaults to a copy of `value` and checks it, throwing a one-line ConfigError
 * for the most useful problem found. Used for the config file and for every plugin's settings,
 * so both report errors the same way.
 */
export function checkAgainstSchema<T>(schema: TSchema, value: unknown, basePath: string, source?: string): T {
  const candidate = Value.Default(schema, Value.Clone(value ?? {}));
  const errors = [...Value.Errors(schema, candidate)] as SchemaError[];
  if (errors.length === 0) return candidate as T;
  const error = mostUseful(errors);
  const segments = error.instancePath.split('/').slice(1).map(unescapePointer);
  const join = (extra: string[] = []) => [basePath, ...segments, ...extra].filter(Boolean).join('.');

  if (error.keyword === 'additionalProperties' || (error.keyword === 'boolean' && /schema is false/.test(error.message))) {
    const parentSegments = error.keyword === 'boolean' ? segments.slice(0, -1) : segments;
    const unknownKey = error.keyword === 'boolean'
      ? segments[segments.length - 1]!
      : String((error.params.additionalProperties as string[] | undefined)?.[0] ?? '?');
    const known = Object.keys(schemaAt(schema, parentSegments)?.properties ?? {});
    const hint = closest(unknownKey, known);
    const path = [basePath, ...parentSegments, unknownKey].filter(Boolean).join('.');
    throw new ConfigError(path, `unknown key${hint ? ` (did you mean "${hint}"?)` : ''}; expected one of: ${known.join(', ') || 'no keys'}`, source);
  }
  if (error.keyword === 'required') {
    const missing = (error.params.requiredProperties as string[] | undefined)?.[0] ?? '?';
    throw new ConfigError(join([missing]), 'required value is missing', source);
  }
  const found = describeValue(pointerGet(candidate, segments));
  throw new ConfigError(join(), `expected ${expectation(error, schemaAt(schema, segments))}, found ${found}`, source);
}

function mostUseful(errors: SchemaError[]): SchemaError {
  const rank = (e: SchemaError) =>
    e.keyword === 'boolean' ? 0 : e.keyword === 'additionalProperties' ? 1 : e.keyword === 'required' ? 2 : e.keyword === 'type' ? 3 : 4;
  // Deepest path first among equally ranked errors: it names the exact key.
  return [...errors].sort((a, b) => rank(a) - rank(b) || b.instancePath.length - a.instancePath.length)[0]!;
}

function expectation(error: SchemaError, schema: TSchema | undefined): string {
  const s = schema as Record<string, unknown> | undefined;
  if (s?.anyOf && Array.isArray(s.anyOf)) {
    return (s.anyOf as Record<string, unknown>[])
      .map((alt) => ('const' in alt ? JSON.stringify(alt.const) : String(alt.type ?? 'value')))
      .join(' or ');
  }
  switch (error.keyword) {
    case 'type': return `${article(String(error.params.type))}`;
    case 'pattern': return `a string matching ${String(error.params.pattern)}`;
    case 'minLength': return `a string of at least ${String(error.params.limit)} characters`;
    case 'minimum': return `a number >= ${String(error.params.limit)}`;
    case 'maximum': return `a number <= ${String(error.params.limit)}`;
    case 'const': return JSON.stringify(error.params.allowedValue ?? s?.const);
    default: return error.message.replace(/^must (be )?/, '');
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function schemaAt(schema: TSchema, segments: string[]): (TSchema & { properties?: Record<string, TSchema> }) | undefined {
  let node: Record<string, unknown> | undefined = schema as Record<string, unknown>;
  for (const segment of segments) {
    const props = node?.properties as Record<string, Record<string, unknown>> | undefined;
    if (props?.[segment]) node = props[segment];
    else if (node?.items && /^\d+$/.test(segment)) node = node.items as Record<string, unknown>;
    else return undefined;
  }
  return node as TSchema & { properties?: Record<string, TSchema> };
}

function pointerGet(value: unknown, segments: string[]): unknown {
  let node = value;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
