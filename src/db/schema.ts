import type { ColumnType, Generated } from 'kysely';

/** A `timestamptz` column: read as Date, written as Date or ISO text. */
type Instant = ColumnType<Date, Date | string, Date | string>;
/** A `date` column: `YYYY-MM-DD` text both ways. */
type IsoDate = string;
type Json = ColumnType<unknown, string, string>;

export interface OrganisationTable {
  id: Generated<number>;
  name: string;
  kind: 'party' | 'dcc' | 'authority' | 'code_administrator' | 'consumer_body' | 'auditor';
  party_category:
    | 'large_supplier'
    | 'small_supplier'
    | 'electricity_network'
    | 'gas_network'
    | 'other_sec_party'
    | null;
  is_user: Generated<boolean>;
  version: Generated<number>;
  created_at: Instant;
}

export interface BodyTable {
  id: string;
  name: string;
  kind: 'panel' | 'sub_committee';
  description: string;
}

export interface AppUserTable {
  id: Generated<number>;
  email: string;
  name: string;
  organisation_id: number | null;
  password_hash: string | null;
  disabled_at: Instant | null;
  version: Generated<number>;
  created_at: Instant;
}

export interface UserRoleTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  scope: Generated<string>;
}

export interface PanelSeatTable {
  id: Generated<number>;
  seat: string;
  label: string;
  holder_user_id: number | null;
  term_start: IsoDate | null;
  term_end: IsoDate | null;
}

export interface SessionTable {
  id: string;
  user_id: number;
  created_at: Instant;
  last_seen_at: Instant;
  expires_at: Instant;
  revoked_at: Instant | null;
  user_agent: Generated<string>;
  ip: Generated<string>;
  /** How the session was opened (migration 0020). */
  method: Generated<'password' | 'oidc'>;
}

/** An OpenID Connect sign-in between the redirect to the provider and its callback. */
export interface OidcSignInTable {
  /** SHA-256 of the `state` sent to the provider. */
  id: string;
  code_verifier: string;
  nonce: string;
  next_path: string;
  created_at: Instant;
  expires_at: Instant;
  used_at: Instant | null;
}

/** Issue 11: sign-in guesses per e-mail address (hashed) and place; source '' is the account. */
export interface SignInThrottleTable {
  account_key: string;
  source: string;
  failures: Generated<number>;
  blocked_until: Instant | null;
  last_attempt_at: Instant | null;
  succeeded_at: Instant | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: Instant;
  last_used_at: Instant | null;
  revoked_at: Instant | null;
}

export interface AuditEventTable {
  seq: number;
  at: Instant;
  actor_id: number | null;
  actor_label: string;
  action: string;
  subject_type: string;
  subject_id: string;
  before: Json | null;
  after: Json | null;
  reason: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/** Issue 12 (migration 0021): the render cache's key, bumped by every write to a public table. */
export interface PublicVersionTable {
  id: number;
  version: number;
  changed_at: Instant;
}

/** Issue 12 (migration 0032): the signed-in render cache's key, bumped by every write but reads'. */
export interface DataVersionTable {
  id: number;
  version: number;
  changed_at: Instant;
}

/** Issue 13 (migration 0029): a Party's unsent appeal, one per person and RID version. */
export interface AppealDraftTable {
  id: Generated<number>;
  rid_version_id: number;
  user_id: number;
  reasons: string;
  updated_at: Instant;
}

/** Issue 13 (migration 0029): a file of an appeal, or of a draft until it is lodged. */
export interface AppealAttachmentTable {
  id: Generated<number>;
  appeal_id: number | null;
  draft_id: number | null;
  filename: string;
  content_type: string;
  size_bytes: number;
  data: Uint8Array;
  created_at: Instant;
}

export interface CalendarOverrideTable {
  id: Generated<number>;
  date: IsoDate;
  region: 'england-and-wales' | 'scotland' | 'northern-ireland' | 'all';
  kind: 'add' | 'remove';
  reason: string;
  created_by: number | null;
  created_at: Instant;
}

/** Ruling 13: the one row holding the installation's cut-over date. */
export interface InstallationTable {
  id: Generated<number>;
  cut_over_on: IsoDate;
  /** Ruling 13: the Panel's record window for meetings created from now on (migration 0035). */
  panel_record_working_days: Generated<number>;
  updated_by: number | null;
  updated_at: Instant;
}

export interface JobTable {
  id: Generated<number>;
  kind: string;
  run_at: Instant;
  payload: ColumnType<unknown, string | undefined, string>;
  attempts: Generated<number>;
  locked_until: Instant | null;
  locked_by: string | null;
  done_at: Instant | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: Instant;
}

export interface OutboxMessageTable {
  id: Generated<number>;
  to_address: string;
  to_name: Generated<string>;
  subject: string;
  body_text: string;
  created_at: Instant;
  status: ColumnType<
    'pending' | 'sent' | 'failed',
    'pending' | undefined,
    'pending' | 'sent' | 'failed'
  >;
  attempts: Generated<number>;
  locked_until: Instant | null;
  sent_at: Instant | null;
  last_error: string | null;
  message_id: string;
  dedupe_key: string | null;
}

export interface SecDocumentTable {
  id: string;
  kind: 'section' | 'schedule' | 'appendix' | 'subsidiary';
  code: string;
  title: string;
  is_technical_code_specification: Generated<boolean>;
  is_security_obligation: Generated<boolean>;
  is_smki_document: Generated<boolean>;
  relates_to_section_z: Generated<boolean>;
  affects_alt_han_charges: Generated<boolean>;
  retired: Generated<boolean>;
  version: Generated<number>;
  created_at: Instant;
  updated_at: Instant;
}

export interface ModificationTable {
  id: Generated<number>;
  reference: string;
  title: string;
  summary: Generated<string>;
  proposer_org_id: number | null;
  path: 'path1' | 'path2' | 'path3' | 'fast_track' | 'alv' | null;
  urgent: Generated<boolean>;
  status: string;
  status_before_withdrawal: string | null;
  raised_on: IsoDate;
  withdrawn_at: Instant | null;
  adoption_deadline: Instant | null;
  dcc_testing_required: boolean | null;
  testing_solution: string | null;
  approved_on: IsoDate | null;
  approved_by: 'change_board' | 'authority' | null;
  search_text: Generated<string>;
  version: Generated<number>;
  created_at: Instant;
  updated_at: Instant;
}

export interface ModificationDocumentTable {
  modification_id: number;
  document_id: string;
}

export interface ModificationDependencyTable {
  modification_id: number;
  depends_on_id: number;
}

export interface ImplementationTimetableTable {
  id: Generated<number>;
  modification_id: number;
  implementation_date: IsoDate;
  description: Generated<string>;
  source: 'proposal' | 'refinement' | 'authority_direction' | 'decision';
  recorded_by: number | null;
  created_at: Instant;
  superseded_at: Instant | null;
}

export interface RefinementItemTable {
  modification_id: number;
  purpose: string;
  conclusion: string | null;
  concluded_by: number | null;
  concluded_at: Instant | null;
  version: Generated<number>;
}

export interface ViewNotificationTable {
  id: Generated<number>;
  modification_id: number;
  body_id: string;
  via_subgroup: string | null;
  note: Generated<string>;
  recorded_by: number | null;
  recorded_at: Instant;
}

export interface ViewRequestTable {
  id: Generated<number>;
  modification_id: number;
  body_id: string;
  mandatory: boolean;
  reasons: ColumnType<unknown, string | undefined, string>;
  requested_by: number | null;
  requested_at: Instant;
  respond_by: IsoDate | null;
  response: string | null;
  responded_by: number | null;
  responded_at: Instant | null;
}

/** D6.8(f)–(i): a return to refinement after a change of documents (migration 0014). */
export interface RefinementReturnTable {
  id: Generated<number>;
  modification_id: number;
  from_status: string;
  bodies: ColumnType<unknown, string | undefined, string>;
  reason: string;
  returned_by: number | null;
  returned_at: Instant;
}

export interface DecisionTable {
  id: Generated<number>;
  modification_id: number;
  kind: 'change_board_recommendation' | 'change_board_decision' | 'authority_decision';
  outcome: 'approve' | 'reject';
  decided_on: IsoDate;
  notes: Generated<string>;
  recorded_by: number | null;
  recorded_at: Instant;
}

export interface PanelMeetingTable {
  id: Generated<number>;
  held_on: IsoDate;
  kind: 'ordinary' | 'extraordinary';
  papers_due: IsoDate;
  status: ColumnType<
    'scheduled' | 'closed',
    'scheduled' | 'closed' | undefined,
    'scheduled' | 'closed'
  >;
  closed_at: Instant | null;
  version: Generated<number>;
  created_at: Instant;
  /**
   * Ruling 13, ruling 18: the record window the meeting was created with, in Working Days, and
   * its last record day, computed then and stored (migration 0035); null only for a row written
   * outside the use cases (a fixture), whose window the rule computes.
   */
  record_working_days: number | null;
  record_until: IsoDate | null;
}

export interface AgendaItemTable {
  id: Generated<number>;
  meeting_id: number;
  modification_id: number;
  kind: 'implementation_actions' | 'delay_decision' | 'timetable_request';
  late_paper: Generated<boolean>;
  no_actions_reason: string | null;
  created_at: Instant;
}

export interface ImplementationActionTable {
  id: Generated<number>;
  modification_id: number;
  meeting_id: number | null;
  description: string;
  owner_org_id: number;
  due_date: IsoDate;
  status: ColumnType<'open' | 'done', 'open' | 'done' | undefined, 'open' | 'done'>;
  completed_at: Instant | null;
  version: Generated<number>;
  created_at: Instant;
  /** D10.3: when the overdue reminder was queued (migration 0023); it goes once. */
  overdue_reminded_at: Instant | null;
}

export interface TimetableRepresentationTable {
  id: Generated<number>;
  modification_id: number;
  from_org_id: number;
  text: string;
  recorded_by: number | null;
  recorded_at: Instant;
}

export interface LegalChallengeTable {
  id: Generated<number>;
  modification_id: number;
  kind: 'appeal_s173' | 'judicial_review';
  lodged_on: IsoDate;
  details: Generated<string>;
  delay_appropriate: boolean | null;
  decided_at: Instant | null;
  recorded_by: number | null;
  recorded_at: Instant;
}

export interface AuthorityRequestTable {
  id: Generated<number>;
  modification_id: number;
  challenge_id: number | null;
  reason: string;
  proposed_date: IsoDate | null;
  requested_on: IsoDate;
  status: ColumnType<
    'pending' | 'directed' | 'declined',
    'pending' | 'directed' | 'declined' | undefined,
    'pending' | 'directed' | 'declined'
  >;
  directed_date: IsoDate | null;
  directed_on: IsoDate | null;
  recorded_by: number | null;
  recorded_at: Instant;
  version: Generated<number>;
}

export interface ConsultationTable {
  id: Generated<number>;
  subject_type: 'policy_version' | 'tad_version' | 'other';
  subject_id: string;
  title: string;
  description: Generated<string>;
  audiences: ColumnType<unknown, string, string>;
  questions: ColumnType<unknown, string, string>;
  opens_at: Instant;
  closes_at: Instant;
  summary: string | null;
  summary_published_at: Instant | null;
  run_by: ColumnType<'panel' | 'dcc', 'panel' | 'dcc' | undefined, 'panel' | 'dcc'>;
  created_by: number | null;
  created_at: Instant;
  version: Generated<number>;
  /** D10.9, D10.20: the minimum period it was opened under, in Working Days (migration 0012). */
  minimum_working_days: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface ConsultationResponseTable {
  id: Generated<number>;
  consultation_id: number;
  organisation_id: number;
  respondent_id: number;
  answers: ColumnType<unknown, string, string>;
  confidential: Generated<boolean>;
  submitted_at: Instant;
}

export interface ResponseAttachmentTable {
  id: Generated<number>;
  response_id: number;
  filename: string;
  content_type: string;
  size_bytes: number;
  data: Uint8Array;
  created_at: Instant;
}

export interface ConsultationPointTable {
  id: Generated<number>;
  consultation_id: number;
  response_id: number | null;
  point: string;
  reply: string;
  recorded_by: number | null;
  recorded_at: Instant;
}

export interface PolicyVersionTable {
  id: Generated<number>;
  number: number;
  title: string;
  status: ColumnType<
    'draft' | 'submitted' | 'approved' | 'in_force' | 'superseded' | 'rejected',
    'draft' | 'submitted' | 'approved' | 'in_force' | 'superseded' | 'rejected' | undefined,
    'draft' | 'submitted' | 'approved' | 'in_force' | 'superseded' | 'rejected'
  >;
  mechanisms: ColumnType<unknown, string, string>;
  prose: ColumnType<unknown, string | undefined, string>;
  based_on_id: number | null;
  created_by: number | null;
  created_at: Instant;
  submitted_at: Instant | null;
  decided_on: IsoDate | null;
  decision_notes: string | null;
  effective_from: IsoDate | null;
  version: Generated<number>;
  /** D10.9, D10.20: a consultation's minimum period in Working Days (migration 0012). */
  consultation_working_days: Generated<number>;
  /** Ruling 13: the Panel meeting that took the decision (migration 0034). */
  decision_meeting_id: number | null;
}

export interface ReleaseTable {
  id: Generated<number>;
  name: string;
  release_type: string;
  go_live: IsoDate;
  status: ColumnType<string, string | undefined, string>;
  policy_version_id: number;
  dcc_impacting: Generated<boolean>;
  notes: Generated<string>;
  created_by: number | null;
  created_at: Instant;
  version: Generated<number>;
}

export interface ReleaseDecisionTable {
  id: Generated<number>;
  release_id: number;
  kind: 'late_addition' | 'descope';
  modification_id: number;
  /** Ruling 13: the Panel meeting that took the decision (null for one recorded before 0033). */
  meeting_id: number | null;
  decided_on: IsoDate;
  reasons: string;
  recorded_by: number | null;
  recorded_at: Instant;
}

/**
 * Ruling 16, D10.8(c): a Panel decision on a release recorded by hand against its meeting: a
 * cancellation, a deferral (a new go-live date), or an exception to the notice requirement.
 */
export interface ReleasePanelDecisionTable {
  id: Generated<number>;
  release_id: number;
  kind: 'cancellation' | 'deferral' | 'notice_exception';
  meeting_id: number;
  decided_on: IsoDate;
  reasons: string;
  status_before: string;
  status_after: string;
  go_live_before: IsoDate;
  go_live_after: IsoDate;
  recorded_by: number | null;
  recorded_at: Instant;
}

export interface AllocationTable {
  id: Generated<number>;
  release_id: number;
  modification_id: number;
  part: string;
  description: Generated<string>;
  dcc_impacting: Generated<boolean>;
  exception_decision_id: number | null;
  allocated_by: number | null;
  allocated_at: Instant;
  descoped_at: Instant | null;
  descope_decision_id: number | null;
  implemented_at: Instant | null;
  /**
   * Ruling 15: an addition or removal made after the RID was approved, waiting for a RID
   * amendment carrying it to be approved (migration 0011); null when in force.
   */
  pending_change: ColumnType<
    'addition' | 'removal' | null,
    'addition' | 'removal' | null | undefined,
    'addition' | 'removal' | null
  >;
  /** Ruling 15: the approved RID version that applied the pending change. */
  applied_by_rid_version_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface ReleaseNoticeTable {
  id: Generated<number>;
  release_id: number;
  subject: string;
  body: string;
  issued_by: number | null;
  issued_at: Instant;
  recipients: number;
  mandatory_recipients: number;
}

export interface CostLineTable {
  id: Generated<number>;
  release_id: number;
  component: string;
  kind: 'forecast' | 'actual';
  amount_pence: number;
  note: Generated<string>;
  recorded_by: number | null;
  recorded_at: Instant;
  superseded_at: Instant | null;
}

export interface CostReviewTable {
  id: Generated<number>;
  release_id: number;
  review_point: string;
  reviewed_on: IsoDate;
  conclusions: string;
  recorded_by: number | null;
  recorded_at: Instant;
}

export interface CostReportRequestTable {
  id: Generated<number>;
  release_id: number;
  requested_on: IsoDate;
  requested_by: number | null;
  produced_at: Instant | null;
  recorded_at: Instant;
}

export interface GoLiveDecisionTable {
  id: Generated<number>;
  release_id: number;
  outcome: 'go_live' | 'go_live_with_conditions' | 'defer';
  decided_on: IsoDate;
  criteria: ColumnType<unknown, string, string>;
  conditions: string | null;
  deferred_to: IsoDate | null;
  reasons: Generated<string>;
  recorded_by: number | null;
  recorded_at: Instant;
  /** The Panel meeting that took the decision (migration 0018); null in older decisions. */
  meeting_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface RidFreezeOverrideTable {
  id: Generated<number>;
  release_id: number;
  meeting_id: number | null;
  decided_on: IsoDate;
  reasons: string;
  recorded_by: number | null;
  recorded_at: Instant;
}

export interface TadRequestTable {
  id: Generated<number>;
  release_id: number;
  meeting_id: number | null;
  requested_on: IsoDate;
  scope_note: Generated<string>;
  due_date: IsoDate | null;
  requested_by: number | null;
  requested_at: Instant;
}

export interface TadVersionTable {
  id: Generated<number>;
  release_id: number;
  number: number;
  status: ColumnType<
    'draft' | 'submitted' | 'reviewed' | 'effective' | 'superseded',
    'draft' | 'submitted' | 'reviewed' | 'effective' | 'superseded' | undefined,
    'draft' | 'submitted' | 'reviewed' | 'effective' | 'superseded'
  >;
  objectives: Generated<string>;
  strategy: Generated<string>;
  consequences: Generated<string>;
  based_on_id: number | null;
  created_by: number | null;
  created_at: Instant;
  submitted_at: Instant | null;
  review_meeting_id: number | null;
  reviewed_on: IsoDate | null;
  review_notes: string | null;
  reviewed_by: number | null;
  version: Generated<number>;
  /** D10.18, D10.13(d)(e): per modification, how each limb is met (migration 0017). */
  conditions: ColumnType<unknown, string | undefined, string>;
}

export interface RidVersionTable {
  id: Generated<number>;
  release_id: number;
  number: number;
  status: ColumnType<
    'draft' | 'submitted' | 'approved' | 'superseded' | 'withdrawn',
    'draft' | 'submitted' | 'approved' | 'superseded' | 'withdrawn' | undefined,
    'draft' | 'submitted' | 'approved' | 'superseded' | 'withdrawn'
  >;
  sections: Json;
  content_snapshot: ColumnType<unknown, string | null | undefined, string | null>;
  tad_version_id: number | null;
  based_on_id: number | null;
  freeze_override_id: number | null;
  created_by: number | null;
  created_at: Instant;
  submitted_at: Instant | null;
  submitted_by: number | null;
  approval_meeting_id: number | null;
  approved_on: IsoDate | null;
  approved_by: number | null;
  published_at: Instant | null;
  published_by: number | null;
  /** Ruling 18, ruling 1: the appeal window's close, stored at publication (migration 0009). */
  appeal_deadline: ColumnType<Date | null, Date | null | undefined, Date | null>;
  version: Generated<number>;
}

export interface RidAppealTable {
  id: Generated<number>;
  rid_version_id: number;
  organisation_id: number;
  lodged_by: number;
  lodged_at: Instant;
  reasons: string;
  status: ColumnType<
    'referred' | 'upheld' | 'dismissed' | 'other_action',
    'referred' | 'upheld' | 'dismissed' | 'other_action' | undefined,
    'referred' | 'upheld' | 'dismissed' | 'other_action'
  >;
  determination: string | null;
  determined_on: IsoDate | null;
  determined_by: number | null;
  determined_at: Instant | null;
  version: Generated<number>;
}

/** D10.17, s.173 Energy Act 2004: a further appeal to the CMA (migration 0009). */
export interface RidFurtherAppealTable {
  id: Generated<number>;
  rid_appeal_id: number;
  appellant: string;
  brought_on: IsoDate;
  details: string;
  recorded_by: number | null;
  recorded_at: Instant;
  outcome: 'allowed' | 'remitted' | 'dismissed' | 'withdrawn' | null;
  outcome_text: string | null;
  decided_on: IsoDate | null;
  outcome_recorded_by: number | null;
  outcome_recorded_at: Instant | null;
}

export interface DccInfoRequestTable {
  id: Generated<number>;
  release_id: number;
  rid_section: string | null;
  subject: string;
  detail: Generated<string>;
  due_date: IsoDate;
  status: ColumnType<
    'open' | 'answered' | 'withdrawn',
    'open' | 'answered' | 'withdrawn' | undefined,
    'open' | 'answered' | 'withdrawn'
  >;
  requested_by: number | null;
  requested_at: Instant;
  response: string | null;
  responded_by: number | null;
  responded_at: Instant | null;
  reminded_at: Instant | null;
  overdue_notified_at: Instant | null;
  withdrawn_by: number | null;
  withdrawn_at: Instant | null;
  withdrawal_reason: string | null;
  version: Generated<number>;
}

export type TestPhaseKind = 'dcc_sit' | 'regression' | 'performance' | 'user_testing' | 'other';
export type TestPhaseStatus = 'planned' | 'in_progress' | 'passed' | 'failed' | 'cancelled';

export interface TestPhaseTable {
  id: Generated<number>;
  release_id: number;
  name: string;
  kind: TestPhaseKind;
  planned_start: IsoDate;
  planned_end: IsoDate;
  actual_start: IsoDate | null;
  actual_end: IsoDate | null;
  status: ColumnType<TestPhaseStatus, TestPhaseStatus | undefined, TestPhaseStatus>;
  tests_passed: Generated<number>;
  tests_failed: Generated<number>;
  defects: ColumnType<unknown, string | undefined, string>;
  notes: Generated<string>;
  created_by: number | null;
  created_at: Instant;
  version: Generated<number>;
}

export interface ReadinessReportTable {
  id: Generated<number>;
  release_id: number;
  period_due: IsoDate;
  measures: Json;
  summary: Generated<string>;
  submitted_by: number | null;
  submitted_at: Instant;
}

export interface TestEvidenceTable {
  id: Generated<number>;
  release_id: number;
  test_phase_id: number | null;
  readiness_report_id: number | null;
  filename: string;
  content_type: string;
  size_bytes: number;
  data: Uint8Array;
  uploaded_by: number | null;
  uploaded_at: Instant;
}

export interface AuditorAppointmentTable {
  id: Generated<number>;
  release_id: number;
  /** Null while the DCC, required by the Panel to appoint (D10.11), has not named the auditor. */
  organisation_id: number | null;
  appointed_by: 'panel' | 'dcc';
  terms_of_reference: string;
  status: ColumnType<
    'proposed' | 'appointed' | 'ended',
    'proposed' | 'appointed' | 'ended' | undefined,
    'proposed' | 'appointed' | 'ended'
  >;
  tor_approved_on: IsoDate | null;
  tor_approved_by: number | null;
  created_by: number | null;
  created_at: Instant;
  ended_at: Instant | null;
  end_reason: string | null;
  version: Generated<number>;
}

export interface AuditorAccessRequestTable {
  id: Generated<number>;
  appointment_id: number;
  kind: 'records' | 'test_results' | 'test_laboratory' | 'test_witnessing';
  detail: string;
  wanted_on: IsoDate | null;
  status: ColumnType<
    'open' | 'granted' | 'refused',
    'open' | 'granted' | 'refused' | undefined,
    'open' | 'granted' | 'refused'
  >;
  requested_by: number | null;
  requested_at: Instant;
  answer: string | null;
  arranged_on: IsoDate | null;
  answered_by: number | null;
  answered_at: Instant | null;
  version: Generated<number>;
}

/** Ruling 13: the published source of a record held outside secrel (migration 0015). */
export interface HistorySourceTable {
  subject_type: 'modification' | 'decision' | 'release' | 'rid_version';
  subject_id: number;
  source_url: string | null;
  summary: string | null;
  recorded_by: number | null;
  recorded_at: Instant;
}

/** A-POL, ruling 14: the milestones a newly effective Policy version moved for a release. */
export interface ReleasePolicyChangeTable {
  id: Generated<number>;
  release_id: number;
  from_version_id: number;
  to_version_id: number;
  effective_from: IsoDate;
  moved: Json;
  recorded_at: Instant;
}

/** Issue 13 (migration 0023): how a person is told of each topic; no row means immediately. */
export interface NotificationPreferenceTable {
  user_id: number;
  topic: 'followed' | 'consultation' | 'action' | 'appeal';
  delivery: 'immediate' | 'digest' | 'off';
}

/** Issue 13: the modifications and releases a person follows. */
export interface SubscriptionTable {
  user_id: number;
  subject_type: 'modification' | 'release';
  subject_id: number;
  created_at: Instant;
}

/** Issue 13: what was sent or queued for a person, with the page it links to. */
export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  topic: 'followed' | 'consultation' | 'action' | 'appeal';
  subject: string;
  body_text: string;
  path: string;
  delivery: 'immediate' | 'digest';
  dedupe_key: string;
  outbox_message_id: number | null;
  digested_at: Instant | null;
  created_at: Instant;
}

/** Issue 13: a private calendar feed's token, by its SHA-256; revocable. */
export interface CalendarFeedTokenTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: Instant;
  last_used_at: Instant | null;
  revoked_at: Instant | null;
}

/** Issue 14 (migration 0026): an immutable version of the SEC; one is live. */
export interface CodeVersionTable {
  id: Generated<number>;
  name: string;
  parent_id: number | null;
  release_id: number | null;
  scope: Json | null;
  lineage: Json;
  live: Generated<boolean>;
  created_by: number | null;
  created_at: Instant;
}

/** Issue 14 (0026): a provision of a version, by permanent id; its label may change between versions. */
export interface CodeProvisionTable {
  version_id: number;
  provision_id: string;
  parent_id: string | null;
  position: number;
  kind: string;
  label: string | null;
  label_fixed: Generated<boolean>;
  full_label: Generated<string>;
  heading: string | null;
  term: string | null;
  text: Generated<string>;
}

/** Issue 14 (0026): the terms each version defines (A1.1 or inline). */
export interface CodeDefinitionTable {
  version_id: number;
  term: string;
  provision_id: string;
  inline: boolean;
}

/** Issue 14 (0027): a modification's legal text as amendment operations against a base version. */
export interface CodeAmendmentTable {
  modification_id: number;
  base_version_id: number;
  ops: Json;
  source: 'json' | 'edit' | 'docx' | 'fixture';
  updated_by: number | null;
  updated_at: Instant;
}

/** Issue 14 (0027): a release consolidated (or refused) against a base version. */
export interface CodeConsolidationTable {
  id: Generated<number>;
  release_id: number;
  base_version_id: number;
  result_version_id: number | null;
  refused: boolean;
  application_order: Json;
  label_map: Json;
  conflicts: Json;
  merged: Json;
  missing_dependencies: Json;
  effects: Json;
  created_by: number | null;
  created_at: Instant;
}

/** Issue 14 (0027): a finding of the checks on a consolidation or a version. */
export interface CodeFindingTable {
  id: Generated<number>;
  consolidation_id: number | null;
  version_id: number | null;
  check_id: string;
  severity: 'error' | 'warning' | 'info';
  provision_id: string;
  where_label: string;
  message: string;
  suggestion: string | null;
}

/** An accepted editorial amendment (issue 14): a finding's suggested fix, as a version of its own. */
export interface CodeEditorialTable {
  id: Generated<number>;
  base_version_id: number;
  version_id: number;
  check_id: string;
  provision_id: string;
  where_label: string;
  message: string;
  suggestion: string;
  ops: Json;
  accepted_by: number | null;
  accepted_at: Instant;
}

export interface DB {
  organisation: OrganisationTable;
  body: BodyTable;
  app_user: AppUserTable;
  user_role: UserRoleTable;
  panel_seat: PanelSeatTable;
  session: SessionTable;
  oidc_sign_in: OidcSignInTable;
  api_token: ApiTokenTable;
  sign_in_throttle: SignInThrottleTable;
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
  public_version: PublicVersionTable;
  data_version: DataVersionTable;
  appeal_draft: AppealDraftTable;
  appeal_attachment: AppealAttachmentTable;
  calendar_override: CalendarOverrideTable;
  installation: InstallationTable;
  job: JobTable;
  outbox_message: OutboxMessageTable;
  sec_document: SecDocumentTable;
  modification: ModificationTable;
  modification_document: ModificationDocumentTable;
  modification_dependency: ModificationDependencyTable;
  implementation_timetable: ImplementationTimetableTable;
  refinement_item: RefinementItemTable;
  view_notification: ViewNotificationTable;
  view_request: ViewRequestTable;
  refinement_return: RefinementReturnTable;
  decision: DecisionTable;
  panel_meeting: PanelMeetingTable;
  agenda_item: AgendaItemTable;
  implementation_action: ImplementationActionTable;
  timetable_representation: TimetableRepresentationTable;
  legal_challenge: LegalChallengeTable;
  authority_request: AuthorityRequestTable;
  consultation: ConsultationTable;
  consultation_response: ConsultationResponseTable;
  response_attachment: ResponseAttachmentTable;
  consultation_point: ConsultationPointTable;
  policy_version: PolicyVersionTable;
  release: ReleaseTable;
  release_policy_change: ReleasePolicyChangeTable;
  release_decision: ReleaseDecisionTable;
  release_panel_decision: ReleasePanelDecisionTable;
  allocation: AllocationTable;
  release_notice: ReleaseNoticeTable;
  cost_line: CostLineTable;
  cost_review: CostReviewTable;
  cost_report_request: CostReportRequestTable;
  go_live_decision: GoLiveDecisionTable;
  rid_freeze_override: RidFreezeOverrideTable;
  tad_request: TadRequestTable;
  tad_version: TadVersionTable;
  rid_version: RidVersionTable;
  rid_appeal: RidAppealTable;
  rid_further_appeal: RidFurtherAppealTable;
  dcc_info_request: DccInfoRequestTable;
  test_phase: TestPhaseTable;
  readiness_report: ReadinessReportTable;
  test_evidence: TestEvidenceTable;
  auditor_appointment: AuditorAppointmentTable;
  auditor_access_request: AuditorAccessRequestTable;
  history_source: HistorySourceTable;
  notification_preference: NotificationPreferenceTable;
  subscription: SubscriptionTable;
  notification: NotificationTable;
  calendar_feed_token: CalendarFeedTokenTable;
  code_version: CodeVersionTable;
  code_provision: CodeProvisionTable;
  code_definition: CodeDefinitionTable;
  code_amendment: CodeAmendmentTable;
  code_consolidation: CodeConsolidationTable;
  code_finding: CodeFindingTable;
  code_editorial: CodeEditorialTable;
}
