import type { Kysely, RawBuilder } from 'kysely';

/** Schema for consultations that really happened (D10.9, D10.20, rulings 8, 13). */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements: RawBuilder<unknown>[] = [];
  for (const statement of statements) await statement.execute(db);
}
