import { sql, type Kysely } from 'kysely';

/**
 * Ruling 13: the installation's cut-over date. Acts dated before it are history recorded from
 * outside secrel; from it on, acts happen live. The row is created with the day the database is
 * made (the default of ruling 13); `secrel cut-over set` and the demo move it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table installation (
      id smallint primary key default 1 check (id = 1),
      cut_over_on date not null,
      updated_by bigint references app_user(id),
      updated_at timestamptz not null
    )`,
    sql`insert into installation (id, cut_over_on, updated_at) values (1, current_date, now())`,
  ];
  for (const statement of statements) await statement.execute(db);
}
