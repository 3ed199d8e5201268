import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

const shared: Options = { useDefaults: true, removeAdditional: false, allErrors: false, strict: false, addUsedSchema: false };

/**
 * Bodies are validated strictly (a number where a string is expected is an error, not "5"), while
 * querystrings, params and headers, which only ever arrive as text, are coerced to their types.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  const strict = addFormats.default(new Ajv({ ...shared, coerceTypes: false }));
  const coercing = addFormats.default(new Ajv({ ...shared, coerceTypes: 'array' }));
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema as object);
}
