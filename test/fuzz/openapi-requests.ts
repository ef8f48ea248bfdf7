import fc from 'fast-check';

/**
 * Issue 11: requests generated from the app's own OpenAPI document — every operation, valid and
 * hostile values of each parameter and body field, and bodies that are not what they claim.
 */

export type Schema = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  parameters: Parameter[];
  body: Schema | undefined;
}

interface OpenApiOperation {
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation the document lists (paths and cookies/headers parameters aside). */
export function operationsOf(document: {
  paths: Record<string, Record<string, OpenApiOperation>>;
}): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = (operation.parameters ?? [])
        .filter((p) => p.in === 'path' || p.in === 'query')
        .map((p) => ({
          name: p.name,
          in: p.in as 'path' | 'query',
          required: p.in === 'path' || p.required === true,
          schema: p.schema ?? {},
        }));
      const body = operation.requestBody?.content?.['application/json']?.schema;
      operations.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        parameters,
        body,
      });
    }
  }
  return operations;
}

/** A value to be written into a URL as it is, not encoded (a bad percent-encoding). */
export class RawText {
  constructor(readonly text: string) {}
}

const HOSTILE_TEXT = [
  '\u0000',
  'a\u0000b',
  '\u001b[31mred',
  '\u0007',
  '\u0085',
  '\ud800',
  '',
  ' ',
  "' or 1=1 --",
  '%00',
  '2027-02-31',
  '2027-02-29',
  '2027-13-01',
  '0000-01-01',
  '99999-01-01',
  '2027-1-1',
  '2027-02-31T10:00:00Z',
  '99999999999999999999',
  '1e30',
  '0x10',
  ' 1',
  'Infinity',
  'NaN',
  '-1',
  '1.5',
  'true',
  'null',
  '[]',
  '{}',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  'x'.repeat(300),
];

const HOSTILE_JSON: unknown[] = [
  1e20,
  1e30,
  -1,
  0,
  1.5,
  -2147483649,
  2147483648,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  false,
  null,
  [],
  [1],
  ['a'],
  {},
  { a: 1 },
  'x'.repeat(20_000),
];

const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_TEXT),
  fc.constantFrom(...HOSTILE_JSON),
);

/** Hostile text for a path or query parameter; a RawText is a bad percent-encoding. */
const hostileParameter: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 1, arbitrary: fc.constant(new RawText('%ff')) },
  { weight: 1, arbitrary: fc.constant(new RawText('%')) },
  { weight: 1, arbitrary: fc.constant(['1', '2']) },
);

const DATES = ['2026-11-27', '2026-12-10', '2027-01-04', '2027-02-25', '2027-06-24', '2028-02-29'];

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeOf(schema: Schema): string | undefined {
  const type = schema.type;
  if (Array.isArray(type)) return type.find((t) => t !== 'null') as string | undefined;
  return typeof type === 'string' ? type : undefined;
}

/** Options for value generation: how often a value is swapped for a hostile one. */
export interface Hostility {
  /** Weight of a hostile value against 10 for a valid one (0: always valid). */
  weight: number;
}

function withHostility(
  valid: fc.Arbitrary<unknown>,
  hostility: Hostility,
  hostile: fc.Arbitrary<unknown> = hostileJson,
): fc.Arbitrary<unknown> {
  if (hostility.weight === 0) return valid;
  return fc.oneof(
    { weight: 10, arbitrary: valid },
    { weight: hostility.weight, arbitrary: hostile },
  );
}

function stringFor(schema: Schema): fc.Arbitrary<string> {
  if (schema.format === 'date') return fc.constantFrom(...DATES);
  if (schema.format === 'date-time') {
    return fc
      .date({ min: new Date('2025-01-01'), max: new Date('2029-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString());
  }
  if (typeof schema.pattern === 'string') {
    if (schema.pattern.includes('\\d{4}-\\d{2}-\\d{2}')) return fc.constantFrom(...DATES);
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= 200);
    } catch {
      // A pattern fast-check cannot generate from: plain text then.
    }
  }
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = Math.min(typeof schema.maxLength === 'number' ? schema.maxLength : 40, 60);
  return fc.oneof(
    fc.constantFrom(
      'MP123',
      'Smart meter change',
      'SEC Section D',
      'yes',
      'panel',
      'a@example.org',
    ),
    fc.string({ minLength, maxLength: Math.max(minLength, maxLength) }),
  );
}

function numberFor(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = typeof schema.minimum === 'number' ? schema.minimum : integer ? 0 : -1000;
  const max = typeof schema.maximum === 'number' ? schema.maximum : integer ? 5000 : 1e6;
  if (!integer) return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  // Small ids hit rows that exist; the rest reach the edges of the range.
  const low = Math.max(min, 1);
  const high = Math.min(max, 40);
  if (low > high) return fc.oneof(fc.constantFrom(min, max), fc.integer({ min, max }));
  return fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: low, max: high }) },
    { weight: 1, arbitrary: fc.constantFrom(min, max) },
    { weight: 1, arbitrary: fc.integer({ min, max }) },
  );
}

/** A value for `schema`, valid by default, hostile at `hostility`'s rate at every level. */
export function valueFor(schema: unknown, hostility: Hostility, depth = 0): fc.Arbitrary<unknown> {
  if (!isSchema(schema) || depth > 6) return fc.constant(null);
  const build = (): fc.Arbitrary<unknown> => {
    if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
    if ('const' in schema) return fc.constant(schema.const);
    for (const key of ['anyOf', 'oneOf'] as const) {
      const list = schema[key];
      if (Array.isArray(list) && list.length > 0) {
        return fc.oneof(...list.map((sub) => valueFor(sub, hostility, depth + 1)));
      }
    }
    if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
      return valueFor(schema.allOf[0], hostility, depth + 1);
    }
    const type = typeOf(schema);
    if (type === 'string') return stringFor(schema);
    if (type === 'integer') return numberFor(schema, true);
    if (type === 'number') return numberFor(schema, false);
    if (type === 'boolean') return fc.boolean();
    if (type === 'null') return fc.constant(null);
    if (type === 'array') {
      const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const maxLength = Math.max(minLength, Math.min(Number(schema.maxItems ?? 3), 3));
      return fc.array(valueFor(schema.items, hostility, depth + 1), { minLength, maxLength });
    }
    if (type === 'object' || isSchema(schema.properties))
      return objectFor(schema, hostility, depth);
    return fc.constant('x');
  };
  const valid = schema.nullable === true ? fc.oneof(build(), fc.constant(null)) : build();
  return withHostility(valid, hostility);
}

function objectFor(schema: Schema, hostility: Hostility, depth: number): fc.Arbitrary<unknown> {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, sub] of Object.entries(properties)) {
    record[name] = valueFor(sub, hostility, depth + 1);
  }
  const requiredKeys = [...required].filter((name) => name in record);
  const object = fc.record(record, { requiredKeys });
  if (hostility.weight === 0 || requiredKeys.length === 0) return object;
  // Sometimes a required field is missing, or an unknown one is added.
  return fc
    .tuple(object, fc.nat({ max: requiredKeys.length * 4 }), fc.boolean())
    .map(([value, drop, extra]) => {
      const name = requiredKeys[drop];
      const copy: Record<string, unknown> = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).filter(([key]) => key !== name),
      );
      if (extra && drop % 3 === 0) copy.unexpected = '\u0000';
      return copy;
    });
}

/** How a body is sent: as JSON, or as something that is not the JSON it should be. */
export type BodyKind =
  | 'json'
  | 'malformed-json'
  | 'json-not-object'
  | 'empty-json'
  | 'form'
  | 'multipart-no-boundary'
  | 'multipart-malformed'
  | 'multipart-nul-filename'
  | 'text'
  | 'deep-json'
  | 'proto-json';

export interface GeneratedRequest {
  operation: number;
  principal: number;
  method: Operation['method'];
  url: string;
  headers: Record<string, string>;
  payload: string | undefined;
  bodyKind: BodyKind | undefined;
}

function urlOf(operation: Operation, values: Record<string, unknown>): string {
  const text = (value: unknown) => (value instanceof RawText ? value.text : String(value));
  const encode = (value: unknown) => {
    if (value instanceof RawText) return value.text;
    try {
      return encodeURIComponent(text(value));
    } catch {
      return '%ED%A0%80'; // a lone surrogate: the UTF-8 bytes of U+D800, not valid UTF-8
    }
  };
  let path = operation.path;
  const query: string[] = [];
  for (const parameter of operation.parameters) {
    const value = values[parameter.name];
    if (value === undefined) continue;
    if (parameter.in === 'path') {
      path = path.replace(`{${parameter.name}}`, encode(Array.isArray(value) ? value[0] : value));
    } else {
      for (const item of [value].flat()) query.push(`${parameter.name}=${encode(item)}`);
    }
  }
  // A path parameter never left empty by accident.
  path = path.replace(/\{[^}]+\}/g, '1');
  return query.length > 0 ? `${path}?${query.join('&')}` : path;
}

function formOf(value: unknown): string {
  if (!isSchema(value)) return 'value=' + encodeURIComponent(JSON.stringify(value));
  const params = new URLSearchParams();
  for (const [key, item] of Object.entries(value)) {
    for (const one of [item].flat()) {
      params.append(key, typeof one === 'string' ? one : JSON.stringify(one));
    }
  }
  return params.toString();
}

const BOUNDARY = 'fuzzboundary';

function bodyOf(kind: BodyKind, value: unknown): { contentType: string; payload: string } {
  switch (kind) {
    case 'json':
      return {
        contentType: 'application/json',
        payload: value === undefined ? 'null' : JSON.stringify(value),
      };
    case 'malformed-json':
      return { contentType: 'application/json', payload: '{"a": 1,' };
    case 'json-not-object':
      return { contentType: 'application/json', payload: '[1, "a", null]' };
    case 'empty-json':
      return { contentType: 'application/json', payload: '' };
    case 'form':
      return { contentType: 'application/x-www-form-urlencoded', payload: formOf(value) };
    case 'multipart-no-boundary':
      return { contentType: 'multipart/form-data', payload: 'hello' };
    case 'multipart-malformed':
      return {
        contentType: `multipart/form-data; boundary=${BOUNDARY}`,
        payload: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated`,
      };
    case 'multipart-nul-filename':
      return {
        contentType: `multipart/form-data; boundary=${BOUNDARY}`,
        payload: [
          `--${BOUNDARY}`,
          'Content-Disposition: form-data; name="note"',
          '',
          'a\u0000b',
          `--${BOUNDARY}`,
          'Content-Disposition: form-data; name="file"; filename="a\u0000.txt"',
          'Content-Type: text/plain',
          '',
          'hello',
          `--${BOUNDARY}--`,
          '',
        ].join('\r\n'),
      };
    case 'text':
      return { contentType: 'text/plain', payload: 'hello' };
    case 'deep-json':
      return { contentType: 'application/json', payload: '['.repeat(5000) + ']'.repeat(5000) };
    case 'proto-json':
      return { contentType: 'application/json', payload: '{"__proto__": {"admin": true}}' };
  }
}

const HOSTILE_BODY_KINDS: BodyKind[] = [
  'malformed-json',
  'json-not-object',
  'empty-json',
  'form',
  'multipart-no-boundary',
  'multipart-malformed',
  'multipart-nul-filename',
  'text',
  'deep-json',
  'proto-json',
];

/** One request for `operation` by `principal`, with values at `hostility`. */
export function requestFor(
  operations: readonly Operation[],
  index: number,
  principal: number,
  hostility: Hostility,
): fc.Arbitrary<GeneratedRequest> {
  const operation = operations[index] as Operation;
  const parameterValues: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const parameter of operation.parameters) {
    const valid = valueFor(parameter.schema, { weight: 0 });
    parameterValues[parameter.name] = withHostility(valid, hostility, hostileParameter);
    if (parameter.required) requiredKeys.push(parameter.name);
  }
  const sendsBody = operation.method !== 'GET' && operation.method !== 'DELETE';
  const bodyKind: fc.Arbitrary<BodyKind | undefined> = !sendsBody
    ? fc.constant(undefined)
    : hostility.weight === 0
      ? fc.constant('json')
      : fc.oneof(
          { weight: 12, arbitrary: fc.constant<BodyKind>('json') },
          { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_BODY_KINDS) },
        );
  return fc
    .record({
      values: fc.record(parameterValues, { requiredKeys }),
      body: operation.body ? valueFor(operation.body, hostility) : fc.constant({}),
      bodyKind,
    })
    .map(({ values, body, bodyKind: kind }) => {
      const headers: Record<string, string> = {};
      let payload: string | undefined;
      if (kind !== undefined) {
        const sent = bodyOf(kind, body);
        headers['content-type'] = sent.contentType;
        payload = sent.payload;
      }
      return {
        operation: index,
        principal,
        method: operation.method,
        url: urlOf(operation, values),
        headers,
        payload,
        bodyKind: kind,
      };
    });
}

/**
 * The plan: first every operation by every principal with valid values, then `total` requests
 * in all, of random operations and principals with hostile values mixed in. Deterministic for
 * a seed.
 */
export function planRequests(
  operations: readonly Operation[],
  principals: number,
  total: number,
  seed: number,
): GeneratedRequest[] {
  const plan: GeneratedRequest[] = [];
  let run = 0;
  for (let index = 0; index < operations.length; index += 1) {
    for (let principal = 0; principal < principals; principal += 1) {
      const [request] = fc.sample(requestFor(operations, index, principal, { weight: 0 }), {
        seed: seed + run,
        numRuns: 1,
      });
      run += 1;
      if (request) plan.push(request);
    }
  }
  const random = fc
    .tuple(fc.nat({ max: operations.length - 1 }), fc.nat({ max: principals - 1 }))
    .chain(([index, principal]) => requestFor(operations, index, principal, { weight: 3 }));
  const rest = Math.max(0, total - plan.length);
  if (rest > 0) plan.push(...fc.sample(random, { seed, numRuns: rest }));
  return plan;
}
