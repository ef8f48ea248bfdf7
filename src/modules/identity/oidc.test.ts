import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { allowsPlainHttp, checkOidcAccount, oidcRedirectUri, verifiedEmailOf } from './oidc.ts';

function refusal(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

describe('issue 11: single sign-on matches accounts by the provider’s verified e-mail', () => {
  it('a verified address is used, trimmed and in lower case (accounts match case-insensitively)', () => {
    expect(verifiedEmailOf({ sub: 'a', email: ' Chair@Example.ORG ', email_verified: true })).toBe(
      'chair@example.org',
    );
  });

  it.each([
    ['unverified', { email: 'a@example.org', email_verified: false }],
    ['verification not stated', { email: 'a@example.org' }],
    ['verification as text, not true', { email: 'a@example.org', email_verified: 'true' }],
    ['no address', { email_verified: true }],
    ['an empty address', { email: '  ', email_verified: true }],
    ['not an address', { email: 'chair', email_verified: true }],
    ['an address that is not text', { email: ['a@example.org'], email_verified: true }],
  ])('%s is refused (sso_email_unverified)', (_case, claims) => {
    expect(refusal(() => verifiedEmailOf({ sub: 'a', ...claims }))).toBe('sso_email_unverified');
  });

  it('no account is created: an unknown address is refused, a disabled account too', () => {
    expect(refusal(() => checkOidcAccount(undefined))).toBe('sso_account_unknown');
    expect(refusal(() => checkOidcAccount({ id: 1, name: 'A', disabled: true }))).toBe(
      'sso_account_disabled',
    );
    expect(checkOidcAccount({ id: 2, name: 'B', disabled: false })).toEqual({
      id: 2,
      name: 'B',
      disabled: false,
    });
  });

  it('the redirect URI is the public URL with the callback path, whatever trailing slash', () => {
    expect(oidcRedirectUri('https://secrel.example.org/')).toBe(
      'https://secrel.example.org/sign-in/oidc/callback',
    );
    expect(oidcRedirectUri('http://localhost:3000')).toBe(
      'http://localhost:3000/sign-in/oidc/callback',
    );
  });

  it.each([
    ['http://127.0.0.1:4000', true],
    ['http://localhost:8080/realms/sec', true],
    ['http://[::1]:9000', true],
    ['https://login.example.org', false],
    ['http://login.example.org', false],
    ['http://127.0.0.1.example.org', false],
  ])('plain HTTP issuer %s allowed: %s (loopback only)', (issuer, allowed) => {
    expect(allowsPlainHttp(issuer)).toBe(allowed);
  });
});
