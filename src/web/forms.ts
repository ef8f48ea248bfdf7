import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ProblemsError, invalid, type FieldProblem } from '../errors.ts';
import { setNotice } from '../http/notice.ts';
import { MAX_INTEGER } from '../schemas.ts';
import { dateProblemsOf } from './date-input.ts';

/** A text field of a posted form, trimmed; '' when absent. */
export function formText(request: FastifyRequest, name: string): string {
  const body = request.body as Record<string, unknown> | undefined;
  const value = body?.[name];
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0].trim();
  return '';
}

/**
 * A posted whole number written in decimal digits (an optional minus sign), within PostgreSQL's
 * `integer`; NaN when absent or anything else (issue 11: not `0x10`, `1e30` or `Infinity`).
 */
export function formNumber(request: FastifyRequest, name: string): number {
  const text = formText(request, name);
  const value = /^-?[0-9]{1,10}$/.test(text) ? Number(text) : Number.NaN;
  return Math.abs(value) <= MAX_INTEGER ? value : Number.NaN;
}

/** A whole number chosen in a form (an id), or a 400 naming the field: "Choose `what`". */
export function formId(request: FastifyRequest, name: string, what: string): number {
  const text = formText(request, name);
  if (!/^\d{1,10}$/.test(text) || Number(text) === 0 || Number(text) > MAX_INTEGER) {
    throw invalid(name, `Choose ${what}`);
  }
  return Number(text);
}

/** A version hidden in a form; absent means "do not check". */
export function formVersion(request: FastifyRequest): number | undefined {
  const text = formText(request, 'version');
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

/** The yes/no answer of a radio group, or a 400 naming it. */
export function formYesNo(request: FastifyRequest, name: string, question: string): boolean {
  const answer = formText(request, name);
  if (answer !== 'yes' && answer !== 'no') throw invalid(name, question);
  return answer === 'yes';
}

/** The submitted form's values, without the CSRF token. */
export function formValues(request: FastifyRequest): Record<string, string> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(body)
      .filter((key) => key !== '_csrf')
      .map((key) => [key, formText(request, key)]),
  );
}

/**
 * Every field an error refuses (issue 13: a ProblemsError holds several), each with its
 * message; an error naming no field gives one item without a field.
 */
function problemsOf(error: AppError): { field: string | undefined; message: string }[] {
  if (error instanceof ProblemsError) return [...error.problems];
  return [{ field: error.field, message: error.message }];
}

/**
 * The problems of a refused form: its date inputs that could not be read (issue 13, worded by
 * their labels) first in place of anything the use case said about those fields, then the rest.
 */
function formProblems(
  error: AppError,
  request: FastifyRequest | undefined,
): { field: string | undefined; message: string }[] {
  const dates: FieldProblem[] = request ? dateProblemsOf(request) : [];
  const dated = new Set(dates.map((problem) => problem.field));
  return [
    ...dates,
    ...problemsOf(error).filter((problem) => !problem.field || !dated.has(problem.field)),
  ];
}

/** GOV.UK error-summary items for an error thrown by a use case; others are rethrown. */
export function formErrors(
  error: unknown,
  fieldIds: Record<string, string> = {},
  request?: FastifyRequest,
): { text: string; href: string }[] {
  if (!(error instanceof AppError) || error.status >= 500 || error.code === 'forbidden')
    throw error;
  return formProblems(error, request).map(({ field, message }) => {
    const id = field ? (fieldIds[field] ?? field) : undefined;
    return { text: message, href: id ? `#${id}` : '#main-content' };
  });
}

/** Each error's message under the id of its field (the error-summary link without its '#'). */
export function fieldErrorsOf(
  errors: readonly { text: string; href: string }[],
): Record<string, { text: string }> {
  return Object.fromEntries(errors.map((e) => [e.href.slice(1), { text: e.text }]));
}

export interface FormState {
  errors: { text: string; href: string }[];
  fieldErrors: Record<string, { text: string }>;
  values: Record<string, string>;
  form?: string;
}

/**
 * The error summary and field messages for a refused form: the field's id is prefixed with the
 * form's id so each link lands on the field of the form that was sent.
 */
export function formState(error: unknown, request: FastifyRequest, form: string): FormState {
  if (!(error instanceof AppError) || error.status >= 500 || error.code === 'forbidden')
    throw error;
  const problems = formProblems(error, request);
  return {
    errors: problems.map(({ field, message }) => ({
      text: message,
      href: `#${field ? `${form}-${field}` : form}`,
    })),
    fieldErrors: Object.fromEntries(
      problems.flatMap(({ field, message }) => (field ? [[field, { text: message }]] : [])),
    ),
    values: formValues(request),
    form,
  };
}

/** The HTTP status a refused form is shown again with. */
export function statusOf(error: unknown): number {
  return error instanceof AppError ? error.status : 400;
}

/** A form's use case done: the notice to show and the page to go to. */
export interface FormDone {
  notice: string;
  to: string;
}

/** How to run one posted form (see submitForm). */
export interface FormSubmission {
  /** The form's id: the error links and field ids start with it. */
  form: string;
  /** The use case. */
  run: () => Promise<FormDone>;
  /** Shows the page again with the refused form, with the error's status. */
  again: (state: FormState, status: number) => unknown;
  /** The refused form's state, when the page words it differently from formState. */
  stateOf?: (error: unknown, request: FastifyRequest, form: string) => FormState;
}

/**
 * Runs a posted form's use case. Done: its notice is set and the browser goes on (303 See
 * Other). Refused: a missing page (a not_found naming no field) is thrown on, as are a forbidden
 * action and a server fault; any other AppError shows the page again with the error summary, the
 * field's message and the error's status.
 */
export async function submitForm(
  request: FastifyRequest,
  reply: FastifyReply,
  submission: FormSubmission,
): Promise<unknown> {
  let done: FormDone;
  try {
    // A date that cannot be read is never passed on (issue 13): the form comes back at once.
    const [dateProblem] = dateProblemsOf(request);
    if (dateProblem) throw invalid(dateProblem.field, dateProblem.message);
    done = await submission.run();
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found' && !error.field) throw error;
    const state = (submission.stateOf ?? formState)(error, request, submission.form);
    return submission.again(state, statusOf(error));
  }
  setNotice(reply, done.notice);
  return reply.redirect(done.to, 303);
}
