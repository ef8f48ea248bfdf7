import type { Kysely } from 'kysely';

/** Reserved for the work on code-editorial in this round; it changes nothing until that work fills it. */
export async function up(_db: Kysely<unknown>): Promise<void> {}
