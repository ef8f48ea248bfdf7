import { sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * Issue 9, ruling 13, D10.8(a): a late addition or a de-scoping is a Panel decision, so it names
 * the Panel meeting that took it and is dated that meeting's day. Decisions recorded before this
 * column existed keep a null meeting.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements: RawBuilder<unknown>[] = [
    sql`alter table release_decision add column meeting_id bigint references panel_meeting(id)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
