/**
 * A-RID, D10.13: what a draft's sections may hold. A draft may be incomplete (completeness is
 * checked when it goes to the Panel), but what it holds must be well formed: real dates, a
 * testing window ending on or after it starts, a known reporting frequency, go-live criteria
 * with ids like `GL1`, each used once. PURE.
 */
import { isIsoDate } from '../../calendar/index.ts';
import {
  FREE_SECTION_KEYS,
  REPORT_FREQUENCIES,
  type FreeSectionKey,
  type RidSections,
} from './rid-sections.ts';

/** The longest text kept in one section. */
export const MAX_SECTION_TEXT = 8000;
/** The longest measure, milestone name or criterion text. */
export const MAX_LINE_TEXT = 400;
/** D10.13(f): a criterion id is a few capital letters and a number, e.g. `GL1`, `GL12`. */
export const CRITERION_ID = /^[A-Z]{1,6}[0-9]{1,3}$/;

export const FREE_SECTION_HEADINGS: Record<FreeSectionKey, string> = {
  risks: 'Risks and issues',
  dependencies: 'Dependencies',
  notice: 'Notice to Users',
  costs: 'Costs',
  other: 'Other information',
};

export interface SectionProblem {
  /** The path of the field at fault inside the sections, e.g. `goLiveCriteria.1.id`. */
  field: string;
  message: string;
}

const tidy = (text: string | null | undefined): string => (text ?? '').trim();
const tidyDate = (date: string | null | undefined): string | null => {
  const value = tidy(date);
  return value === '' ? null : value;
};

/** The sections with their text trimmed, empty dates as null and empty list entries dropped. */
export function normaliseSections(s: RidSections): RidSections {
  return {
    contentNotes: tidy(s.contentNotes),
    timescales: {
      dccTestingStart: tidyDate(s.timescales.dccTestingStart),
      dccTestingEnd: tidyDate(s.timescales.dccTestingEnd),
      userTestingStart: tidyDate(s.timescales.userTestingStart),
      userTestingEnd: tidyDate(s.timescales.userTestingEnd),
      milestones: s.timescales.milestones
        .map((m) => ({ name: tidy(m.name), date: tidy(m.date) }))
        .filter((m) => m.name !== '' || m.date !== ''),
      notes: tidy(s.timescales.notes),
    },
    reporting: {
      frequency: s.reporting.frequency,
      firstReportDue: tidyDate(s.reporting.firstReportDue),
      measures: s.reporting.measures.map(tidy).filter((m) => m !== ''),
      notes: tidy(s.reporting.notes),
    },
    dccTesting: tidy(s.dccTesting),
    userTesting: {
      requirements: tidy(s.userTesting.requirements),
      dccSupport: tidy(s.userTesting.dccSupport),
    },
    goLiveCriteria: s.goLiveCriteria
      .map((c) => ({ id: tidy(c.id).toUpperCase(), text: tidy(c.text) }))
      .filter((c) => c.id !== '' || c.text !== ''),
    free: s.free
      .map((f) => ({ key: f.key, heading: FREE_SECTION_HEADINGS[f.key], text: tidy(f.text) }))
      .filter((f) => f.text !== ''),
  };
}

function dateProblem(field: string, value: string | null, what: string): SectionProblem | null {
  if (value === null || isIsoDate(value)) return null;
  return { field, message: `Enter ${what} as a real date, YYYY-MM-DD` };
}

function textProblem(field: string, value: string, what: string, max = MAX_SECTION_TEXT) {
  return value.length > max
    ? { field, message: `${what} must be ${max} characters or fewer` }
    : null;
}

/** D10.13(b): each window's dates are real, and it ends on or after it starts. */
function timescaleProblem(t: RidSections['timescales']): SectionProblem | null {
  const windows = [
    ['dccTesting', 'DCC testing', t.dccTestingStart, t.dccTestingEnd],
    ['userTesting', 'User testing', t.userTestingStart, t.userTestingEnd],
  ] as const;
  for (const [key, name, start, end] of windows) {
    const problem =
      dateProblem(`timescales.${key}Start`, start, `the start of ${name}`) ??
      dateProblem(`timescales.${key}End`, end, `the end of ${name}`);
    if (problem) return problem;
    if (start !== null && end !== null && end < start)
      return {
        field: `timescales.${key}End`,
        message: `${name} must end on or after the day it starts`,
      };
  }
  for (const [index, milestone] of t.milestones.entries()) {
    if (milestone.name === '')
      return { field: `timescales.milestones.${index}.name`, message: 'Name the milestone' };
    const problem =
      textProblem(
        `timescales.milestones.${index}.name`,
        milestone.name,
        'A milestone name',
        MAX_LINE_TEXT,
      ) ??
      dateProblem(
        `timescales.milestones.${index}.date`,
        milestone.date,
        `the date of ${milestone.name}`,
      );
    if (problem) return problem;
    if (milestone.date === '')
      return {
        field: `timescales.milestones.${index}.date`,
        message: `Enter the date of ${milestone.name}`,
      };
  }
  return textProblem('timescales.notes', t.notes, 'The notes on timescales');
}

/** D10.13(c): a known frequency, a real first report date, short measures. */
function reportingProblem(r: RidSections['reporting']): SectionProblem | null {
  if (r.frequency !== null && !(REPORT_FREQUENCIES as readonly string[]).includes(r.frequency))
    return {
      field: 'reporting.frequency',
      message: 'Choose weekly, fortnightly or monthly reporting',
    };
  const problem = dateProblem(
    'reporting.firstReportDue',
    r.firstReportDue,
    'the first report date',
  );
  if (problem) return problem;
  for (const measure of r.measures) {
    const long = textProblem('reporting.measures', measure, 'Each measure', MAX_LINE_TEXT);
    if (long) return long;
  }
  return textProblem('reporting.notes', r.notes, 'The notes on reporting');
}

/** D10.13(f): ids like `GL1`, each with its text, each used once. */
function criteriaProblem(criteria: RidSections['goLiveCriteria']): SectionProblem | null {
  const seen = new Set<string>();
  for (const [index, criterion] of criteria.entries()) {
    if (!CRITERION_ID.test(criterion.id))
      return {
        field: `goLiveCriteria.${index}.id`,
        message: `Give criterion ${index + 1} an id of capital letters and a number, such as GL${index + 1}`,
      };
    if (seen.has(criterion.id))
      return {
        field: `goLiveCriteria.${index}.id`,
        message: `The id ${criterion.id} is used by two criteria`,
      };
    seen.add(criterion.id);
    if (criterion.text === '')
      return {
        field: `goLiveCriteria.${index}.text`,
        message: `Say what ${criterion.id} requires`,
      };
    const long = textProblem(
      `goLiveCriteria.${index}.text`,
      criterion.text,
      'A criterion',
      MAX_LINE_TEXT,
    );
    if (long) return long;
  }
  return null;
}

/** A-RID: the first problem with a draft's (normalised) sections, or null when well formed. */
export function checkRidSections(s: RidSections): SectionProblem | null {
  const keys = new Set<string>();
  for (const [index, free] of s.free.entries()) {
    if (!(FREE_SECTION_KEYS as readonly string[]).includes(free.key))
      return { field: `free.${index}.key`, message: 'Unknown free section' };
    if (keys.has(free.key))
      return { field: `free.${index}.key`, message: `The section ${free.heading} is given twice` };
    keys.add(free.key);
    const long = textProblem(`free.${index}.text`, free.text, free.heading);
    if (long) return long;
  }
  return (
    textProblem('contentNotes', s.contentNotes, 'The notes on content') ??
    timescaleProblem(s.timescales) ??
    reportingProblem(s.reporting) ??
    textProblem('dccTesting', s.dccTesting, 'The DCC testing section') ??
    textProblem(
      'userTesting.requirements',
      s.userTesting.requirements,
      'The User testing required',
    ) ??
    textProblem(
      'userTesting.dccSupport',
      s.userTesting.dccSupport,
      'The DCC support for User testing',
    ) ??
    criteriaProblem(s.goLiveCriteria)
  );
}
