import { Type, type TSchema } from 'typebox';
import { isIsoDate } from './calendar/civil-date.ts';
import { ERRORS, type ErrorCode } from './errors.ts';

/**
 * Issue 11: the largest whole number a request may carry, PostgreSQL's `integer`. Ids are
 * `bigint` but never reach it; versions and counts are `integer`. The request validators
 * (src/http/validation.ts) give every integer without its own maximum this one.
 */
export const MAX_INTEGER = 2_147_483_647;

/**
 * Issue 11: control characters no request text may hold — C0 but tab, LF and CR, DEL and C1.
 * PostgreSQL refuses NUL in text; the rest have no place in what people write.
 */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Issue 11: a real calendar date written `YYYY-MM-DD` (not 2027-02-29, 2027-02-31, 2027-13-01). */
export function isCalendarDate(value: string): boolean {
  return isIsoDate(value);
}

/** Every API error: a code from the catalogue, a message for people, and the field at fault. */
export const ErrorSchema = Type.Object({
  code: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
});

/**
 * Responses for the errors any authenticated route can give. `refusals` names the catalogue codes
 * this route refuses with beyond the generic ones: each is listed, with its message, in the
 * description of its status's response, so the OpenAPI document says what a client must handle.
 */
export function withErrors<T extends Record<number, TSchema>>(
  responses: T,
  refusals: readonly ErrorCode[] = [],
) {
  const unlisted = refusals.filter((code) => ![400, 403, 409].includes(ERRORS[code].status));
  if (unlisted.length > 0) {
    throw new Error(`withErrors lists 400, 403 and 409 refusals only, not ${unlisted.join(', ')}`);
  }
  const described = (status: number) => {
    const codes = refusals.filter((code) => ERRORS[code].status === status);
    if (codes.length === 0) return ErrorSchema;
    const lines = codes.map((code) => `\`${code}\`: ${ERRORS[code].message}`);
    return Type.Object(ErrorSchema.properties, {
      description: `Refused, with one of these codes: ${lines.join('; ')}`,
    });
  };
  return {
    400: described(400),
    401: ErrorSchema,
    403: described(403),
    404: ErrorSchema,
    409: described(409),
    ...responses,
  };
}

/** A row's id in a path, query or body: 1 up to {@link MAX_INTEGER}. */
export const Id = (options: { description?: string } = {}) =>
  Type.Integer({ minimum: 1, maximum: MAX_INTEGER, ...options });

export const IdParams = Type.Object({ id: Id() });

/** A real calendar date (`format: date` is checked against the calendar, issue 11). */
export const IsoDate = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  format: 'date',
  description: 'YYYY-MM-DD, a real calendar date',
});
