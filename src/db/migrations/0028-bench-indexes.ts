import { sql, type Kysely } from 'kysely';

/**
 * Issue 12: an index for the filter and order of each list people live on that had none, so ten
 * years of history cost what one year does. The audit trail's lists (subject, actor, action, date
 * with keyset on seq) and the register's (status, path, proposer, document, keyset on id) were
 * indexed already (0001, 0002).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    // The outbox page: newest first by status (keyset on id), and its count of each status read
    // from the index instead of the table.
    sql`create index outbox_message_by_status on outbox_message (status, id)`,
    // The release page: every part allocated to the release, de-scoped ones too (the partial
    // allocation_by_release holds the live parts only).
    sql`create index allocation_of_release on allocation (release_id, modification_id)`,
    // The release page and API: the Panel's late-addition decisions of the release.
    sql`create index release_decision_by_release on release_decision (release_id)`,
    // The release page's allocation forms: the allocatable modifications by reference, a page
    // of them at a time (allocatableModifications).
    sql`create index modification_allocatable on modification (reference) where status in ('approved', 'allocated')`,
  ];
  for (const statement of statements) await statement.execute(db);
}
