import { sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * Schema for consultations that really happened (D10.9, D10.20, rulings 8, 13).
 *
 * - `policy_version.consultation_working_days`: the minimum period of a consultation on a
 *   Policy or TAD version, in Working Days; data in the Policy (default 10).
 * - `consultation.minimum_working_days`: the minimum the consultation was opened under (null for
 *   a consultation with none, and for history held outside secrel), so an edit cannot shorten it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements: RawBuilder<unknown>[] = [
    sql`alter table policy_version add column consultation_working_days integer not null default 10
      check (consultation_working_days between 1 and 250)`,
    sql`alter table consultation add column minimum_working_days integer
      check (minimum_working_days between 1 and 250)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
