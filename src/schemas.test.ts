import { describe, expect, it } from 'vitest';
import { ErrorSchema, withErrors } from './schemas.ts';

describe('withErrors: the refusals a route names are in its OpenAPI responses', () => {
  it('lists each code with its message under its own status, and leaves the others generic', () => {
    const responses = withErrors({}, ['rid_frozen', 'fast_track_panel_only', 'validation_failed']);
    const description = (status: 400 | 403 | 409) =>
      (responses[status] as { description?: string }).description;
    expect(description(409)).toMatch(/`rid_frozen`: /);
    expect(description(403)).toBe(
      'Refused, with one of these codes: `fast_track_panel_only`: Only the Panel may raise a Fast-Track Modification',
    );
    expect(description(400)).toMatch(/^Refused, with one of these codes: `validation_failed`/);
    expect(responses[404]).toBe(ErrorSchema);
    expect(withErrors({})[409]).toBe(ErrorSchema);
  });

  it('refuses a code whose status it cannot list, so no refusal goes undocumented', () => {
    expect(() => withErrors({}, ['rate_limited'])).toThrow(/not rate_limited/);
  });
});
