import { sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * Schema for allocations after approval and in step with the Authority (rulings 15, 17).
 *
 * Ruling 15 (D10.13(a), D10.15): once a RID version is approved it fixes the release's content;
 * a later allocation is a pending addition and a later de-scoping a pending removal (its Panel
 * decision recorded, `descoped_at` still null) until a RID amendment carrying it is approved,
 * which applies it and is recorded as `applied_by_rid_version_id`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements: RawBuilder<unknown>[] = [
    sql`alter table allocation add column pending_change text
      check (pending_change in ('addition', 'removal'))`,
    sql`alter table allocation add column applied_by_rid_version_id bigint
      references rid_version(id)`,
    sql`alter table allocation add constraint allocation_pending_is_live
      check (pending_change is null or descoped_at is null)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
