/**
 * The RID edit form: fixed rows for milestones and go-live criteria, one textarea per free
 * section, measures one per line. Converts between the posted fields and the sections, and maps
 * a refusal's field path (`sections.goLiveCriteria.1.id`) to the form field it came from. PURE.
 */
import {
  FREE_SECTION_KEYS,
  REPORT_FREQUENCIES,
  type ReportFrequency,
  type RidSections,
} from './rid-sections.ts';
import { FREE_SECTION_HEADINGS } from './rid-validation.ts';

export const MILESTONE_ROWS = 6;
export const CRITERION_ROWS = 8;

/** A posted form's fields by name (already trimmed). */
export type FormFields = Record<string, string>;

/** Rows of a list that had any text, with their row numbers (1-based), for mapping errors. */
export interface ParsedForm {
  sections: RidSections;
  milestoneRows: number[];
  criterionRows: number[];
}

const rowsOf = (count: number) => Array.from({ length: count }, (_, index) => index + 1);

function isFrequency(value: string): value is ReportFrequency {
  return (REPORT_FREQUENCIES as readonly string[]).includes(value);
}

/** The sections the form describes; empty rows are left out (and remembered). */
export function sectionsFromForm(f: FormFields): ParsedForm {
  const text = (name: string) => f[name] ?? '';
  const date = (name: string) => (text(name) === '' ? null : text(name));
  const milestoneRows = rowsOf(MILESTONE_ROWS).filter(
    (n) => text(`milestone${n}Name`) !== '' || text(`milestone${n}Date`) !== '',
  );
  const criterionRows = rowsOf(CRITERION_ROWS).filter(
    (n) => text(`criterion${n}Id`) !== '' || text(`criterion${n}Text`) !== '',
  );
  const frequency = text('frequency');
  return {
    milestoneRows,
    criterionRows,
    sections: {
      contentNotes: text('contentNotes'),
      timescales: {
        dccTestingStart: date('dccTestingStart'),
        dccTestingEnd: date('dccTestingEnd'),
        userTestingStart: date('userTestingStart'),
        userTestingEnd: date('userTestingEnd'),
        milestones: milestoneRows.map((n) => ({
          name: text(`milestone${n}Name`),
          date: text(`milestone${n}Date`),
        })),
        notes: text('timescalesNotes'),
      },
      reporting: {
        frequency: isFrequency(frequency) ? frequency : null,
        firstReportDue: date('firstReportDue'),
        measures: text('measures')
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => line !== ''),
        notes: text('reportingNotes'),
      },
      dccTesting: text('dccTesting'),
      userTesting: {
        requirements: text('userTestingRequirements'),
        dccSupport: text('userTestingDccSupport'),
      },
      goLiveCriteria: criterionRows.map((n) => ({
        id: text(`criterion${n}Id`),
        text: text(`criterion${n}Text`),
      })),
      free: FREE_SECTION_KEYS.map((key) => ({
        key,
        heading: FREE_SECTION_HEADINGS[key],
        text: text(`free-${key}`),
      })).filter((s) => s.text !== ''),
    },
  };
}

/** The form's fields for a version's sections (the edit page's starting values). */
export function formFromSections(s: RidSections): FormFields {
  const fields: FormFields = {
    contentNotes: s.contentNotes,
    dccTestingStart: s.timescales.dccTestingStart ?? '',
    dccTestingEnd: s.timescales.dccTestingEnd ?? '',
    userTestingStart: s.timescales.userTestingStart ?? '',
    userTestingEnd: s.timescales.userTestingEnd ?? '',
    timescalesNotes: s.timescales.notes,
    frequency: s.reporting.frequency ?? '',
    firstReportDue: s.reporting.firstReportDue ?? '',
    measures: s.reporting.measures.join('\n'),
    reportingNotes: s.reporting.notes,
    dccTesting: s.dccTesting,
    userTestingRequirements: s.userTesting.requirements,
    userTestingDccSupport: s.userTesting.dccSupport,
  };
  s.timescales.milestones.forEach((m, index) => {
    fields[`milestone${index + 1}Name`] = m.name;
    fields[`milestone${index + 1}Date`] = m.date;
  });
  s.goLiveCriteria.forEach((c, index) => {
    fields[`criterion${index + 1}Id`] = c.id;
    fields[`criterion${index + 1}Text`] = c.text;
  });
  for (const free of s.free) fields[`free-${free.key}`] = free.text;
  return fields;
}

const SIMPLE: Record<string, string> = {
  'sections.contentNotes': 'contentNotes',
  'sections.timescales.dccTestingStart': 'dccTestingStart',
  'sections.timescales.dccTestingEnd': 'dccTestingEnd',
  'sections.timescales.userTestingStart': 'userTestingStart',
  'sections.timescales.userTestingEnd': 'userTestingEnd',
  'sections.timescales.notes': 'timescalesNotes',
  'sections.reporting.frequency': 'frequency',
  'sections.reporting.firstReportDue': 'firstReportDue',
  'sections.reporting.measures': 'measures',
  'sections.reporting.notes': 'reportingNotes',
  'sections.dccTesting': 'dccTesting',
  'sections.userTesting.requirements': 'userTestingRequirements',
  'sections.userTesting.dccSupport': 'userTestingDccSupport',
};

const capitalised = (word: string) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;

/** The form field a refusal's field path points at (the path itself when it is not a field). */
export function formFieldOf(path: string, parsed: ParsedForm): string {
  const simple = SIMPLE[path];
  if (simple) return simple;
  const list = /^sections\.(timescales\.milestones|goLiveCriteria|free)\.(\d+)\.(\w+)$/.exec(path);
  if (list) {
    const [, kind, index, leaf] = list;
    const at = Number(index);
    if (kind === 'timescales.milestones')
      return `milestone${parsed.milestoneRows[at] ?? at + 1}${capitalised(leaf ?? 'name')}`;
    if (kind === 'goLiveCriteria')
      return `criterion${parsed.criterionRows[at] ?? at + 1}${capitalised(leaf ?? 'id')}`;
    return `free-${parsed.sections.free[at]?.key ?? 'other'}`;
  }
  return path;
}
