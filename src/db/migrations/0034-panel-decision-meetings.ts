import { sql, type Kysely } from 'kysely';

/**
 * Issue 9, ruling 13, D10.9: the Panel's decision on a Policy version names the Panel meeting
 * that took it, as its other decisions do (the TAD's request and review already have a meeting
 * column). Versions decided before this migration, and history recorded from before the cut-over,
 * keep none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table policy_version add column decision_meeting_id bigint references panel_meeting(id)`.execute(
    db,
  );
}
