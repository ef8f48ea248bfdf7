import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/** A text field of a posted form, trimmed; '' when absent. */
export function formText(request: FastifyRequest, name: string): string {
  const body = request.body as Record<string, unknown> | undefined;
  const value = body?.[name];
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0].trim();
  return '';
}

/** GOV.UK error-summary items for an error thrown by a use case; others are rethrown. */
export function formErrors(
  error: unknown,
  fieldIds: Record<string, string> = {},
): { text: string; href: string }[] {
  if (!(error instanceof AppError) || error.status >= 500 || error.code === 'forbidden')
    throw error;
  const field = error.field ? (fieldIds[error.field] ?? error.field) : undefined;
  return [{ text: error.message, href: field ? `#${field}` : '#main-content' }];
}
