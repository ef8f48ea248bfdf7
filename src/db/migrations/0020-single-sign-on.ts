import type { Kysely } from 'kysely';

/** Reserved for G (OpenID Connect): filled in by its change, removed if it needs no schema. */
export async function up(_db: Kysely<unknown>): Promise<void> {}
