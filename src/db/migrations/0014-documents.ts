import type { Kysely, RawBuilder } from 'kysely';

/** Schema for the SEC document catalogue and refinement (A-TCS, D6.8). */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements: RawBuilder<unknown>[] = [];
  for (const statement of statements) await statement.execute(db);
}
