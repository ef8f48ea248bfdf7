import { AppError } from '../errors.ts';

/** A PostgreSQL error as both drivers (pg, PGlite) throw it: a five-character SQLSTATE. */
interface DatabaseError {
  code: string;
  severity?: string;
}

/** True for an error raised by PostgreSQL (or PGlite), not by Node or Fastify. */
export function isDatabaseError(error: unknown): error is DatabaseError {
  if (typeof error !== 'object' || error === null) return false;
  const { code, severity } = error as Partial<DatabaseError>;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string';
}

/**
 * Issue 11: what a PostgreSQL error means to the caller, by SQLSTATE class. The statement was
 * rolled back with its transaction, so nothing changed; only the answer differs.
 *
 * - 22 (data exception: a value out of range, an impossible date, a NUL byte) and 54 (a value
 *   beyond a program limit, such as an index row) → 400 `validation_failed`: the input was wrong.
 * - 23505 (unique) → 409 `already_exists`; 23502 (not null) and 23514 (check) → 400
 *   `validation_failed`; other 23 (foreign key, exclusion) → 409 `conflict`.
 * - 40001, 40P01 (serialization failure, deadlock), 55P03 (lock not available), 53 (insufficient
 *   resources) → 503 `database_busy`: the same request may succeed a moment later.
 * - 57014 (statement timeout) → 503 `database_timeout`.
 * - 08 (connection), 57P01–57P03 (shutting down, cannot connect now) → 503 `database_unavailable`.
 *
 * Anything else is undefined: an internal fault.
 */
export function fromDatabaseError(error: unknown): AppError | undefined {
  if (!isDatabaseError(error)) return undefined;
  const { code } = error;
  const sqlClass = code.slice(0, 2);
  if (sqlClass === '22') return new AppError('validation_failed', 'A value is not valid here');
  if (sqlClass === '54') return new AppError('validation_failed', 'A value is too large');
  if (code === '23505') return new AppError('already_exists');
  if (code === '23502' || code === '23514') {
    return new AppError('validation_failed', 'A value is missing or not allowed here');
  }
  if (sqlClass === '23') return new AppError('conflict');
  if (['40001', '40P01', '55P03'].includes(code) || sqlClass === '53') {
    return new AppError('database_busy');
  }
  if (code === '57014') return new AppError('database_timeout');
  if (sqlClass === '08' || ['57P01', '57P02', '57P03'].includes(code)) {
    return new AppError('database_unavailable');
  }
  return undefined;
}

/** Seconds a client should wait before retrying a 503 (the Retry-After header), by code. */
export const RETRY_AFTER_SECONDS: Partial<Record<string, number>> = {
  database_busy: 1,
  database_timeout: 5,
  database_unavailable: 5,
};
