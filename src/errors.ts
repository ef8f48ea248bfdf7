/**
 * The one catalogue of error codes. Each entry says when it is thrown, the HTTP status the API
 * answers with, and the message the UI and CLI show when the thrower gives none.
 */
export const ERRORS = {
  /** Input failed its schema or a field rule; `field` names the field. */
  validation_failed: { status: 400, message: 'The request has a field that is not valid' },
  /** The request body is not JSON or a form the server can read. */
  bad_request: { status: 400, message: 'The request could not be read' },
  /** No session or token, or it has expired or been revoked. */
  unauthenticated: { status: 401, message: 'Sign in to continue' },
  /** E-mail and password do not match an active account. */
  invalid_credentials: { status: 401, message: 'The e-mail address or password is not right' },
  /**
   * Issue 11: too many wrong guesses at this e-mail address from here, or at it from anywhere
   * just now (sign-in-throttle.ts); the same for known and unknown addresses. 429, Retry-After.
   */
  sign_in_throttled: { status: 429, message: 'Too many sign-in attempts: wait and try again' },
  /** The signed-in user's roles do not allow this action. */
  forbidden: { status: 403, message: 'You do not have permission to do this' },
  /** A form was posted without a valid CSRF token. */
  csrf_invalid: { status: 403, message: 'The form has expired: reload the page and try again' },
  /** The thing asked for does not exist (or the caller may not know it exists). */
  not_found: { status: 404, message: 'Not found' },
  /** The row changed since the caller read it: reload and try again. */
  stale_version: { status: 409, message: 'Someone else changed this since you opened it' },
  /** A unique thing (e-mail, name, date) already exists. */
  already_exists: { status: 409, message: 'This already exists' },
  /** Single sign-on: the OpenID provider cannot be reached or its discovery document is wrong. */
  sso_unavailable: {
    status: 503,
    message: 'Single sign-on is not available just now: try again later or sign in with a password',
  },
  /** Single sign-on: the callback's state is missing, altered, expired or was already used. */
  sso_state_invalid: {
    status: 400,
    message: 'This sign-in link has expired or was already used: start signing in again',
  },
  /** Single sign-on: the provider refused, or its code or ID token did not validate. */
  sso_failed: {
    status: 401,
    message: 'Single sign-on did not complete: start signing in again',
  },
  /** Single sign-on: the provider does not vouch for the e-mail address (email_verified not true). */
  sso_email_unverified: {
    status: 403,
    message: 'Your provider has not verified your e-mail address, so it cannot sign you in here',
  },
  /** Single sign-on: no secrel account has the provider's e-mail address (SECAS creates accounts). */
  sso_account_unknown: {
    status: 403,
    message: 'There is no account with your e-mail address: ask SECAS to create one',
  },
  /** Single sign-on: the account with the provider's e-mail address is disabled. */
  sso_account_disabled: {
    status: 403,
    message: 'Your account is disabled: ask SECAS if you need it again',
  },
  /** Too many requests from this client. */
  rate_limited: { status: 429, message: 'Too many requests: slow down and try again' },
  /** The uploaded calendar file is not in the GOV.UK bank-holidays format. */
  calendar_import_invalid: { status: 400, message: 'The file is not a GOV.UK bank-holidays file' },
  /** A failed outbox message is the only kind that can be retried. */
  outbox_not_failed: { status: 409, message: 'Only a failed message can be retried' },
  /** The modification's status does not allow this step (state machine, domain.md §4). */
  invalid_transition: {
    status: 409,
    message: 'The modification cannot move to that status from where it is',
  },
  /** D6.8(c): a Path 1 modification's (or an Authority-Led Variation's) timetable cannot be amended. */
  path1_timetable_fixed: {
    status: 409,
    message: 'The implementation timetable of a Path 1 modification cannot be amended',
  },
  /** D6.8(a)–(l): refinement cannot complete while a purpose has no recorded conclusion. */
  refinement_incomplete: {
    status: 409,
    message: 'Refinement cannot complete: some purposes have no conclusion',
  },
  /** D6.8(f)–(i): refinement cannot complete while a mandatory sub-committee view is not sought. */
  mandatory_view_not_sought: {
    status: 409,
    message: 'A sub-committee whose views must be sought has not been asked',
  },
  /** D6.8(e): "DCC testing required" needs a testing solution or a process to develop one. */
  testing_solution_required: {
    status: 409,
    message: 'DCC testing is required: record the testing solution or the process to develop one',
  },
  /**
   * D6.8(e) (issue 14): the legal text changes a Section of the Code the modification does not
   * list among the documents it changes, so refinement cannot complete and no part of it can be
   * allocated to a release, by any route; and, once past refinement, such legal text cannot be
   * recorded (code-coverage.ts rule 1).
   */
  legal_text_documents_missing: {
    status: 409,
    message: 'The legal text changes a Section the modification does not list among its documents',
  },
  /** Only the Panel may raise a Fast-Track Modification. */
  fast_track_panel_only: {
    status: 403,
    message: 'Only the Panel may raise a Fast-Track Modification',
  },
  /** The 10 Working Day adoption window of a withdrawn modification has closed. */
  adoption_window_closed: { status: 409, message: 'The adoption window has closed' },
  /** The decision does not fit the modification's path or status (ruling 4, D9/D9A.11). */
  decision_not_allowed: {
    status: 409,
    message: 'This decision cannot be recorded for this modification now',
  },
  /** D10.2: a meeting cannot close with an approved modification lacking actions, unless the Panel says why. */
  meeting_actions_missing: {
    status: 409,
    message: 'Record the implementation actions, or why there are none, before closing the meeting',
  },
  /** The meeting has closed; its record is final. */
  meeting_closed: { status: 409, message: 'The meeting has closed' },
  /** Ruling 13: history is recorded only for acts dated before the cut-over; later ones happen live. */
  history_after_cut_over: {
    status: 409,
    message: 'This is dated on or after the cut-over: record it live in secrel, not as history',
  },
  /** Ruling 13: a record dated before the cut-over is history: it is recorded with its published source. */
  history_source_required: {
    status: 400,
    message:
      'This is dated before the cut-over: give its published source (the page on the SEC website, its summary or both)',
  },
  /** Ruling 13: a later cut-over would pass an act already recorded live, making it history. */
  cut_over_after_live_act: {
    status: 409,
    message: 'An act is already recorded live before that date: the cut-over cannot pass it',
  },
  /** Ruling 13: the cut-over is never later than today (London date); a later one would suspend the live rules until then. */
  cut_over_after_today: {
    status: 409,
    message: 'The cut-over cannot be later than today',
  },
  /** Ruling 13: a history record (or a line of an import file) breaks its rules; `problems` lists each. */
  history_invalid: { status: 400, message: 'The history records are not valid' },
  /** Ruling 13: the reference or name is already a live record in secrel, not history. */
  history_conflict: {
    status: 409,
    message: 'This is already recorded live in secrel; it cannot also be recorded as history',
  },
  /** Ruling 13: from the cut-over, no Panel meeting is created with a date in the past. */
  meeting_in_past: { status: 400, message: 'A Panel meeting cannot be created in the past' },
  /** Ruling 13, ruling 3: an ordinary meeting is scheduled before its papers date (5 Working Days before it). */
  meeting_papers_passed: {
    status: 409,
    message:
      'The papers date of this meeting has passed: the Panel Chair calls an extraordinary meeting instead',
  },
  /** Ruling 13: from the cut-over, an extraordinary Panel meeting is called by the Panel Chair. */
  extraordinary_meeting_chair: {
    status: 403,
    message: 'An extraordinary Panel meeting is called by the Panel Chair',
  },
  /** Ruling 13: a Panel decision is recorded against a meeting once the meeting has been held. */
  meeting_not_held: {
    status: 409,
    message: 'The Panel meeting has not been held yet: record its decisions after it',
  },
  /** Ruling 13: a Panel decision is recorded at most 5 Working Days (configurable) after its meeting. */
  panel_record_late: {
    status: 409,
    message: 'It is too late to record a decision of that Panel meeting',
  },
  /** D10.2: an action agreed at the next Panel meeting is due by the modification's implementation date. */
  action_after_implementation: {
    status: 409,
    message: 'The action is due after the modification’s implementation date',
  },
  /** D10.6: the Panel decided delay is appropriate, so a request to the Authority must be made first. */
  delay_request_required: {
    status: 409,
    message: 'A request to the Authority for a new timetable is required',
  },
  /** A response arrived after the consultation's closing instant. */
  consultation_closed: {
    status: 409,
    message: 'The consultation has closed: responses are no longer accepted',
  },
  /** The consultation has not opened yet, or is still open where it must have closed (summary). */
  consultation_not_open: { status: 409, message: 'The consultation is not open for this' },
  /** Ruling 13: from the cut-over, a consultation opens now or later, never in the past. */
  consultation_in_past: {
    status: 400,
    message: 'A consultation opens now or later: it cannot be opened in the past',
  },
  /** D10.9, D10.20: a consultation on a Policy or TAD version runs at least the Policy's minimum period. */
  consultation_too_short: {
    status: 400,
    message: 'The consultation is shorter than the minimum period the Policy sets',
  },
  /** D10.9, D10.20: a Policy or TAD version is consulted on only through its own route, not the generic one. */
  consultation_own_route: {
    status: 400,
    message:
      'A Policy version or a TAD version is consulted on from its own page (or API route), not as a general consultation',
  },
  /** D10.9, D10.20: only a submitted (fixed) version is consulted on: the text consulted on is the text decided on. */
  consultation_on_draft: {
    status: 409,
    message: 'Only a submitted version can be consulted on: submit the draft first',
  },
  /** D10.20: the DCC consults on the TAD; a consultation run by the Panel or SECAS does not count. */
  tad_consulted_by_dcc: {
    status: 403,
    message: 'The DCC consults on the Testing Approach Document (D10.20), not the Panel or SECAS',
  },
  /** D10.9, D10.20: a decision or review is dated on or after the close of its consultation. */
  decision_before_consultation_closed: {
    status: 409,
    message: 'The decision is dated before its consultation closed: date it on or after the close',
  },
  /** Ruling 13: a consultation held outside secrel carries only acts that are themselves before the cut-over. */
  consultation_held_outside: {
    status: 409,
    message:
      'The only consultation was held outside secrel, before the cut-over: it does not carry a decision taken after the cut-over. Consult again',
  },
  /** Ruling 13: a RID approval held outside secrel carries only a go-live decision itself before the cut-over. */
  rid_approval_held_outside: {
    status: 409,
    message:
      'The approved RID was approved before the cut-over (held outside secrel): it does not carry a decision taken after the cut-over. The Panel approves a RID version in secrel first',
  },
  /** Ruling 13: a Change Board recommendation held outside secrel carries only an Authority decision itself before the cut-over. */
  recommendation_held_outside: {
    status: 409,
    message:
      'The Change Board’s recommendation was made before the cut-over (held outside secrel): it does not carry an Authority decision taken after the cut-over',
  },
  /** D10.8: a Policy version must define all five mechanisms (a)–(e) before it is submitted. */
  policy_incomplete: {
    status: 409,
    message: 'The Policy version does not define every D10.8 mechanism',
  },
  /** D10.9: the DCC and Users must have been consulted on this version, and the consultation closed. */
  consultation_required: {
    status: 409,
    message: 'The DCC and Users must be consulted on this version first',
  },
  /** D10.7: only approved modifications can be allocated to a SEC Release. */
  not_approved: {
    status: 409,
    message: 'Only an approved modification can be allocated to a release',
  },
  /** D10.8(a): allocation after a scope-baseline point needs a recorded Panel exception. */
  panel_exception_required: {
    status: 409,
    message: 'The scope is baselined: a Panel exception is needed to add this',
  },
  /** D10.8(e)/ruling 10: every go-live criterion must be assessed, met or not, with evidence. */
  go_live_criteria_incomplete: {
    status: 409,
    message: 'Record every go-live criterion as met or not met, with evidence',
  },
  /**
   * Ruling 10, ruling 17: allocating, re-allocating or deferring a modification to a release that
   * goes live after its current implementation date needs a D10.5 request to the Authority first.
   */
  timetable_request_required: {
    status: 409,
    message:
      'The release goes live after an approved implementation date: record the request to the Authority for a new timetable first (D10.5)',
  },
  /** Ruling 17, D10.5(b): a release going live before an implementation date the Authority directed is refused. */
  before_directed_date: {
    status: 409,
    message: 'The release goes live before the implementation date the Authority directed (D10.5)',
  },
  /**
   * Ruling 16: a release's status follows facts (RID approved, DCC SIT started, the go-live
   * decision); only a cancellation or a deferral is set by hand, as a recorded Panel decision.
   */
  status_follows_facts: {
    status: 409,
    message:
      'A release’s status follows the facts: only the Panel’s cancellation or deferral is recorded by hand (ruling 16)',
  },
  /** Ruling 15, D10.8(e): go-live implements the approved RID's content; there is none. */
  release_empty: {
    status: 409,
    message: 'The release has no content to go live with: the approved RID lists no part in scope',
  },
  /** Ruling 15, D10.13(a): the release's scope differs from the content of the approved RID. */
  rid_content_mismatch: {
    status: 409,
    message:
      'The release’s scope differs from the approved RID: go-live implements exactly the approved RID’s content',
  },
  /** D10.8(e), ruling 10: the go-live decision is taken within the window the Policy sets. */
  go_live_window_not_open: {
    status: 409,
    message: 'The Policy’s go-live decision window for this release has not opened yet',
  },
  /** D10.8(c), D10.15: Users must have had the notice the Policy requires, or the Panel excepted it. */
  release_notice_required: {
    status: 409,
    message:
      'Users have not had the notice of the release the Policy requires (D10.8(c)): issue it in time, or record the Panel’s exception',
  },
  /** D10.13: a RID version cannot go to the Panel with any of sections (a)–(f) empty. */
  rid_incomplete: {
    status: 409,
    message: 'The RID version does not define every D10.13 section',
  },
  /** D10.15, ruling 5: from the freeze point (go-live minus the notice period) the RID cannot change without a Panel override. */
  rid_frozen: {
    status: 409,
    message: 'The RID is frozen: the notice period before go-live has started',
  },
  /** D10.17: an appeal must state the Party's reasons. */
  appeal_reasons_required: { status: 400, message: 'An appeal must give its reasons' },
  /** D10.17, ruling 1: the appeal window (10 Working Days after publication) has closed. */
  appeal_out_of_time: {
    status: 409,
    message: 'The appeal window for this approval has closed',
  },
  /** D10.17, ruling 1: the RID version is not an approval, or its approval is not published yet. */
  appeal_not_open: {
    status: 409,
    message: 'This RID version cannot be appealed: it is not a published approval',
  },
  /**
   * D10.17: the Authority has determined the appeal; it determines once (a further appeal lies to
   * the CMA under section 173 of the Energy Act 2004).
   */
  appeal_determined: {
    status: 409,
    message: 'The Authority has already determined this appeal',
  },
  /** D10.17, s.173 Energy Act 2004: a further appeal lies only against a determination. */
  appeal_not_determined: {
    status: 409,
    message: 'The Authority has not determined this appeal yet: there is nothing to appeal further',
  },
  /** D10.17, s.173 Energy Act 2004: one further appeal to the CMA is recorded per appeal. */
  further_appeal_exists: {
    status: 409,
    message: 'A further appeal to the Competition and Markets Authority is already recorded',
  },
  /** D10.17, s.173 Energy Act 2004: an outcome needs a recorded further appeal. */
  further_appeal_missing: {
    status: 409,
    message: 'No further appeal to the Competition and Markets Authority is recorded',
  },
  /** D10.17, s.173 Energy Act 2004: the CMA's outcome is recorded once. */
  further_appeal_decided: {
    status: 409,
    message: 'The outcome of the further appeal is already recorded',
  },
  /** D10.16, D10.8(e): testing and the go-live decision follow the approved RID; there is none yet. */
  rid_not_approved: {
    status: 409,
    message: 'The release has no approved RID yet: the Panel must approve its RID first',
  },
  /** D10.19: a TAD version cannot be submitted with any of (a)–(c) empty. */
  tad_incomplete: {
    status: 409,
    message: 'The TAD version does not define every D10.19 section',
  },
  /**
   * D10.18, D10.13(d)(e): a TAD version cannot be submitted, or reviewed by the Panel, while a
   * modification in the release lacks a statement of how (d) or (e) is met;
   * `details.missingConditions` names each modification and the limbs it lacks.
   */
  tad_conditions_missing: {
    status: 409,
    message:
      'The TAD version does not show how D10.13(d) and (e) are met for every modification in the release',
  },
  /** D10.11: the auditor appointment's status does not allow this (e.g. approving ended terms). */
  auditor_appointment_status: {
    status: 409,
    message: 'The auditor appointment’s status does not allow this',
  },
  /** D10.11: the auditor's access request has already been answered. */
  access_request_answered: {
    status: 409,
    message: 'This access request has already been answered',
  },
  /** Issue 11: the web address is longer than the server reads (a path parameter over 100 characters). */
  url_too_long: { status: 414, message: 'The web address is too long' },
  /**
   * Issue 11: the database refused a write against its constraints (PostgreSQL 23xxx, not unique
   * or not-null): it refers to something that does not exist, or is still referred to.
   */
  conflict: {
    status: 409,
    message: 'This conflicts with what is recorded: reload and try again',
  },
  /** The database did not answer. */
  database_unavailable: { status: 503, message: 'The database is not answering' },
  /** Issue 13: a PDF was asked for but no Chromium is installed where CHROMIUM_PATH points. */
  pdf_unavailable: {
    status: 503,
    message: 'PDF downloads are not available: no Chromium is installed on the server',
  },
  /** Issue 11: PostgreSQL 40001, 40P01, 55P03, 53xxx: the write met another at the same moment; Retry-After says when. */
  database_busy: {
    status: 503,
    message: 'The service is busy with other changes: try again in a moment',
  },
  /** Issue 11: PostgreSQL 57014: the statement ran longer than STATEMENT_TIMEOUT_MS and was cancelled. */
  database_timeout: {
    status: 503,
    message: 'This took too long and was stopped: try again later',
  },
  /**
   * Issue 14, D10.1: a release's legal text cannot be consolidated — a modification it depends
   * on is missing, or two modifications change one provision, or drafting no longer reads as the
   * Code does. The details list each.
   */
  code_consolidation_refused: {
    status: 409,
    message: 'The release’s legal text cannot be consolidated into the next version of the Code',
  },
  /** Anything unexpected; details go to the log, never to the caller. */
  internal: { status: 500, message: 'Something went wrong on our side' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** An error the API, UI and CLI know how to present: a code from the catalogue. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message?: string,
    options: { field?: string; details?: Record<string, unknown> } = {},
  ) {
    super(message ?? ERRORS[code].message);
    this.code = code;
    this.field = options.field;
    this.details = options.details;
  }

  get status(): number {
    return ERRORS[this.code].status;
  }

  toJSON(): { code: ErrorCode; message: string; field?: string } {
    return {
      code: this.code,
      message: this.message,
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.details ?? {}),
    };
  }
}

export function invalid(field: string, message: string): AppError {
  return new AppError('validation_failed', message, { field });
}

/**
 * Text a person must give: trimmed, not empty ("Enter <what>"), at most `max` characters; else a
 * 400 `validation_failed` naming `field`. The one check of required text, whatever its limit.
 */
export function requiredText(field: string, value: string, what: string, max: number): string {
  const text = value.trim();
  if (text === '') throw invalid(field, `Enter ${what}`);
  if (text.length > max) throw invalid(field, `Keep ${what} to ${max} characters or fewer`);
  return text;
}

/** A field refused, for forms that show every refusal at once. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Issue 13: several fields refused together (GOV.UK: all errors at once in the error summary).
 * The API answers with the first, as for any refusal; a page lists them all.
 */
export class ProblemsError extends AppError {
  readonly problems: readonly FieldProblem[];

  constructor(problems: readonly [FieldProblem, ...FieldProblem[]]) {
    super('validation_failed', problems[0].message, { field: problems[0].field });
    this.problems = problems;
  }
}

/**
 * Runs each field's check in the form's order and throws every 400 refusal naming a field
 * together (a ProblemsError); any other refusal (forbidden, a conflict) is thrown at once.
 */
export function checkAll(checks: readonly (() => void)[]): void {
  const problems: FieldProblem[] = [];
  for (const check of checks) {
    try {
      check();
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400 || error.field === undefined)
        throw error;
      problems.push({ field: error.field, message: error.message });
    }
  }
  const [first, ...rest] = problems;
  if (first) throw new ProblemsError([first, ...rest]);
}
