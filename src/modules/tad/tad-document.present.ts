/**
 * Issue 13, D10.20: the redline between two versions of a release's Testing Approach Document
 * as a document to take away, its changes Word's tracked changes. PURE.
 */
import {
  changedCount,
  redlineSections,
  safeFileName,
  type PrintDocument,
} from '../../web/print-document.ts';
import type { tadRedlinePage } from './tad-page.present.ts';

export function tadRedlineDocument(
  page: ReturnType<typeof tadRedlinePage>,
  onlyChanged: boolean,
  today: string,
): PrintDocument {
  const { release, from, to, redline } = page;
  return {
    title: `Testing Approach Document: ${release.name}: changes from version ${from.number} to version ${to.number}`,
    lead: [
      `From version ${from.number} (${from.statusName.toLowerCase()}) to version ${to.number} (${to.statusName.toLowerCase()}). ${changedCount(redline)}`,
      'Inserted words are underlined, deleted words struck through; in the Word document they are tracked changes.',
      ...(onlyChanged ? ['Only the sections that changed are shown.'] : []),
    ],
    sections: redlineSections(redline, { level: 3, onlyChanged }),
    fileName: safeFileName(`tad-${release.name}-changes-${from.number}-to-${to.number}`),
    revision: { author: 'SECAS', on: to.reviewedOn ?? today },
  };
}
