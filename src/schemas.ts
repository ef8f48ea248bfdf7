import { Type, type TSchema } from 'typebox';

/** Every API error: a code from the catalogue, a message for people, and the field at fault. */
export const ErrorSchema = Type.Object({
  code: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
});

/** Responses for the errors any authenticated route can give. */
export function withErrors<T extends Record<number, TSchema>>(responses: T) {
  return {
    400: ErrorSchema,
    401: ErrorSchema,
    403: ErrorSchema,
    404: ErrorSchema,
    409: ErrorSchema,
    ...responses,
  };
}

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const IsoDate = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'YYYY-MM-DD',
});
