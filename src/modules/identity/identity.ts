import type { Actor } from '../../audit/audit.ts';
/** The roles of secrel's users (design.md "Shape of the product"). */
export const ROLES = [
  'panel_member',
  'panel_chair',
  'code_administrator',
  'dcc',
  'party',
  'authority',
  'external_auditor',
  'sub_committee_member',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  panel_member: 'Panel member',
  panel_chair: 'Panel Chair',
  code_administrator: 'Code Administrator (SECAS)',
  dcc: 'DCC',
  party: 'Party',
  authority: 'Authority',
  external_auditor: 'External Auditor',
  sub_committee_member: 'Sub-Committee member',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The five Party Categories (Section A); the DCC is in none of them. */
export const PARTY_CATEGORIES = [
  'large_supplier',
  'small_supplier',
  'electricity_network',
  'gas_network',
  'other_sec_party',
] as const;
export type PartyCategory = (typeof PARTY_CATEGORIES)[number];

export const PARTY_CATEGORY_NAMES: Record<PartyCategory, string> = {
  large_supplier: 'Large Supplier Party',
  small_supplier: 'Small Supplier Party',
  electricity_network: 'Electricity Network Party',
  gas_network: 'Gas Network Party',
  other_sec_party: 'Other SEC Party',
};

export const ORGANISATION_KINDS = [
  'party',
  'dcc',
  'authority',
  'code_administrator',
  'consumer_body',
  'auditor',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** The sub-committees whose views D6.8(f)–(i) require, and the bodies that decide. */
export const SUB_COMMITTEES = [
  'tabasc',
  'security_sub_committee',
  'smki_pma',
  'alt_han_forum',
] as const;
export type SubCommittee = (typeof SUB_COMMITTEES)[number];

export function isSubCommittee(value: string): value is SubCommittee {
  return (SUB_COMMITTEES as readonly string[]).includes(value);
}

export interface RoleGrant {
  role: Role;
  /** Which body (sub-committee member) or release (auditor) the role is limited to; '' for none. */
  scope: string;
}

/** An organisation: a Party (with its Party Category), the DCC, the Authority, SECAS, … */
export interface Organisation {
  id: number;
  name: string;
  kind: OrganisationKind;
  partyCategory: PartyCategory | null;
  isUser: boolean;
}

/** A user as the directory lists them, with their organisation's name and their roles. */
export interface UserListing {
  id: number;
  email: string;
  name: string;
  organisationId: number | null;
  organisationName: string | null;
  disabled: boolean;
  roles: RoleGrant[];
}

/** The signed-in person as policies see them: plain data, no database. */
export interface Principal {
  userId: number;
  name: string;
  email: string;
  organisationId: number | null;
  organisationName: string | null;
  organisationKind: OrganisationKind | null;
  roles: readonly RoleGrant[];
  /** How the request was authenticated: a browser session or an API token. */
  via: 'session' | 'token';
  sessionId: string | null;
}

/**
 * An organisation is a Party when it is in a Party Category or is the DCC (the DCC is a Party
 * but in no category).
 */
export function isParty(kind: OrganisationKind): boolean {
  return kind === 'party' || kind === 'dcc';
}

/** A Party Category is required for Parties and forbidden for every other kind. */
export function checkPartyCategory(
  kind: OrganisationKind,
  category: PartyCategory | null,
): string | null {
  if (kind === 'party' && category === null) return 'A Party must have a Party Category';
  if (kind !== 'party' && category !== null) {
    return kind === 'dcc'
      ? 'The DCC is not in a Party Category'
      : 'Only Parties have a Party Category';
  }
  return null;
}

/**
 * The label the audit trail records for a person, and how a person is named with their
 * organisation anywhere: flat, "Tom Okafor, SECAS (Gemserv)", never in brackets, as an
 * organisation's own name may hold brackets and GOV.UK style puts none inside brackets (issue 13).
 */
export function actorLabel(principal: Pick<Principal, 'name' | 'organisationName'>): string {
  return principal.organisationName
    ? `${principal.name}, ${principal.organisationName}`
    : principal.name;
}

/** Sessions end after this long without a request (ASVS 7.3.1)… */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
/** …and after this long whatever happens (ASVS 7.3.2). */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** A session is live until revoked, idle too long, or past its absolute end. */
export function isSessionLive(
  session: { lastSeenAt: Date; expiresAt: Date; revokedAt: Date | null },
  now: Date,
): boolean {
  if (session.revokedAt !== null) return false;
  if (now.getTime() >= session.expiresAt.getTime()) return false;
  return now.getTime() - session.lastSeenAt.getTime() < SESSION_IDLE_MS;
}

/** Minimum password rules (ASVS 6.2): at least 12 characters, at most 128. */
export function checkPassword(password: string): string | null {
  if (password.length < 12) return 'The password must be at least 12 characters long';
  if (password.length > 128) return 'The password must be at most 128 characters long';
  return null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkEmail(email: string): string | null {
  return EMAIL.test(email) ? null : 'Enter an e-mail address like name@example.org';
}

/** The audit trail's record of who acted. */
export function actorOf(principal: Principal): Actor {
  return { id: principal.userId, label: actorLabel(principal) };
}
