import { describe, expect, it } from 'vitest';
import {
  checkEmail,
  checkPartyCategory,
  checkPassword,
  isParty,
  isSessionLive,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
} from './identity.ts';

describe('Party Category (Section A)', () => {
  it.each([
    ['party', 'large_supplier', null],
    ['party', null, 'A Party must have a Party Category'],
    ['dcc', null, null],
    ['dcc', 'other_sec_party', 'The DCC is not in a Party Category'],
    ['authority', 'small_supplier', 'Only Parties have a Party Category'],
    ['code_administrator', null, null],
  ] as const)('%s with category %s → %s', (kind, category, expected) => {
    expect(checkPartyCategory(kind, category)).toBe(expected);
  });

  it('the DCC is a Party though in no category; the Authority is not a Party', () => {
    expect(isParty('dcc')).toBe(true);
    expect(isParty('party')).toBe(true);
    expect(isParty('authority')).toBe(false);
    expect(isParty('code_administrator')).toBe(false);
  });
});

describe('session lifetime (ASVS 7.3)', () => {
  const start = new Date('2026-11-28T09:00:00Z');
  const session = {
    lastSeenAt: start,
    expiresAt: new Date(start.getTime() + SESSION_ABSOLUTE_MS),
    revokedAt: null,
  };
  it('is live while used', () => {
    expect(isSessionLive(session, new Date(start.getTime() + 60_000))).toBe(true);
  });
  it('ends after the idle timeout', () => {
    expect(isSessionLive(session, new Date(start.getTime() + SESSION_IDLE_MS))).toBe(false);
  });
  it('ends at the absolute timeout even when used', () => {
    const busy = { ...session, lastSeenAt: new Date(start.getTime() + SESSION_ABSOLUTE_MS - 1000) };
    expect(isSessionLive(busy, new Date(start.getTime() + SESSION_ABSOLUTE_MS))).toBe(false);
  });
  it('ends when revoked', () => {
    expect(isSessionLive({ ...session, revokedAt: start }, new Date(start.getTime() + 1000))).toBe(
      false,
    );
  });
});

describe('credentials', () => {
  it('passwords need 12 to 128 characters', () => {
    expect(checkPassword('short')).toMatch(/at least 12/);
    expect(checkPassword('x'.repeat(129))).toMatch(/at most 128/);
    expect(checkPassword('a long enough passphrase')).toBeNull();
  });
  it('e-mail addresses must look like one', () => {
    expect(checkEmail('chair@example.org')).toBeNull();
    expect(checkEmail('not an address')).not.toBeNull();
  });
});
