/**
 * Issue 13: a RID version as a document to take away (Word, PDF, print): the six sections of
 * D10.13 (a)–(f) in order, its free sections, then the Testing Approach Document it carries
 * (D10.18, ruling 8), each as paragraphs of the same words the version page shows.
 */
import { longDate } from '../../calendar/date-words.ts';
import {
  changedCount,
  paragraphsOf,
  redlineSections,
  safeFileName,
  type PrintDocument,
} from '../../web/print-document.ts';
import type { RidRedlineView, RidVersionView } from './rid.queries.ts';
import { RID_STATUS_NAMES } from './rid.ts';
import { ridClauses } from './rid-text.ts';

const TAD_RELATION_WORDS = {
  part: 'The Testing Approach Document approved with this version',
  pending: 'The Testing Approach Document that takes effect when the Panel approves this version',
  in_force: 'The Testing Approach Document in force',
} as const;

export function ridDocument(view: RidVersionView): PrintDocument {
  const { release } = view.overview;
  const { version } = view;
  const clauses = ridClauses(version.sections, view.content);
  const lead = [
    `${release.name}: version ${version.number} (${RID_STATUS_NAMES[version.status].toLowerCase()}).`,
    ...(version.approvedOn ? [`Approved by the Panel on ${longDate(version.approvedOn)}.`] : []),
  ];
  const sections: PrintDocument['sections'] = clauses.map((clause) => ({
    id: clause.id,
    heading: clause.heading,
    level: 3,
    paragraphs: paragraphsOf(clause.text),
  }));
  const tad = view.tad;
  if (tad) {
    sections.push(
      {
        id: 'tad',
        heading: `Testing Approach Document, version ${tad.tad.number}`,
        level: 2,
        paragraphs: [
          `${TAD_RELATION_WORDS[tad.relation]}${tad.tad.reviewedOn ? `, reviewed on ${longDate(tad.tad.reviewedOn)}` : ''}.`,
        ],
      },
      {
        id: 'tad-objectives',
        heading: 'Testing objectives, including the assurance to be achieved (D10.19(a))',
        level: 3,
        paragraphs: paragraphsOf(tad.tad.objectives),
      },
      {
        id: 'tad-strategy',
        heading: 'Testing strategy (D10.19(b))',
        level: 3,
        paragraphs: paragraphsOf(tad.tad.strategy),
      },
      {
        id: 'tad-consequences',
        heading: 'Consequences of the strategy, including costs and risks (D10.19(c))',
        level: 3,
        paragraphs: paragraphsOf(tad.tad.consequences),
      },
    );
  }
  return {
    title: `Release Implementation Document: ${release.name}`,
    lead,
    sections,
    fileName: safeFileName(`rid-${release.name}-version-${version.number}`),
  };
}

/**
 * Issue 13, A-RID: the redline between two versions as a document, its changes Word's tracked
 * changes (dated the later version's approval, or today for one not yet approved).
 */
export function ridRedlineDocument(
  view: RidRedlineView,
  onlyChanged: boolean,
  today: string,
): PrintDocument {
  const { release } = view.overview;
  const words = (v: RidRedlineView['from']) =>
    `version ${v.number} (${RID_STATUS_NAMES[v.status].toLowerCase()})`;
  return {
    title: `Release Implementation Document: ${release.name}: changes from version ${view.from.number} to version ${view.to.number}`,
    lead: [
      `From ${words(view.from)} to ${words(view.to)}. ${changedCount(view.clauses)}`,
      'Inserted words are underlined, deleted words struck through; in the Word document they are tracked changes.',
      ...(onlyChanged ? ['Only the sections that changed are shown.'] : []),
    ],
    sections: redlineSections(view.clauses, { level: 3, onlyChanged }),
    fileName: safeFileName(`rid-${release.name}-changes-${view.from.number}-to-${view.to.number}`),
    revision: { author: 'SECAS', on: view.to.approvedOn ?? today },
  };
}
