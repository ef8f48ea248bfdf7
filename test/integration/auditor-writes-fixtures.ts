/** A JSON value that satisfies a (simple) JSON schema: required members only, the first choice. */
export function exampleOf(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null) return null;
  const s = schema as Record<string, unknown>;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options: unknown = s[key];
    if (Array.isArray(options)) {
      const choices = options as unknown[];
      const first = choices.find((o) => (o as { type?: string }).type !== 'null') ?? choices[0];
      return exampleOf(first);
    }
  }
  switch (s.type) {
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      const required = Array.isArray(s.required) ? (s.required as string[]) : [];
      return Object.fromEntries(required.map((name) => [name, exampleOf(properties[name])]));
    }
    case 'array':
      return typeof s.minItems === 'number' && s.minItems > 0 ? [exampleOf(s.items)] : [];
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? Math.max(s.minimum, 1) : 1;
    case 'boolean':
      return false;
    case 'string':
      if (s.format === 'date' || (typeof s.pattern === 'string' && s.pattern.includes('\\d{4}')))
        return '2027-01-12';
      if (s.format === 'date-time') return '2027-01-12T10:00:00Z';
      if (s.format === 'email') return 'auditor@example.org';
      return 'An auditor’s attempt to write'.slice(
        0,
        typeof s.maxLength === 'number' ? s.maxLength : undefined,
      );
    default:
      return null;
  }
}
