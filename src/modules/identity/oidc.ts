import { AppError } from '../../errors.ts';

/**
 * Issue 11, single sign-on with OpenID Connect (authorization code flow with PKCE, OIDC Core
 * 1.0 §3.1): the rules secrel applies to what the provider says. Accounts are SECAS's: the
 * provider only proves who someone is; role and organisation stay secrel's.
 */

/** How long a sign-in may take between the redirect to the provider and its callback. */
export const OIDC_SIGN_IN_TTL_MS = 10 * 60 * 1000;

/** The scopes asked for: the ID token's subject, and the e-mail address with its verification. */
export const OIDC_SCOPES = 'openid email profile';

/** The path the provider sends the browser back to (register `PUBLIC_URL` + this with it). */
export const OIDC_CALLBACK_PATH = '/sign-in/oidc/callback';

/** The redirect URI registered with the provider, built from secrel's public URL. */
export function oidcRedirectUri(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${OIDC_CALLBACK_PATH}`;
}

/** The claims secrel reads, from the ID token or the UserInfo response. */
export interface OidcClaims {
  sub: string;
  email?: unknown;
  email_verified?: unknown;
}

/**
 * The e-mail address an account is matched by: only one the provider says it has verified
 * (`email_verified` true, OIDC Core §5.1). An absent, unverified or malformed address is refused
 * (`sso_email_unverified`): an unverified address could be anyone's.
 */
export function verifiedEmailOf(claims: OidcClaims): string {
  const email = typeof claims.email === 'string' ? claims.email.trim() : '';
  if (email === '' || !email.includes('@') || claims.email_verified !== true) {
    throw new AppError('sso_email_unverified');
  }
  return email.toLowerCase();
}

/** The account a verified e-mail address found, as the sign-in rule needs it. */
export interface OidcAccount {
  id: number;
  name: string;
  disabled: boolean;
}

/**
 * No self-sign-up: a verified address signs in only to an account SECAS created
 * (`sso_account_unknown` otherwise, and nothing is created), and never to a disabled one
 * (`sso_account_disabled`).
 */
export function checkOidcAccount(account: OidcAccount | undefined): OidcAccount {
  if (!account) throw new AppError('sso_account_unknown');
  if (account.disabled) throw new AppError('sso_account_disabled');
  return account;
}

/**
 * Plain-HTTP issuers are accepted only on the machine itself (a provider for tests or a local
 * trial); anywhere else the issuer must be HTTPS, as OIDC Discovery §4 requires.
 */
export function allowsPlainHttp(issuer: string): boolean {
  const url = new URL(issuer);
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}
