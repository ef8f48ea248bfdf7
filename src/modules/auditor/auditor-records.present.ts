/**
 * D10.11: the release records as the auditor's page shows them. The RID sections, readiness
 * measures and defect counts are JSON written by other modules; these read them defensively and
 * turn them into label/value lines, so a shape they do not know is still shown, never hidden.
 */
import { longDate } from '../../calendar/date-words.ts';
import { RID_SECTION_NAMES } from '../rid/rid-sections.ts';

export interface Line {
  label: string;
  value: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  // Issue 13: dates in UK words, never ISO, in the auditor's records.
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? longDate(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A JSON value as lines: an object's members, a list's items (name/value pairs), or the text. */
export function jsonLines(value: unknown): Line[] {
  if (isRecord(value))
    return Object.entries(value).map(([label, v]) => ({ label, value: text(v) }));
  if (Array.isArray(value))
    return value.map((item, index) => {
      if (isRecord(item) && ('name' in item || 'id' in item)) {
        const { name, id, ...rest } = item;
        return {
          label: text(name ?? id),
          value: text('value' in rest ? rest.value : Object.keys(rest).length ? rest : ''),
        };
      }
      return { label: String(index + 1), value: text(item) };
    });
  const single = text(value);
  return single === '' ? [] : [{ label: '', value: single }];
}

const join = (parts: string[]) => parts.filter((p) => p !== '').join('; ');

const range = (what: string, from: unknown, to: unknown) =>
  from || to ? `${what} ${text(from) || '?'} to ${text(to) || '?'}` : '';

/** D10.13: a RID version's sections (a)–(f) and free sections as lines; empty ones left out. */
export function ridSectionLines(sections: unknown): Line[] {
  if (!isRecord(sections)) return jsonLines(sections);
  const s = sections;
  const timescales = isRecord(s.timescales) ? s.timescales : {};
  const reporting = isRecord(s.reporting) ? s.reporting : {};
  const userTesting = isRecord(s.userTesting) ? s.userTesting : {};
  const milestones = Array.isArray(timescales.milestones) ? timescales.milestones : [];
  const measures = Array.isArray(reporting.measures) ? reporting.measures.map(text) : [];
  const criteria = Array.isArray(s.goLiveCriteria) ? s.goLiveCriteria : [];
  const lines: Line[] = [
    { label: RID_SECTION_NAMES.a, value: text(s.contentNotes) },
    {
      label: RID_SECTION_NAMES.b,
      value: join([
        range('DCC testing', timescales.dccTestingStart, timescales.dccTestingEnd),
        range('User testing', timescales.userTestingStart, timescales.userTestingEnd),
        ...milestones.map((m) => (isRecord(m) ? `${text(m.name)} ${text(m.date)}` : text(m))),
        text(timescales.notes),
      ]),
    },
    {
      label: RID_SECTION_NAMES.c,
      value: join([
        reporting.frequency ? `Reports ${text(reporting.frequency)}` : '',
        reporting.firstReportDue ? `first due ${text(reporting.firstReportDue)}` : '',
        measures.length ? `measures: ${measures.join(', ')}` : '',
        text(reporting.notes),
      ]),
    },
    { label: RID_SECTION_NAMES.d, value: text(s.dccTesting) },
    {
      label: RID_SECTION_NAMES.e,
      value: join([
        text(userTesting.requirements),
        userTesting.dccSupport ? `DCC support: ${text(userTesting.dccSupport)}` : '',
      ]),
    },
    {
      label: RID_SECTION_NAMES.f,
      value: join(criteria.map((c) => (isRecord(c) ? `${text(c.id)}: ${text(c.text)}` : text(c)))),
    },
    ...(Array.isArray(s.free) ? s.free : []).map((f) =>
      isRecord(f)
        ? { label: text(f.heading) || text(f.key), value: text(f.text) }
        : (jsonLines(f)[0] ?? { label: '', value: '' }),
    ),
  ];
  return lines.filter((line) => line.value !== '');
}
