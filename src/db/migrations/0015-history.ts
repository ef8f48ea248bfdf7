import type { Kysely, RawBuilder } from 'kysely';

/** Schema for history recorded from before the cut-over (ruling 13). */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements: RawBuilder<unknown>[] = [];
  for (const statement of statements) await statement.execute(db);
}
