/**
 * The Refinement Process (D6.8): the Working Group's twelve purposes as a checklist, the DCC
 * testing question of purpose (e), and the rule that says when refinement may complete. Pure:
 * no database, no clock, no I/O.
 */
import type { SubCommittee } from '../identity/identity.ts';
import type { Status } from '../modification/modification.ts';
import { PURPOSE_OF_BODY, bodySubject } from './consultation-rules.ts';

/** The letters of D6.8's purposes, (a) to (l). */
export const PURPOSE_LETTERS = [
  'a',
  'b',
  'c',
  'd',
  'e',
  'f',
  'g',
  'h',
  'i',
  'j',
  'k',
  'l',
] as const;
export type Purpose = (typeof PURPOSE_LETTERS)[number];

export interface PurposeInfo {
  letter: Purpose;
  /** A short name for the task list. */
  name: string;
  /** What the Working Group must consider, as D6.8 puts it. */
  description: string;
}

/** D6.8(a)–(l): the twelve purposes of the Refinement Process. */
export const PURPOSES: readonly PurposeInfo[] = [
  {
    letter: 'a',
    name: 'Effects of the proposal',
    description:
      'The effects of the proposal, including the Parties, Party Categories, Energy Consumers and others it affects.',
  },
  {
    letter: 'b',
    name: 'Content of the proposal',
    description: 'Develop and refine the content of the proposal.',
  },
  {
    letter: 'c',
    name: 'Implementation timetable',
    description:
      'The implementation timetable, consistent with the SEC Release Management Policy. The timetable of a Path 1 Modification (or an Authority-Led Variation) cannot be amended.',
  },
  {
    letter: 'd',
    name: 'Matters in D6.9(b)',
    description: 'The matters the Modification Report must address under D6.9(b).',
  },
  {
    letter: 'e',
    name: 'DCC testing',
    description:
      'Whether DCC testing is needed and, if so, a robust testing solution or a process to develop one.',
  },
  {
    letter: 'f',
    name: 'TABASC views',
    description: 'The views of the Technical Architecture and Business Architecture Sub-Committee.',
  },
  {
    letter: 'g',
    name: 'Security Sub-Committee views',
    description: 'The views of the Security Sub-Committee.',
  },
  {
    letter: 'h',
    name: 'SMKI PMA views',
    description: 'The views of the SMKI Policy Management Authority.',
  },
  {
    letter: 'i',
    name: 'Alt HAN Forum views',
    description: 'The views of the Alt HAN Forum (or a Forum Sub-Group acting for it).',
  },
  {
    letter: 'j',
    name: 'SEC Objectives',
    description: 'Whether and how the proposal better facilitates the SEC Objectives.',
  },
  {
    letter: 'k',
    name: 'Greenhouse Gas Emissions',
    description: 'The impact on Greenhouse Gas Emissions, assessed under the Authority’s guidance.',
  },
  {
    letter: 'l',
    name: 'Other Energy Codes',
    description: 'Impacts on other Energy Codes.',
  },
];

export function isPurpose(value: string): value is Purpose {
  return (PURPOSE_LETTERS as readonly string[]).includes(value);
}

export function purposeInfo(letter: Purpose): PurposeInfo {
  const info = PURPOSES.find((purpose) => purpose.letter === letter);
  if (!info) throw new Error(`no purpose (${letter})`);
  return info;
}

/** The longest conclusion, testing solution, view or note kept. */
export const MAX_TEXT_LENGTH = 10_000;

/** One checklist item as rules see it: its conclusion, or null while it is open. */
export interface ChecklistItem {
  purpose: Purpose;
  conclusion: string | null;
}

/** Refinement is open while the modification is a Modification Proposal or in refinement. */
export function isRefinementOpen(status: Status): boolean {
  return status === 'modification_proposal' || status === 'refinement';
}

/** D6.8(a)–(l): the purposes with no recorded conclusion (an item never opened counts as open). */
export function openPurposes(items: readonly ChecklistItem[]): Purpose[] {
  return PURPOSE_LETTERS.filter((letter) => {
    const item = items.find((candidate) => candidate.purpose === letter);
    return item?.conclusion == null || item.conclusion.trim() === '';
  });
}

/** "(e)", "(e), (k)": purposes as D6.8 letters them. */
export function purposeList(letters: readonly Purpose[]): string {
  return letters.map((letter) => `(${letter})`).join(', ');
}

/**
 * D6.8(f)–(i): a view request is overdue once its respond-by date has passed (`today` is the
 * London date) without a view.
 */
export function isViewOverdue(
  request: { respondBy: string | null; response: string | null },
  today: string,
): boolean {
  return request.response === null && request.respondBy !== null && request.respondBy < today;
}

/** The DCC testing record of purpose (e): null while the question has not been answered. */
export interface DccTesting {
  required: boolean | null;
  testingSolution: string | null;
}

/**
 * D6.8(e): when DCC testing is required the proposal must carry a robust testing solution, or a
 * process to develop one. Returns the problem, or null.
 */
export function dccTestingProblem(testing: DccTesting): string | null {
  if (testing.required === null) {
    return 'Purpose (e) needs a record of whether DCC testing is required';
  }
  if (testing.required && (testing.testingSolution ?? '').trim() === '') {
    return 'DCC testing is required: record the testing solution, or the process to develop one';
  }
  return null;
}

/** A sub-committee whose views must be sought but have not been (from the consultation rules). */
export interface UnsoughtView {
  body: SubCommittee;
  reasons: readonly string[];
}

/** Why refinement cannot complete: an error code from the catalogue and a message naming it. */
export interface Blocker {
  code: 'refinement_incomplete' | 'testing_solution_required' | 'mandatory_view_not_sought';
  message: string;
  /** The purpose it concerns. */
  purpose: Purpose;
  /** Where it is put right: a purpose (`purpose-e`), `dcc-testing`, or a body's view (`view-tabasc`). */
  target: string;
}

/**
 * D6.8: refinement completes only when every purpose (a)–(l) has a conclusion, purpose (e)
 * says whether DCC testing is required (with a testing solution when it is), and every
 * sub-committee whose views must be sought under D6.8(f)–(i) has been asked. Returns every
 * reason it cannot, most fundamental first; empty when it can.
 */
export function completionBlockers(input: {
  items: readonly ChecklistItem[];
  dccTesting: DccTesting;
  unsought: readonly UnsoughtView[];
}): Blocker[] {
  const blockers: Blocker[] = [];
  const open = openPurposes(input.items);
  const [first] = open;
  if (first !== undefined) {
    const noun = open.length === 1 ? 'purpose' : 'purposes';
    const verb = open.length === 1 ? 'has' : 'have';
    blockers.push({
      code: 'refinement_incomplete',
      message: `Refinement cannot complete: ${noun} ${purposeList(open)} ${verb} no conclusion`,
      purpose: first,
      target: `purpose-${first}`,
    });
  }
  if (input.dccTesting.required === null) {
    blockers.push({
      code: 'refinement_incomplete',
      message:
        'Refinement cannot complete: purpose (e) needs a record of whether DCC testing is required',
      purpose: 'e',
      target: 'dcc-testing',
    });
  } else {
    const problem = dccTestingProblem(input.dccTesting);
    if (problem !== null) {
      blockers.push({
        code: 'testing_solution_required',
        message: problem,
        purpose: 'e',
        target: 'dcc-testing',
      });
    }
  }
  for (const view of input.unsought) {
    const purpose = PURPOSE_OF_BODY[view.body];
    blockers.push({
      code: 'mandatory_view_not_sought',
      message: `Refinement cannot complete: the views of ${bodySubject(view.body)} must be sought under D6.8(${purpose}): ${view.reasons.join('; ')}`,
      purpose,
      target: `view-${view.body}`,
    });
  }
  return blockers;
}

export const DEFAULT_RESPONSE_WORKING_DAYS = 15;
