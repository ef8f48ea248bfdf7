import { sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * Ruling 16 (issue 9): a release's statuses are those the facts give — planned, RID approved
 * (the Panel's approval of a RID version), in test (DCC SIT started), live (the go-live
 * decision) — and the Panel's cancellation. "Scoped", "go-live decision" and "closed" had no
 * fact leading to them: a release still in one moves to the status its facts give (scoped →
 * planned, go-live decision → in test, closed → live), and the check constraint drops them.
 * The Panel's go-live decision names the meeting that took it (required for a deferral, which is
 * also recorded as a Panel decision on the release); older decisions have none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await releaseStatusesFollowFacts(db);
  await sql`alter table go_live_decision add column meeting_id bigint references panel_meeting(id)`.execute(
    db,
  );
}

/** Ruling 16: releases in a status no fact leads to move to the one their facts give; the check drops it. */
export async function releaseStatusesFollowFacts(db: Kysely<unknown>): Promise<void> {
  const statements: RawBuilder<unknown>[] = [
    sql`update release set status = case status
        when 'scoped' then 'planned'
        when 'go_live_decision' then 'in_test'
        when 'closed' then 'live'
        else status end
      where status in ('scoped', 'go_live_decision', 'closed')`,
    sql`alter table release drop constraint release_status_check`,
    sql`alter table release add constraint release_status_check
      check (status in ('planned', 'rid_approved', 'in_test', 'live', 'cancelled'))`,
  ];
  for (const statement of statements) await statement.execute(db);
}
