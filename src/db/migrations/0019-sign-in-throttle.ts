import type { Kysely } from 'kysely';

/** Reserved for F (sign-in throttle and session-bound CSRF): filled in by its change, removed if it needs no schema. */
export async function up(_db: Kysely<unknown>): Promise<void> {}
