import type { Kysely, RawBuilder } from 'kysely';

/** Schema for Panel acts (D10.2, D10.12, ruling 13). */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements: RawBuilder<unknown>[] = [];
  for (const statement of statements) await statement.execute(db);
}
