/**
 * A RID version as labelled clauses of plain text, in D10.13 order then the free sections, so two
 * versions can be compared word by word (the redline) whatever the structure of each section.
 * PURE.
 */
import { longDate } from '../../calendar/date-words.ts';
import { redlineClauses, type ClauseChange, type RedlineClause } from '../policy/policy-redline.ts';
import { contentLine, type RidContentItem } from './rid-content.ts';
import { RID_SECTION_NAMES, type RidSections } from './rid-sections.ts';
import { FREE_SECTION_HEADINGS } from './rid-validation.ts';

export interface RidClause {
  id: string;
  heading: string;
  text: string;
}

export const FREQUENCY_NAMES = {
  weekly: 'Weekly',
  fortnightly: 'Fortnightly',
  monthly: 'Monthly',
} as const;

const dateOrUnset = (date: string | null) => (date === null ? 'not set' : longDate(date));
const lines = (...parts: string[]) => parts.filter((p) => p !== '').join('\n');

/** A-RID, D10.13: the version's sections as clauses (a)–(f), then its free sections. */
export function ridClauses(sections: RidSections, content: readonly RidContentItem[]): RidClause[] {
  const t = sections.timescales;
  const r = sections.reporting;
  const clauses: RidClause[] = [
    {
      id: 'a',
      heading: RID_SECTION_NAMES.a,
      text: lines(
        content.length === 0
          ? 'No modification is allocated to the release.'
          : content.map(contentLine).join('\n'),
        sections.contentNotes,
      ),
    },
    {
      id: 'b',
      heading: RID_SECTION_NAMES.b,
      text: lines(
        `DCC testing from ${dateOrUnset(t.dccTestingStart)} to ${dateOrUnset(t.dccTestingEnd)}.`,
        `User testing from ${dateOrUnset(t.userTestingStart)} to ${dateOrUnset(t.userTestingEnd)}.`,
        ...t.milestones.map((m) => `${m.name}: ${dateOrUnset(m.date)}.`),
        t.notes,
      ),
    },
    {
      id: 'c',
      heading: RID_SECTION_NAMES.c,
      text: lines(
        `${r.frequency === null ? 'Frequency not set' : FREQUENCY_NAMES[r.frequency]} reports, the first due ${dateOrUnset(r.firstReportDue)}.`,
        r.measures.length === 0 ? 'No measures.' : `Measures: ${r.measures.join('; ')}.`,
        r.notes,
      ),
    },
    { id: 'd', heading: RID_SECTION_NAMES.d, text: sections.dccTesting },
    {
      id: 'e',
      heading: RID_SECTION_NAMES.e,
      text: lines(
        sections.userTesting.requirements,
        sections.userTesting.dccSupport === ''
          ? ''
          : `DCC support: ${sections.userTesting.dccSupport}`,
      ),
    },
    {
      id: 'f',
      heading: RID_SECTION_NAMES.f,
      text: sections.goLiveCriteria.map((c) => `${c.id} ${c.text}`).join('\n'),
    },
  ];
  for (const free of sections.free)
    clauses.push({
      id: `free-${free.key}`,
      heading: FREE_SECTION_HEADINGS[free.key],
      text: free.text,
    });
  return clauses;
}

/** A-RID: the word-level redline from one version to another, clause against clause. */
export function ridRedline(
  from: { sections: RidSections; content: readonly RidContentItem[] },
  to: { sections: RidSections; content: readonly RidContentItem[] },
): RedlineClause[] {
  return redlineClauses(
    ridClauses(from.sections, from.content),
    ridClauses(to.sections, to.content),
  );
}

/** The clauses that changed, with what happened to each. */
export function ridRedlineSummary(
  redline: readonly RedlineClause[],
): { id: string; heading: string; change: ClauseChange }[] {
  return redline
    .filter((clause) => clause.change !== 'same')
    .map(({ id, heading, change }) => ({ id, heading, change }));
}
