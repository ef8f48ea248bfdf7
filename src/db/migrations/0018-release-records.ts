import type { Kysely } from 'kysely';

/** Reserved for H2 (issue 9 release/go-live remainder): filled in by its change, removed if it needs no schema. */
export async function up(_db: Kysely<unknown>): Promise<void> {}
