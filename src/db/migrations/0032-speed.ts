import { sql, type Kysely } from 'kysely';

/**
 * Issue 12, the signed-in render cache: one row counting the committed changes to anything a
 * signed-in page can show, as `public_version` (migration 0021) does for anonymous readers.
 * `data_version_bump()` is a deferred constraint trigger, attached to every table but those that
 * are written while reading (src/db/data-version.ts does that after the migrations); it runs once
 * per writing transaction, at its commit, and takes the row's lock last.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table data_version (
      id integer primary key check (id = 1),
      version bigint not null,
      changed_at timestamptz not null
    )`,
    sql`insert into data_version (id, version, changed_at)
      values (1, 1, date_trunc('second', clock_timestamp()))`,
    sql`create function data_version_bump() returns trigger language plpgsql as $$
      begin
        -- Once per transaction: the setting is local to it.
        if current_setting('secrel.data_version_bumped', true) = 'yes' then
          return null;
        end if;
        perform set_config('secrel.data_version_bumped', 'yes', true);
        update data_version
          set version = version + 1,
              changed_at = greatest(
                date_trunc('second', clock_timestamp()) + interval '1 second',
                changed_at + interval '1 second')
          where id = 1;
        return null;
      end
    $$`,
  ];
  for (const statement of statements) await statement.execute(db);
}
