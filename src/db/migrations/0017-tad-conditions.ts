import type { Kysely } from 'kysely';

/** Reserved for H1 (TAD per-modification D10.13(d)(e) statements): filled in by its change, removed if it needs no schema. */
export async function up(_db: Kysely<unknown>): Promise<void> {}
