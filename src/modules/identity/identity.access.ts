import { AppError } from '../../errors.ts';
import type { Principal, Role } from './identity.ts';

/**
 * The one guard: the signed-in principal when `can` accepts it; otherwise 401 `unauthenticated`
 * (nobody signed in) or 403 `forbidden` (with `message`), before anything changes.
 */
export function requireActor(
  principal: Principal | null,
  can: (principal: Principal) => boolean,
  message?: string,
): Principal {
  if (!principal) throw new AppError('unauthenticated');
  if (!can(principal)) throw new AppError('forbidden', message);
  return principal;
}

/**
 * The guard of a read open to the public: the principal (null when nobody is signed in) when
 * `can` accepts it; otherwise 401 `unauthenticated` (nobody signed in) or 403 `forbidden`.
 */
export function requireReader(
  principal: Principal | null,
  can: (principal: Principal | null) => boolean,
): Principal | null {
  if (can(principal)) return principal;
  if (!principal) throw new AppError('unauthenticated');
  throw new AppError('forbidden');
}

/** Anyone signed in. */
export function isSignedIn(principal: Principal | null): boolean {
  return principal !== null;
}

/** Deny by default: true only when a signed-in principal holds one of `roles` (any scope). */
export function hasAnyRole(principal: Principal | null, roles: readonly Role[]): boolean {
  if (!principal) return false;
  return principal.roles.some((grant) => roles.includes(grant.role));
}

/** True when the principal holds `role` limited to `scope` (or unlimited). */
export function hasScopedRole(principal: Principal | null, role: Role, scope: string): boolean {
  if (!principal) return false;
  return principal.roles.some(
    (grant) => grant.role === role && (grant.scope === '' || grant.scope === scope),
  );
}

/** The Code Administrator manages users, organisations, tokens of others and the outbox. */
export function canAdminister(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator']);
}

/** Anyone signed in may see and revoke their own sessions and tokens. */
export function canManageOwnSessions(principal: Principal | null): boolean {
  return principal !== null;
}

/** The Panel, SECAS and the Authority see the directory of organisations and people. */
export function canReadDirectory(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['panel_member', 'panel_chair', 'code_administrator', 'authority']);
}

/** The Code Administrator maintains the working-day calendar (one-off holidays, imports). */
export function canManageCalendar(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator']);
}
