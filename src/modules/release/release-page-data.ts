import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { formErrors, formText } from '../../web/forms.ts';

export interface FormState {
  errors: { text: string; href: string }[];
  fieldErrors: Record<string, { text: string }>;
  values: Record<string, string>;
  form?: string;
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
 * The error summary and field messages for a refused form: the field's id is prefixed with the
 * form's id so each link lands on the field of the form that was sent.
 */
export function formState(error: unknown, request: FastifyRequest, form: string): FormState {
  const [item] = formErrors(error);
  const field = error instanceof AppError ? error.field : undefined;
  const id = field ? `${form}-${field}` : form;
  return {
    errors: item ? [{ text: item.text, href: `#${id}` }] : [],
    fieldErrors: field && item ? { [field]: { text: item.text } } : {},
    values: formValues(request),
    form,
  };
}

/** The HTTP status a refused form is shown again with. */
export function statusOf(error: unknown): number {
  return error instanceof AppError ? error.status : 400;
}

/** A posted whole number, or NaN when absent. */
export function formNumber(request: FastifyRequest, name: string): number {
  const text = formText(request, name);
  return text === '' ? Number.NaN : Number(text);
}
