import AjvCompiler, { type Ajv, type BuildCompilerFromPool } from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import { compiledOnFirstUse } from './lazy-schemas.ts';
import { CONTROL_CHARACTERS, MAX_INTEGER, isCalendarDate } from '../schemas.ts';

/**
 * How request schemas are checked (issue 11: hostile input gets a 4xx, never a 5xx).
 *
 * - Bodies are JSON and are never coerced: `"1"`, `true`, `[1]` or `null` is not an integer.
 * - Path and query parameters arrive as text; a number there is written in plain decimal digits
 *   (an optional minus sign, no leading zero): `0x10`, `1e1`, `" 1"`, `+1`, `Infinity` are refused
 *   before Ajv turns the rest into numbers. A repeated query key is an array and fails a scalar.
 * - Every integer without its own bounds is kept within PostgreSQL's `integer`
 *   ({@link MAX_INTEGER}), every number is finite, every string refuses control characters other
 *   than tab, newline and carriage return, and `format: date` is a real calendar date.
 * - The first error only (a request cannot make the server collect thousands), nothing removed.
 */
const COMMON = { allErrors: false, removeAdditional: false, strictNumbers: true } as const;
const BODY_OPTIONS = { ...COMMON, coerceTypes: false } as const;
const TEXT_OPTIONS = { ...COMMON, coerceTypes: 'array' } as const;

/** The keyword every request string gets: no control characters but tab, LF and CR. */
const TEXT_KEYWORD = 'x-plain-text';

function addKeywords(ajv: Ajv): void {
  ajv.addFormat('date', { type: 'string', validate: isCalendarDate });
  ajv.addKeyword({
    keyword: TEXT_KEYWORD,
    type: 'string',
    schemaType: 'boolean',
    errors: true,
    validate: function plainText(this: unknown, enabled: boolean, data: string) {
      if (!enabled || !CONTROL_CHARACTERS.test(data)) return true;
      (plainText as unknown as { errors: unknown[] }).errors = [
        {
          keyword: TEXT_KEYWORD,
          message: 'must not contain control characters',
          params: {},
        },
      ];
      return false;
    },
  });
}

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typesOf(schema: Schema): string[] {
  const type = schema.type;
  return Array.isArray(type) ? (type as string[]) : typeof type === 'string' ? [type] : [];
}

/**
 * A copy of a request schema with the limits every request value has (see above). The route's
 * own schema is left alone: the OpenAPI document shows what the route declared.
 */
export function hardenSchema<T>(schema: T): T {
  return harden(schema) as T;
}

function harden(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(harden);
  if (!isSchema(schema)) return schema;
  const copy: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties`, `patternProperties`, `$defs` hold schemas by name; the rest are keywords.
    copy[key] =
      key === 'properties' || key === 'patternProperties' || key === '$defs'
        ? Object.fromEntries(
            Object.entries(value as Schema).map(([name, sub]) => [name, harden(sub)]),
          )
        : key === 'enum' || key === 'const' || key === 'default' || key === 'examples'
          ? value
          : harden(value);
  }
  const types = typesOf(copy);
  if (types.includes('integer')) {
    if (copy.maximum === undefined && copy.exclusiveMaximum === undefined)
      copy.maximum = MAX_INTEGER;
    if (copy.minimum === undefined && copy.exclusiveMinimum === undefined)
      copy.minimum = -MAX_INTEGER - 1;
  }
  if (types.includes('string')) copy[TEXT_KEYWORD] = true;
  return copy;
}

/** The types a parameter's schema admits, looking through unions and `allOf`. */
function admittedTypes(schema: unknown): Set<string> {
  const types = new Set<string>();
  if (!isSchema(schema)) return types;
  for (const type of typesOf(schema)) types.add(type);
  if (schema.const !== undefined || schema.enum !== undefined) types.add('string');
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const list = schema[key];
    if (Array.isArray(list))
      for (const sub of list) for (const t of admittedTypes(sub)) types.add(t);
  }
  if (types.size === 0) types.add('string');
  return types;
}

const INTEGER_TEXT = /^-?(0|[1-9][0-9]{0,15})$/;
const NUMBER_TEXT = /^-?(0|[1-9][0-9]{0,15})(\.[0-9]{1,15})?$/;

/**
 * The pattern a text parameter must match to be read as a number, or undefined when the
 * parameter is not numeric (or may also be text, which Ajv then decides).
 */
function numberPatternOf(schema: unknown): RegExp | undefined {
  let types = admittedTypes(schema);
  if (isSchema(schema) && types.has('array') && isSchema(schema.items)) {
    types = admittedTypes(schema.items);
  }
  if (types.has('string')) return undefined;
  if (types.has('number')) return NUMBER_TEXT;
  if (types.has('integer')) return INTEGER_TEXT;
  return undefined;
}

interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message: string;
  params: Record<string, unknown>;
}

type Validate = ((data: unknown, context?: never) => unknown) & {
  errors?: unknown;
  schemaEnv?: unknown;
};

/** Wraps a parameters validator: numeric parameters must be plain decimal text first. */
function strictNumbers<F extends Validate>(schema: unknown, validate: F): F {
  const properties = isSchema(schema) && isSchema(schema.properties) ? schema.properties : {};
  const numeric = Object.entries(properties)
    .map(([name, sub]) => [name, numberPatternOf(sub)] as const)
    .filter((entry): entry is readonly [string, RegExp] => entry[1] !== undefined);
  if (numeric.length === 0) return validate;
  const check = ((data: unknown, context?: never) => {
    const values = isSchema(data) ? data : {};
    for (const [name, pattern] of numeric) {
      const value = values[name];
      if (value === undefined) continue;
      const texts = Array.isArray(value) ? value : [value];
      if (texts.some((text) => typeof text === 'string' && !pattern.test(text))) {
        const issue: ValidationIssue = {
          instancePath: `/${name}`,
          keyword: 'type',
          message:
            pattern === INTEGER_TEXT
              ? 'must be a whole number written in decimal digits'
              : 'must be a number written in decimal digits',
          params: {},
        };
        check.errors = [issue];
        return false;
      }
    }
    const valid = validate(data, context);
    check.errors = validate.errors;
    return valid;
  }) as F;
  // Fastify hands Ajv the parent of the value when the validator has a schemaEnv.
  Object.defineProperty(check, 'schemaEnv', { value: validate.schemaEnv });
  return check;
}

/** Builds the validators: Fastify's own Ajv compiler, twice (bodies, and text parameters). */
const buildValidator: BuildCompilerFromPool = (externalSchemas) => {
  const factory = AjvCompiler();
  const strict = factory(externalSchemas, { customOptions: BODY_OPTIONS, onCreate: addKeywords });
  const fromText = factory(externalSchemas, { customOptions: TEXT_OPTIONS, onCreate: addKeywords });
  return (route) => {
    const schema = hardenSchema(route.schema);
    if (route.httpPart === 'body') return strict({ ...route, schema });
    const validate = fromText({ ...route, schema });
    if (route.httpPart === 'headers') return validate;
    return strictNumbers(schema, validate);
  };
};

/**
 * Fastify's `schemaController` option: the request validators described above and Fastify's own
 * response serialisers, each compiled on its route's first request (src/http/lazy-schemas.ts).
 */
export const SCHEMA_CONTROLLER = {
  compilersFactory: {
    buildValidator: compiledOnFirstUse(buildValidator),
    buildSerializer: compiledOnFirstUse(SerializerSelector()),
  },
};
