import type { Kysely, RawBuilder } from 'kysely';

/** Schema for release status from facts and go-live (rulings 15, 16). */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements: RawBuilder<unknown>[] = [];
  for (const statement of statements) await statement.execute(db);
}
