/**
 * The tables `secrel export` writes and `secrel import` reads, in foreign-key dependency order:
 * every table comes after the tables it references, so rows can be inserted in file order.
 *
 * NEW TABLES MUST BE ADDED HERE, after the tables they reference. Export refuses to run while
 * the database has a table this list does not name, so a forgotten table is caught rather than
 * silently left out of a backup or a move to PostgreSQL.
 */
export interface ExportTable {
  name: string;
  /** The primary key column: rows are read in keyset batches ordered by it. */
  key: string;
  /**
   * True when a migration already inserts this table's rows (the audit chain head, the bodies), so
   * the import updates them by key instead of inserting, and an empty database may have them.
   */
  seeded?: boolean;
}

export const EXPORT_TABLES: readonly ExportTable[] = [
  { name: 'organisation', key: 'id' },
  { name: 'body', key: 'id', seeded: true },
  { name: 'app_user', key: 'id' },
  { name: 'user_role', key: 'id' },
  { name: 'panel_seat', key: 'id' },
  { name: 'session', key: 'id' },
  { name: 'oidc_sign_in', key: 'id' },
  { name: 'api_token', key: 'id' },
  // Issue 11: sign-in throttling (migration 0019); its key spans two columns.
  { name: 'sign_in_throttle', key: 'ctid' },
  { name: 'audit_head', key: 'id', seeded: true },
  { name: 'audit_event', key: 'seq' },
  // Issue 12: the render cache's version (migration 0021 inserts its one row).
  { name: 'public_version', key: 'id', seeded: true },
  // Issue 12: the signed-in render cache's version (migration 0032 inserts its one row).
  { name: 'data_version', key: 'id', seeded: true },
  { name: 'calendar_override', key: 'id' },
  // Ruling 13: the cut-over date (migration 0008 inserts its one row).
  { name: 'installation', key: 'id', seeded: true },
  { name: 'job', key: 'id' },
  { name: 'outbox_message', key: 'id' },
  // Modifications (migration 0002). Tables whose primary key spans two columns are read in the
  // physical order of their rows (`ctid`, stable inside the export's snapshot), so a batch
  // boundary never falls between two rows sharing the first key column.
  { name: 'sec_document', key: 'id' },
  { name: 'modification', key: 'id' },
  { name: 'modification_document', key: 'ctid' },
  { name: 'modification_dependency', key: 'ctid' },
  { name: 'implementation_timetable', key: 'id' },
  { name: 'refinement_item', key: 'ctid' },
  { name: 'view_notification', key: 'id' },
  { name: 'view_request', key: 'id' },
  // D6.8(f)–(i): returns to refinement after a change of documents (migration 0014).
  { name: 'refinement_return', key: 'id' },
  { name: 'decision', key: 'id' },
  { name: 'panel_meeting', key: 'id' },
  { name: 'agenda_item', key: 'id' },
  { name: 'implementation_action', key: 'id' },
  { name: 'timetable_representation', key: 'id' },
  { name: 'legal_challenge', key: 'id' },
  { name: 'authority_request', key: 'id' },
  // Consultations and the SEC Release Management Policy (migration 0004).
  { name: 'consultation', key: 'id' },
  { name: 'consultation_response', key: 'id' },
  { name: 'response_attachment', key: 'id' },
  { name: 'consultation_point', key: 'id' },
  { name: 'policy_version', key: 'id' },
  // SEC Releases (migration 0005).
  { name: 'release', key: 'id' },
  { name: 'release_decision', key: 'id' },
  // Ruling 14: milestones moved by a newly effective Policy version (migration 0016).
  { name: 'release_policy_change', key: 'id' },
  // Notices, costs and go-live (migration 0006).
  { name: 'release_notice', key: 'id' },
  { name: 'cost_line', key: 'id' },
  { name: 'cost_review', key: 'id' },
  { name: 'cost_report_request', key: 'id' },
  { name: 'go_live_decision', key: 'id' },
  // The Panel's cancellations, deferrals and notice exceptions of a release (migration 0010).
  { name: 'release_panel_decision', key: 'id' },
  // RID, TAD, appeals, DCC requests, testing, readiness and auditors (migration 0007).
  { name: 'rid_freeze_override', key: 'id' },
  { name: 'tad_request', key: 'id' },
  { name: 'tad_version', key: 'id' },
  { name: 'rid_version', key: 'id' },
  // Allocations after the RID versions (migration 0011: the amendment that applied a change).
  { name: 'allocation', key: 'id' },
  { name: 'rid_appeal', key: 'id' },
  // The stored appeal deadline and further appeals to the CMA (migration 0009).
  { name: 'rid_further_appeal', key: 'id' },
  // Issue 13: unsent appeals and the files of appeals and drafts (migration 0029).
  { name: 'appeal_draft', key: 'id' },
  { name: 'appeal_attachment', key: 'id' },
  { name: 'dcc_info_request', key: 'id' },
  { name: 'test_phase', key: 'id' },
  { name: 'readiness_report', key: 'id' },
  { name: 'test_evidence', key: 'id' },
  { name: 'auditor_appointment', key: 'id' },
  { name: 'auditor_access_request', key: 'id' },
  // Ruling 13: the published source of each record held outside secrel (migration 0015).
  { name: 'history_source', key: 'ctid' },
  // Issue 14: the Code as data — versions, provisions, definitions (0026); amendments,
  // consolidations and findings (0027).
  { name: 'code_version', key: 'id' },
  { name: 'code_provision', key: 'ctid' },
  { name: 'code_definition', key: 'ctid' },
  { name: 'code_amendment', key: 'modification_id' },
  { name: 'code_consolidation', key: 'id' },
  { name: 'code_finding', key: 'id' },
  // Issue 14: accepted editorial amendments (0030).
  { name: 'code_editorial', key: 'id' },
  // Issue 13: notification preferences, follows, notifications, calendar feeds (migration 0023).
  { name: 'notification_preference', key: 'ctid' },
  { name: 'subscription', key: 'ctid' },
  { name: 'notification', key: 'id' },
  { name: 'calendar_feed_token', key: 'id' },
];

/** Tables that belong to the migration machinery, not to the data: never exported. */
export const MIGRATION_TABLES: readonly string[] = ['kysely_migration', 'kysely_migration_lock'];
