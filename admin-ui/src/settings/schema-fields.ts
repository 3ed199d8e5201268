/**
 * Turns a plugin's settings schema (JSON Schema as TypeBox writes it) into form fields, and form
 * input back into values. Pure functions, so the rules are tested without a browser
 * (admin-ui/test/schema-fields.test.ts).
 */
type Json = Record<string, unknown>;

export type FieldKind = 'integer' | 'number' | 'string' | 'boolean' | 'enum' | 'stringArray' | 'json';

export interface FieldSpec {
  key: string;
  kind: FieldKind;
  title?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minItems?: number;
  maxItems?: number;
  /** Allowed values of an enum, or of each item of an array of strings. */
  options?: string[];
  /** The schema's own words for a wrong value (`errorMessage`), shown instead of the validator's. */
  errorMessage?: string;
  secret: boolean;
  /** In the schema's `required`: the form offers no "not set" (an admin's value goes back to the default with Reset). */
  required: boolean;
}

const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** `enum: [...]`, or a union of string constants (`Type.Union([Type.Literal('a'), …])`). */
function optionsOf(schema: Json): string[] | undefined {
  if (Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === 'string')) return schema.enum as string[];
  const union = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (Array.isArray(union) && union.length > 0 && union.every((s) => typeof s?.const === 'string')) return union.map((s) => s.const as string);
  return undefined;
}

/** A union with null (`Type.Union([X, Type.Null()])`) is edited as X; clearing it sends null. */
function withoutNull(schema: Json): Json {
  const union = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (!Array.isArray(union)) return schema;
  const rest = union.filter((s) => s?.type !== 'null');
  return rest.length === 1 && rest.length < union.length ? { ...rest[0], ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== 'anyOf' && k !== 'oneOf')) } : schema;
}

function kindOf(schema: Json): FieldKind {
  if (optionsOf(schema)) return 'enum';
  switch (schema.type) {
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'array': {
      const items = (schema.items ?? {}) as Json;
      return items.type === 'string' || optionsOf(items) ? 'stringArray' : 'json';
    }
    default:
      return 'json';
  }
}

export function fieldsOf(schema: Json): FieldSpec[] {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(properties).map(([key, raw]) => {
    const prop = withoutNull(raw);
    const kind = kindOf(prop);
    const items = (prop.items ?? {}) as Json;
    return {
      key,
      kind,
      title: str(prop.title),
      description: str(prop.description),
      default: prop.default,
      minimum: num(prop.minimum),
      maximum: num(prop.maximum),
      exclusiveMinimum: num(prop.exclusiveMinimum),
      exclusiveMaximum: num(prop.exclusiveMaximum),
      multipleOf: num(prop.multipleOf),
      minLength: num(kind === 'stringArray' ? items.minLength : prop.minLength),
      maxLength: num(kind === 'stringArray' ? items.maxLength : prop.maxLength),
      pattern: str(kind === 'stringArray' ? items.pattern : prop.pattern),
      format: str(kind === 'stringArray' ? items.format : prop.format),
      minItems: num(prop.minItems),
      maxItems: num(prop.maxItems),
      options: kind === 'enum' ? optionsOf(prop) : kind === 'stringArray' ? optionsOf(items) : undefined,
      errorMessage: str(raw.errorMessage) ?? str(prop.errorMessage),
      secret: raw.writeOnly === true,
      required: required.has(key),
    };
  });
}

/** "maxImagesPerPost" → "Max images per post": a label when neither the plugin nor the schema gives one. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export type InputValue = string | boolean;

/** A stored value as the form control holds it. */
export function toInput(spec: FieldSpec, value: unknown): InputValue {
  if (spec.kind === 'boolean') return value === true;
  if (value === undefined || value === null) return '';
  if (spec.kind === 'stringArray') return Array.isArray(value) ? value.map(String).join('\n') : '';
  if (spec.kind === 'json') return JSON.stringify(value, null, 2);
  return String(value);
}

/**
 * What the form control holds, as the value to send. An empty control means "no value of mine"
 * (null: back to the config file or the default). Numbers that do not parse and JSON that does
 * not parse are reported here; every other rule is the server's, checked by the same schema.
 */
export function fromInput(spec: FieldSpec, input: InputValue): { value: unknown } | { problem: 'number' | 'json' } {
  if (spec.kind === 'boolean') return { value: input === true };
  const text = typeof input === 'string' ? input : '';
  if (spec.kind === 'stringArray') {
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    return { value: lines };
  }
  if (text.trim() === '') return { value: null };
  if (spec.kind === 'integer' || spec.kind === 'number') {
    const n = Number(text.trim());
    return Number.isFinite(n) ? { value: n } : { problem: 'number' };
  }
  if (spec.kind === 'json') {
    try {
      return { value: JSON.parse(text) as unknown };
    } catch {
      return { problem: 'json' };
    }
  }
  return { value: text };
}

export interface FieldProblem {
  field: string;
  message: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/** The server's VALIDATION_FAILED details (`[{ field, message, keyword, params }]`), by top-level setting. */
export function problemsByField(details: unknown): Map<string, FieldProblem> {
  const list = Array.isArray(details) ? details : Array.isArray((details as Json | undefined)?.fields) ? ((details as Json).fields as unknown[]) : details && typeof details === 'object' && 'field' in details ? [details] : [];
  const byField = new Map<string, FieldProblem>();
  for (const entry of list as Json[]) {
    const path = String(entry.field ?? entry.path ?? '').replace(/^\//, '').replace(/\//g, '.');
    const top = path.split('.')[0];
    if (!top || byField.has(top)) continue;
    byField.set(top, { field: top, message: String(entry.message ?? ''), keyword: str(entry.keyword), params: (entry.params as Record<string, unknown> | undefined) ?? {} });
  }
  return byField;
}
