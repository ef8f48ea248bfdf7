/**
 * The e-mails of an appeal's lodging and determination (D10.17), and of a further appeal to the
 * CMA and its outcome (s.173 Energy Act 2004): pure text.
 */
import { formatDate } from '../../calendar/format.ts';
import {
  APPEAL_STATUS_NAMES,
  FURTHER_APPEAL_BODY,
  FURTHER_APPEAL_OUTCOME_NAMES,
  deadlineInWords,
  type Appeal,
  type Determination,
  type FurtherAppealOutcome,
} from './appeal.ts';

/** Someone an appeal's e-mail goes to. */
export interface Recipient {
  id: number;
  email: string;
  name: string;
}

/** Each person once, in the order given (a person may hold several of the roles). */
export function distinct(...groups: Recipient[][]): Recipient[] {
  const seen = new Map<number, Recipient>();
  for (const person of groups.flat()) if (!seen.has(person.id)) seen.set(person.id, person);
  return [...seen.values()].filter((person) => person.email !== '');
}

/**
 * D10.17: who is told of a lodged appeal: the Authority it is lodged with, and a copy to each
 * member of the Code Administrator (SECAS) who is not also of the Authority.
 */
export function lodgedRecipients(authority: Recipient[], secas: Recipient[]) {
  const lodgedWith = distinct(authority);
  const copied = distinct(secas).filter((p) => !lodgedWith.some((a) => a.id === p.id));
  return { lodgedWith, copied };
}

/** The subject of the e-mail telling the Authority (and, copied, SECAS) of an appeal. */
export function lodgedSubject(appeal: Appeal): string {
  return `Appeal against the approval of RID version ${appeal.ridVersionNumber}: ${appeal.releaseName}`;
}

/** D10.17, ruling 2: the text of that e-mail; `copy` for the Code Administrator's copy. */
export function lodgedText(
  appeal: Appeal,
  facts: { lodgedOn: string; deadline: string; copy: boolean },
  name: string,
): string {
  return [
    `Dear ${name},`,
    '',
    `${appeal.organisationName} has appealed the SEC Panel’s approval of version ${appeal.ridVersionNumber} of the Release Implementation Document of the ${appeal.releaseName} (Section D10.17). The appeal is referred to the Authority${facts.copy ? '; you receive a copy as the Code Administrator' : ', which determines it without prejudice to section 173 of the Energy Act 2004'}.`,
    '',
    `Lodged: ${formatDate(facts.lodgedOn)}, within the appeal window that closes at ${deadlineInWords(facts.deadline)}.`,
    '',
    `Reasons: ${appeal.reasons}`,
    '',
    'The appeal does not by itself suspend the RID or the release: that is secrel’s reading of the Code (ruling 2, /rules#ruling-2).',
    '',
    `The appeal: /appeals/${appeal.id}`,
  ].join('\n');
}

/** Issue 13, D10.17: the subject of the appellant's confirmation that its appeal was lodged. */
export function confirmationSubject(appeal: Appeal): string {
  return `Your appeal is lodged: RID version ${appeal.ridVersionNumber}, ${appeal.releaseName}`;
}

/** D10.17: the appellant's confirmation: what was lodged, when, with whom, and what happens next. */
export function confirmationText(appeal: Appeal, facts: { lodgedOn: string; deadline: string }) {
  return [
    `${appeal.organisationName}’s appeal against the SEC Panel’s approval of version ${appeal.ridVersionNumber} of the Release Implementation Document of the ${appeal.releaseName} was lodged on ${formatDate(facts.lodgedOn)} (Section D10.17), within the appeal window that closes at ${deadlineInWords(facts.deadline)}.`,
    '',
    'It has been referred to the Authority, with a copy to the Code Administrator. You will be told of the Authority’s determination. The appeal does not by itself suspend the RID or the release (ruling 2).',
  ].join('\n');
}

/** The subject of the e-mail telling the appellant and SECAS of the Authority's determination. */
export function determinedSubject(appeal: Appeal): string {
  return `The Authority has determined the appeal against RID version ${appeal.ridVersionNumber}: ${appeal.releaseName}`;
}

/** D10.17: the text of that e-mail. */
export function determinedText(
  appeal: Appeal,
  facts: { outcome: Determination; determination: string; determinedOn: string },
  name: string,
): string {
  return [
    `Dear ${name},`,
    '',
    `The Authority has determined the appeal by ${appeal.organisationName} against the SEC Panel’s approval of version ${appeal.ridVersionNumber} of the Release Implementation Document of the ${appeal.releaseName} (Section D10.17).`,
    '',
    `Outcome: ${APPEAL_STATUS_NAMES[facts.outcome]}, on ${formatDate(facts.determinedOn)}.`,
    '',
    facts.determination,
    '',
    'The determination is without prejudice to section 173 of the Energy Act 2004: it may be appealed further to the Competition and Markets Authority.',
    '',
    `The appeal: /appeals/${appeal.id}`,
  ].join('\n');
}

/**
 * D10.17, s.173 Energy Act 2004: who is told of a further appeal to the CMA and of its outcome:
 * the appellant's people and SECAS, as for the determination, and the Authority, whose
 * determination is appealed. Each person once.
 */
export function furtherAppealRecipients(
  appellant: Recipient[],
  secas: Recipient[],
  authority: Recipient[],
): Recipient[] {
  return distinct(appellant, secas, authority);
}

/** The subject of the e-mail telling of a further appeal to the CMA. */
export function furtherAppealSubject(appeal: Appeal): string {
  return `Further appeal to ${FURTHER_APPEAL_BODY} on the appeal against RID version ${appeal.ridVersionNumber}: ${appeal.releaseName}`;
}

/** D10.17, s.173 Energy Act 2004: the text of that e-mail. */
export function furtherAppealText(
  appeal: Appeal,
  further: { appellant: string; broughtOn: string; details: string },
  name: string,
): string {
  return [
    `Dear ${name},`,
    '',
    `${further.appellant} has appealed the Authority’s determination of the appeal by ${appeal.organisationName} against the SEC Panel’s approval of version ${appeal.ridVersionNumber} of the Release Implementation Document of the ${appeal.releaseName} to ${FURTHER_APPEAL_BODY}, under section 173 of the Energy Act 2004 (the Authority determines appeals without prejudice to it, Section D10.17).`,
    '',
    `Brought: ${formatDate(further.broughtOn)}.`,
    '',
    further.details,
    '',
    `SECAS will record ${FURTHER_APPEAL_BODY}’s decision when it is made. The appeal: /appeals/${appeal.id}`,
  ].join('\n');
}

/** `the Competition and Markets Authority` at the start of a sentence. */
const FURTHER_APPEAL_BODY_START = FURTHER_APPEAL_BODY.replace(/^the/, 'The');

/** The subject of the e-mail telling of the CMA's decision on a further appeal. */
export function furtherOutcomeSubject(appeal: Appeal): string {
  return `${FURTHER_APPEAL_BODY_START} has decided the further appeal on RID version ${appeal.ridVersionNumber}: ${appeal.releaseName}`;
}

/** D10.17, s.173 Energy Act 2004: the text of that e-mail. */
export function furtherOutcomeText(
  appeal: Appeal,
  decision: { outcome: FurtherAppealOutcome; outcomeText: string; decidedOn: string },
  name: string,
): string {
  return [
    `Dear ${name},`,
    '',
    `${FURTHER_APPEAL_BODY_START} has decided the further appeal against the Authority’s determination of the appeal by ${appeal.organisationName} against the SEC Panel’s approval of version ${appeal.ridVersionNumber} of the Release Implementation Document of the ${appeal.releaseName} (section 173 of the Energy Act 2004).`,
    '',
    `Outcome: ${FURTHER_APPEAL_OUTCOME_NAMES[decision.outcome]}, on ${formatDate(decision.decidedOn)}.`,
    '',
    decision.outcomeText,
    '',
    'Any action it directs is taken through its own process (for example an amendment of the RID or a new timetable).',
    '',
    `The appeal: /appeals/${appeal.id}`,
  ].join('\n');
}
