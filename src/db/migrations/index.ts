import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.ts';

/** Every migration, in order. Forward-only; the same files run on PGlite and PostgreSQL. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
};
