import { sql, type Kysely } from 'kysely';

/**
 * Issue 12, the render cache: one row counting the committed changes to what anonymous readers
 * can see. `public_version_bump()` is a deferred constraint trigger, attached to every table that
 * is not declared private (src/db/public-version.ts does that after the migrations, for the
 * tables of later migrations too); it runs once per writing transaction, at its commit, so the
 * new version becomes visible in the same instant as the data it stands for, and it takes the
 * row's lock last (after the audit head), so it adds no lock-order cycle. `changed_at` is a whole
 * second strictly later than the previous one: it is the pages' Last-Modified, and two versions
 * never share one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table public_version (
      id integer primary key check (id = 1),
      version bigint not null,
      changed_at timestamptz not null
    )`,
    sql`insert into public_version (id, version, changed_at)
      values (1, 1, date_trunc('second', clock_timestamp()))`,
    sql`create function public_version_bump() returns trigger language plpgsql as $$
      begin
        -- Once per transaction: the setting is local to it.
        if current_setting('secrel.public_version_bumped', true) = 'yes' then
          return null;
        end if;
        perform set_config('secrel.public_version_bumped', 'yes', true);
        update public_version
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
