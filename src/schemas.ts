import { Type, type TSchema } from 'typebox';
import { ERRORS, type ErrorCode } from './errors.ts';

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

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const IsoDate = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'YYYY-MM-DD',
});
