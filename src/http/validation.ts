/**
 * How request schemas are checked (Ajv, through Fastify): the first error only, types coerced
 * from query strings, nothing removed.
 */
export const AJV_OPTIONS = {
  customOptions: { allErrors: false, coerceTypes: 'array' as const, removeAdditional: false },
};
