import { AppError } from '../errors.ts';
import { MAX_INTEGER } from '../schemas.ts';

/**
 * Throws if a page's numeric id is not a positive whole number written in decimal digits, at
 * most {@link MAX_INTEGER} (issue 11: `0x10`, `1e1`, ` 1` or `1.0` is no page, not page 16).
 */
export function parseId(value: string, field = 'id'): number {
  const id = /^[1-9][0-9]{0,9}$/.test(value) ? Number(value) : Number.NaN;
  if (!(id <= MAX_INTEGER)) throw new AppError('not_found', `No such ${field}`);
  return id;
}
