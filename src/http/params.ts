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

/**
 * A page's optional numeric query value (a cursor, a version number): decimal digits only, at
 * most {@link MAX_INTEGER}; anything else is treated as absent (issue 11: no `0x10` as 16).
 */
export function optionalWholeNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^[0-9]{1,10}$/.test(value)) return undefined;
  const number = Number(value);
  return number <= MAX_INTEGER ? number : undefined;
}
