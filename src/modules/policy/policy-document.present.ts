/**
 * Issue 13: the Release Management Policy to take away (Word, PDF, a page to print): a version
 * with its mechanisms (D10.8 (a)–(e), in the words the redline uses) and its own text; and the
 * redline between two versions, whose changes Word holds as tracked changes. PURE.
 */
import { longDate } from '../../calendar/date-words.ts';
import {
  changedCount,
  paragraphsOf,
  redlineSections,
  safeFileName,
  type PrintDocument,
} from '../../web/print-document.ts';
import { mechanismClauses, type PolicyRedline } from './policy-redline.ts';
import { POLICY_STATUS_NAMES, type PolicyVersion } from './policy.ts';

const TITLE = 'SEC Release Management Policy';

function versionLine(version: PolicyVersion): string {
  return `Version ${version.number}: ${version.title} (${POLICY_STATUS_NAMES[version.status].toLowerCase()})`;
}

/** A-POL, issue 13: one version of the Policy as a document. */
export function policyDocument(version: PolicyVersion): PrintDocument {
  const lead = [
    `${versionLine(version)}.`,
    ...(version.decidedOn ? [`Decided by the Panel on ${longDate(version.decidedOn)}.`] : []),
    ...(version.effectiveFrom ? [`Takes effect on ${longDate(version.effectiveFrom)}.`] : []),
  ];
  const mechanisms = mechanismClauses(version.mechanisms);
  return {
    title: TITLE,
    lead,
    sections: [
      {
        id: 'mechanisms',
        heading: 'Mechanisms (Section D10.8)',
        level: 2,
        paragraphs: [
          mechanisms.length > 0
            ? 'What the Policy sets for (a) allocation into releases, (b) the Panel’s oversight, (c) notice to Users, (d) cost review and (e) the go-live decision.'
            : 'This version defines none of the mechanisms of Section D10.8.',
        ],
      },
      ...mechanisms.map((clause) => ({
        id: `mechanism-${clause.id}`,
        heading: clause.heading,
        level: 3 as const,
        paragraphs: paragraphsOf(clause.text),
      })),
      ...version.prose.map((section) => ({
        id: `text-${section.id}`,
        heading: section.heading,
        level: 2 as const,
        paragraphs: paragraphsOf(section.text),
      })),
    ],
    fileName: safeFileName(`release-management-policy-version-${version.number}`),
  };
}

/** A-POL, issue 13: the redline between two versions as a document. */
export function policyRedlineDocument(
  from: PolicyVersion,
  to: PolicyVersion,
  redline: PolicyRedline,
  onlyChanged: boolean,
  today: string,
): PrintDocument {
  return {
    title: `${TITLE}: changes from version ${from.number} to version ${to.number}`,
    lead: [
      `From ${versionLine(from)} to ${versionLine(to)}.`,
      'Inserted words are underlined, deleted words struck through; in the Word document they are tracked changes.',
      ...(onlyChanged ? ['Only the sections that changed are shown.'] : []),
    ],
    sections: [
      {
        id: 'mechanisms',
        heading: 'Mechanisms (Section D10.8)',
        level: 2,
        paragraphs: [changedCount(redline.mechanisms)],
      },
      ...redlineSections(redline.mechanisms, { level: 3, onlyChanged, idPrefix: 'mechanism-' }),
      {
        id: 'text',
        heading: 'Policy text',
        level: 2,
        paragraphs: [changedCount(redline.prose)],
      },
      ...redlineSections(redline.prose, { level: 3, onlyChanged, idPrefix: 'text-' }),
    ],
    fileName: safeFileName(`release-management-policy-changes-${from.number}-to-${to.number}`),
    revision: { author: 'SECAS', on: to.decidedOn ?? today },
  };
}
