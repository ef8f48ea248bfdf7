import type { Kysely, RawBuilder } from 'kysely';

/** Schema for allocations after approval and in step with the Authority (rulings 15, 17). */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements: RawBuilder<unknown>[] = [];
  for (const statement of statements) await statement.execute(db);
}
