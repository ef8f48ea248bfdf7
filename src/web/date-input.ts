import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isIsoDate } from '../calendar/index.ts';
import { invalid } from '../errors.ts';

/**
 * Issue 13, GOV.UK date input: a page asks for a date as day, month and year (fields
 * `<name>-day`, `<name>-month`, `<name>-year`, written by the `dateField` macro of
 * templates/date-field.njk). Before a page handler runs, the three are folded into the one field
 * `<name>` the use cases already read, as an ISO date, so every handler, action and the API keep
 * `YYYY-MM-DD`. Parsing is strict: a real calendar date with a four-digit year.
 */

/** What a person typed into one date input. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/** A date input that cannot be read, with the GOV.UK message naming the field by its label. */
export interface DateProblem {
  field: string;
  message: string;
}

export type DateReading =
  { kind: 'empty' } | { kind: 'date'; date: string } | { kind: 'problem'; message: string };

const LABEL_MAX = 120;
const NUMBER = /^\d{1,4}$/;

/** The label's words at the start of a sentence. */
function sentenceOf(label: string): string {
  const text = label.replace(/\s*\(optional\)\s*$/i, '').trim() || 'The date';
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Reads a day, month and year strictly (GOV.UK's date-input error messages): all empty is no
 * date; a missing part, letters or an impossible date (31 February, month 13, a two-digit year)
 * is a problem naming the field.
 */
export function readDateParts(parts: DateParts, label: string): DateReading {
  const day = parts.day.trim();
  const month = parts.month.trim();
  const year = parts.year.trim();
  if (day === '' && month === '' && year === '') return { kind: 'empty' };
  const name = sentenceOf(label);
  const missing = [
    ['day', day],
    ['month', month],
    ['year', year],
  ]
    .filter(([, value]) => value === '')
    .map(([part]) => part);
  if (missing.length > 0)
    return { kind: 'problem', message: `${name} must include a ${missing.join(' and a ')}` };
  if (![day, month, year].every((value) => NUMBER.test(value)))
    return { kind: 'problem', message: `${name} must be a real date, in numbers` };
  if (year.length !== 4)
    return { kind: 'problem', message: `${name} must have a year of four digits, like 2027` };
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!isIsoDate(iso)) return { kind: 'problem', message: `${name} must be a real date` };
  return { kind: 'date', date: iso };
}

/**
 * The parts to show in a date input for a field's value: an ISO date gives its numbers without
 * leading zeros; a value a person typed that could not be read (`day/month/year` as folded) gives
 * back what they typed.
 */
export function datePartsOf(value: unknown): DateParts {
  if (typeof value !== 'string' || value === '') return { day: '', month: '', year: '' };
  const text: string = value;
  if (isIsoDate(value)) {
    const [year = '', month = '', day = ''] = value.split('-');
    return { day: String(Number(day)), month: String(Number(month)), year };
  }
  const [day = '', month = '', year = ''] = text.split('/');
  return { day, month, year };
}

const problemsByRequest = new WeakMap<FastifyRequest, DateProblem[]>();

/** The date inputs of this request that could not be read, in the form's order. */
export function dateProblemsOf(request: FastifyRequest): DateProblem[] {
  return problemsByRequest.get(request) ?? [];
}

/**
 * Folds each `<name>-day/-month/-year` trio of a form (or a filter's query) into `<name>`: the
 * ISO date, '' when all are empty, or — when it cannot be read — what was typed as
 * `day/month/year`, which no ISO date check accepts (so no handler takes it for a date), with the
 * problem kept for the error summary.
 */
export function foldDateParts(fields: Record<string, unknown>): DateProblem[] {
  const problems: DateProblem[] = [];
  const text = (key: string): string | undefined =>
    typeof fields[key] === 'string' ? fields[key] : undefined;
  for (const key of Object.keys(fields)) {
    const match = /^(.+)-day$/.exec(key);
    const name = match?.[1];
    if (name === undefined) continue;
    const [day, month, year] = [text(key), text(`${name}-month`), text(`${name}-year`)];
    if (day === undefined || month === undefined || year === undefined) continue;
    const label = (text(`${name}-label`) ?? '').slice(0, LABEL_MAX);
    const reading = readDateParts({ day, month, year }, label);
    if (reading.kind === 'date') fields[name] = reading.date;
    else if (reading.kind === 'empty') fields[name] = '';
    else {
      fields[name] = [day, month, year].map((part) => part.trim()).join('/');
      problems.push({ field: name, message: reading.message });
    }
  }
  return problems;
}

/** Pages only: the API takes ISO dates in JSON and never sees date parts. */
export function registerDateInputs(app: FastifyInstance): void {
  app.addHook('preHandler', (request, _reply, done) => {
    if (request.url.startsWith('/api/')) {
      done();
      return;
    }
    const problems = [request.query, request.body]
      .filter(
        (part): part is Record<string, unknown> =>
          typeof part === 'object' && part !== null && !Array.isArray(part),
      )
      .flatMap((part) => foldDateParts(part));
    if (problems.length > 0) problemsByRequest.set(request, problems);
    done();
  });
}

/**
 * A date a page must have, read after folding: the date input's own problem if it could not be
 * read, "Enter <what>" when empty, else the ISO date. `what` names it in a sentence ("the date
 * of the event").
 */
export function requirePageDate(request: FastifyRequest, field: string, what: string): string {
  const problem = dateProblemsOf(request).find((item) => item.field === field);
  if (problem) throw invalid(field, problem.message);
  const fields = { ...(request.query as object), ...(request.body as object) } as Record<
    string,
    unknown
  >;
  const value = typeof fields[field] === 'string' ? fields[field].trim() : '';
  if (value === '') throw invalid(field, `Enter ${what}`);
  if (!isIsoDate(value)) throw invalid(field, `${sentenceOf(what)} must be a real date`);
  return value;
}
