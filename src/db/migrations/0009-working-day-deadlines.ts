import type { Kysely, RawBuilder } from 'kysely';

/** Schema for the Working-Day deadlines and appeals (ruling 18, D10.17). */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements: RawBuilder<unknown>[] = [];
  for (const statement of statements) await statement.execute(db);
}
