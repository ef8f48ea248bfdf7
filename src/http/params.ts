import { AppError } from '../errors.ts';

/** Throws if a page form's numeric id is not a positive whole number. */
export function parseId(value: string, field = 'id'): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('not_found', `No such ${field}`);
  return id;
}
