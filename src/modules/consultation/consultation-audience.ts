/**
 * Issue 13: who a consultation's opening is told to. Pure: the people and their roles in, the
 * audience members out.
 */
import type { OrganisationKind, RoleGrant } from '../identity/identity.ts';
import { formatInstant } from '../../calendar/format.ts';
import type { Audience } from './consultation.ts';

/** A person who may be in a consultation's audiences. */
export interface AudienceCandidate {
  id: number;
  email: string;
  name: string;
  roles: readonly RoleGrant[];
  organisation: { kind: OrganisationKind; isUser: boolean } | null;
}

function holds(person: AudienceCandidate, role: string, scope?: string): boolean {
  return person.roles.some(
    (grant) =>
      grant.role === role && (scope === undefined || grant.scope === '' || grant.scope === scope),
  );
}

/**
 * Consultations: the people a consultation asks, as its eligibility reads the audiences: the
 * DCC's people (`dcc`), the people of Parties that are Users (`users`), the people of every
 * Party and the DCC (`all_parties`), the members of sub-committee X (`body:X`).
 */
export function audienceMembers<P extends AudienceCandidate>(
  people: readonly P[],
  audiences: readonly Audience[],
): P[] {
  return people.filter((person) => {
    const organisation = person.organisation;
    const isDcc = organisation?.kind === 'dcc' && holds(person, 'dcc');
    const isParty = organisation?.kind === 'party' && holds(person, 'party');
    return audiences.some((audience) => {
      if (audience.startsWith('body:'))
        return holds(person, 'sub_committee_member', audience.slice(5));
      if (audience === 'dcc') return isDcc;
      if (audience === 'users') return isParty && organisation.isUser;
      return isDcc || isParty;
    });
  });
}

/** The subject of the e-mail telling an audience that a consultation is open. */
export function openedSubject(title: string): string {
  return `Consultation open: ${title}`;
}

/** Its text: what is consulted on and until when. */
export function openedText(facts: { title: string; closesAt: Date; runBy: string }): string {
  return [
    `A consultation your organisation or body is asked to respond to is now open: ${facts.title}.`,
    '',
    `It is run by ${facts.runBy === 'dcc' ? 'the DCC' : 'the SEC Panel'} and closes at ${formatInstant(facts.closesAt)}. Responses after that are refused.`,
  ].join('\n');
}
