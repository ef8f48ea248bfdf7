import type { OrganisationKind, Principal, Role } from '../../src/modules/identity/identity.ts';
import { ROLES } from '../../src/modules/identity/identity.ts';

/** A principal holding one role, for testing pure policies (no database). */
export function principalWith(
  role: Role,
  options: {
    scope?: string;
    organisationId?: number | null;
    organisationKind?: OrganisationKind | null;
  } = {},
): Principal {
  const organisationId = options.organisationId === undefined ? 1 : options.organisationId;
  return {
    userId: 1,
    name: 'Test',
    email: 't@example.org',
    organisationId,
    organisationName: organisationId === null ? null : 'Org',
    organisationKind: options.organisationKind ?? null,
    roles: [{ role, scope: options.scope ?? '' }],
    via: 'session',
    sessionId: 'x',
  };
}

/** The roles a policy lets through, in the order of ROLES. */
export function rolesAllowedBy(policy: (principal: Principal | null) => boolean): Role[] {
  return ROLES.filter((role) => policy(principalWith(role)));
}
