import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { AppError, invalid, requiredText } from '../../errors.ts';
import type { Actor } from '../../audit/audit.ts';
import { formatInstant } from '../../calendar/format.ts';
import type { WorkingDayCalendar } from '../../calendar/index.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf, type Principal } from '../identity/identity.ts';
import { cutOverOf } from '../installation/installation.queries.ts';
import { scheduleOpenedNotice } from './consultation.jobs.ts';
import { closeAfterWorkingDays, instantOf, tooShort } from './consultation-time.ts';
import { canRunConsultation } from './consultation.access.ts';
import {
  checkAudiences,
  checkEdit,
  checkQuestions,
  checkWindow,
  isHeldOutsideSecrel,
  liveOpening,
  questionsFrom,
  statusAt,
  SUBJECT_TYPES,
  type Audience,
  type RunBy,
  type SubjectType,
} from './consultation.ts';
import {
  insertConsultation,
  listBodies,
  lockConsultation,
  updateConsultation,
  type Consultation,
} from './consultation.store.ts';

/** What opening a consultation takes (API, page, and other modules such as the Policy). */
export interface NewConsultation {
  subjectType: SubjectType;
  subjectId: string;
  title: string;
  description?: string;
  audiences: string[];
  /** The questions' text, in order; they are numbered q1, q2 … */
  questions: string[];
  /** A date (opens at the start of that UK day) or an instant with offset. */
  opensAt: string;
  /** A date (closes at 23:59:59 UK time that day) or an instant; or use closesAfterWorkingDays. */
  closesAt?: string;
  /** Closes at the end of Working Day N after the day it opens. */
  closesAfterWorkingDays?: number;
  /** Who runs it: the Panel (default for SECAS and the Chair) or the DCC (default for the DCC). */
  runBy?: RunBy;
}

/** What an edit changes; `version` is the version the editor saw. */
export interface ConsultationEdit {
  version: number;
  title?: string;
  description?: string;
  audiences?: string[];
  questions?: string[];
  opensAt?: string;
  closesAt?: string;
  closesAfterWorkingDays?: number;
}

function runnerActor(principal: Principal | null, runBy: RunBy, actor?: Actor): Actor {
  if (actor) return actor;
  return actorOf(
    requireActor(
      principal,
      (p) => canRunConsultation(p, runBy),
      runBy === 'dcc'
        ? 'Only the DCC opens and changes the DCC’s consultations'
        : 'Only SECAS or the Panel Chair opens and changes the Panel’s consultations',
    ),
  );
}

function defaultRunBy(principal: Principal | null): RunBy {
  return principal &&
    !canRunConsultation(principal, 'panel') &&
    canRunConsultation(principal, 'dcc')
    ? 'dcc'
    : 'panel';
}

function closeOf(
  calendar: WorkingDayCalendar,
  opensAt: Date,
  input: { closesAt?: string | undefined; closesAfterWorkingDays?: number | undefined },
): Date {
  if (input.closesAfterWorkingDays !== undefined) {
    if (input.closesAt !== undefined && input.closesAt.trim() !== '') {
      throw invalid('closesAt', 'Give the close as a date or as Working Days, not both');
    }
    const days = input.closesAfterWorkingDays;
    return new Date(closeAfterWorkingDays(calendar, opensAt.toISOString(), days));
  }
  if (input.closesAt === undefined || input.closesAt.trim() === '') {
    throw invalid('closesAt', 'Enter when the consultation closes');
  }
  return new Date(instantOf('closesAt', input.closesAt, 'end'));
}

async function checkedAudiences(unit: UnitOfWork, audiences: string[]): Promise<Audience[]> {
  const bodies = await listBodies(unit.trx);
  const problem = checkAudiences(audiences, [...bodies.keys()]);
  if (problem) throw invalid('audiences', problem);
  return audiences as Audience[];
}

/** A date (`YYYY-MM-DD`) rather than an instant: a date of today opens now (ruling 13). */
function isDateText(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text.trim());
}

/**
 * Ruling 13: the instant a consultation opens: history before the cut-over as given; from the
 * cut-over now or later (today's date, or an instant a moment ago, opens now), else refused with
 * consultation_in_past.
 */
function openingInstant(opensAt: Date, given: string, now: Date, cutOver: string): Date {
  const opening = liveOpening(opensAt, now, cutOver, isDateText(given));
  if (opening === null)
    throw new AppError(
      'consultation_in_past',
      `A consultation opens now or later: ${formatInstant(opensAt)} has passed. Records of consultations before the cut-over (${cutOver}) are history; from it on, consultations happen in secrel`,
      { field: 'opensAt' },
    );
  return opening;
}

/**
 * D10.9, D10.20: a live consultation on a Policy or TAD version runs at least the Policy's
 * minimum (`minimumWorkingDays`); history held outside secrel is recorded as it happened.
 */
function checkMinimum(
  calendar: WorkingDayCalendar,
  c: { opensAt: Date; closesAt: Date; minimumWorkingDays: number | null },
  field: string,
): void {
  if (c.minimumWorkingDays === null) return;
  const earliest = tooShort(calendar, c.opensAt, c.closesAt, c.minimumWorkingDays);
  if (earliest)
    throw new AppError(
      'consultation_too_short',
      `The Policy sets a minimum of ${c.minimumWorkingDays} Working Days for this consultation: close it no earlier than ${formatInstant(earliest)}`,
      { field },
    );
}

function checkedQuestions(texts: string[]) {
  const questions = questionsFrom(texts);
  const problem = checkQuestions(questions);
  if (problem) throw invalid('questions', problem);
  return questions;
}

function snapshot(c: Consultation) {
  return {
    subjectType: c.subjectType,
    subjectId: c.subjectId,
    title: c.title,
    description: c.description,
    audiences: c.audiences,
    questions: c.questions,
    opensAt: c.opensAt.toISOString(),
    closesAt: c.closesAt.toISOString(),
    runBy: c.runBy,
    minimumWorkingDays: c.minimumWorkingDays,
  };
}

/** D10.20: the DCC consults on the TAD; a consultation run by the Panel is refused. */
function checkTadRunBy(subjectType: SubjectType, runBy: RunBy): void {
  if (subjectType === 'tad_version' && runBy !== 'dcc')
    throw new AppError(
      'tad_consulted_by_dcc',
      'The DCC consults on each Testing Approach Document and amendment (D10.20): a consultation run by the Panel or SECAS does not count',
      { field: 'subjectType' },
    );
}

/**
 * Opens (schedules) a general consultation (the API's and the form's): SECAS or the Panel Chair
 * for the Panel's, the DCC for the DCC's. A Policy version or a TAD version is consulted on only
 * through its own use case (D10.9, D10.20: refused with consultation_own_route, or
 * tad_consulted_by_dcc for a Panel-run one on a TAD). Audited as `consultation.opened`.
 */
export async function openConsultation(
  ctx: AppContext,
  principal: Principal | null,
  input: NewConsultation,
  actor?: Actor,
): Promise<Consultation> {
  const runBy = input.runBy ?? defaultRunBy(principal);
  runnerActor(principal, runBy, actor);
  checkTadRunBy(input.subjectType, runBy);
  if (input.subjectType === 'policy_version' || input.subjectType === 'tad_version')
    throw new AppError(
      'consultation_own_route',
      input.subjectType === 'policy_version'
        ? 'A Policy version is consulted on from its own page once submitted (D10.9), not as a general consultation'
        : 'The DCC consults on a TAD version from the TAD’s own page once submitted (D10.20), not as a general consultation',
      { field: 'subjectType' },
    );
  return openSubjectConsultation(ctx, principal, input, {}, actor);
}

/** What the Policy's and the TAD's own use cases add to a consultation they open. */
export interface SubjectConsultationOptions {
  /** D10.9, D10.20: the least Working Days it must run, from the Policy; none when absent. */
  minimumWorkingDays?: number | undefined;
}

/**
 * Opens (schedules) a consultation on any subject: the Policy's and the TAD's use cases call it
 * for their submitted versions, after their own checks. From the cut-over (ruling 13) it opens
 * now or later (consultation_in_past) and runs at least `minimumWorkingDays`
 * (consultation_too_short); one dated before the cut-over is history held outside secrel. Other
 * modules may pass the system actor with a null principal. Audited as `consultation.opened`.
 */
export async function openSubjectConsultation(
  ctx: AppContext,
  principal: Principal | null,
  input: NewConsultation,
  options: SubjectConsultationOptions,
  actor?: Actor,
): Promise<Consultation> {
  const runBy = input.runBy ?? defaultRunBy(principal);
  const who = runnerActor(principal, runBy, actor);
  if (!SUBJECT_TYPES.includes(input.subjectType)) {
    throw invalid('subjectType', 'Choose policy_version, tad_version or other');
  }
  checkTadRunBy(input.subjectType, runBy);
  const subjectId = requiredText('subjectId', input.subjectId, 'the subject', 100);
  const title = requiredText('title', input.title, 'the title', 200);
  const description = (input.description ?? '').trim();
  if (description.length > 10_000) {
    throw invalid('description', 'The description must be at most 10 000 characters');
  }
  const questions = checkedQuestions(input.questions);
  const givenOpening = new Date(instantOf('opensAt', input.opensAt, 'start'));
  return inTransaction(ctx, who, async (unit) => {
    const audiences = await checkedAudiences(unit, input.audiences);
    const cutOver = await cutOverOf(unit.trx);
    const opensAt = openingInstant(givenOpening, input.opensAt, unit.now, cutOver);
    const calendar = await calendarFor(ctx, undefined, unit.trx);
    const closesAt = closeOf(calendar, opensAt, input);
    const problem = checkWindow(opensAt, closesAt);
    if (problem) throw invalid('closesAt', problem);
    const minimumWorkingDays = isHeldOutsideSecrel({ opensAt }, cutOver)
      ? null
      : (options.minimumWorkingDays ?? null);
    checkMinimum(
      calendar,
      { opensAt, closesAt, minimumWorkingDays },
      input.closesAfterWorkingDays === undefined ? 'closesAt' : 'closesAfterWorkingDays',
    );
    const consultation = await insertConsultation(unit.trx, {
      subjectType: input.subjectType,
      subjectId,
      title,
      description,
      audiences,
      questions,
      opensAt,
      closesAt,
      runBy,
      createdBy: who.id,
      createdAt: unit.now,
      minimumWorkingDays,
    });
    await unit.audit({
      action: 'consultation.opened',
      subjectType: 'consultation',
      subjectId: String(consultation.id),
      after: snapshot(consultation),
    });
    // Issue 13: its audiences are told when it opens (not a consultation held outside secrel).
    if (!isHeldOutsideSecrel({ opensAt }, cutOver))
      await scheduleOpenedNotice(unit.trx, consultation, unit.now);
    return consultation;
  });
}

/** What an edit changes: the consultation as it would become, and the names of the changed fields. */
async function editedConsultation(
  calendar: WorkingDayCalendar,
  unit: UnitOfWork,
  current: Consultation,
  edit: ConsultationEdit,
  cutOver: string,
): Promise<{ next: Consultation; changed: string[] }> {
  const changed: string[] = [];
  const next = { ...current };
  if (edit.title !== undefined && edit.title.trim() !== current.title) {
    next.title = requiredText('title', edit.title, 'the title', 200);
    changed.push('title');
  }
  if (edit.description !== undefined && edit.description.trim() !== current.description) {
    next.description = edit.description.trim();
    changed.push('description');
  }
  if (edit.audiences !== undefined) {
    const audiences = await checkedAudiences(unit, edit.audiences);
    if (JSON.stringify(audiences) !== JSON.stringify(current.audiences)) {
      next.audiences = audiences;
      changed.push('audiences');
    }
  }
  if (edit.questions !== undefined) {
    const questions = checkedQuestions(edit.questions);
    if (JSON.stringify(questions) !== JSON.stringify(current.questions)) {
      next.questions = questions;
      changed.push('questions');
    }
  }
  if (edit.opensAt !== undefined) {
    const opensAt = new Date(instantOf('opensAt', edit.opensAt, 'start'));
    if (opensAt.getTime() !== current.opensAt.getTime()) {
      next.opensAt = openingInstant(opensAt, edit.opensAt, unit.now, cutOver);
      changed.push('opensAt');
    }
  }
  if (edit.closesAt !== undefined || edit.closesAfterWorkingDays !== undefined) {
    const closesAt = closeOf(calendar, next.opensAt, edit);
    if (closesAt.getTime() !== current.closesAt.getTime()) {
      next.closesAt = closesAt;
      changed.push('closesAt');
    }
  }
  return { next, changed };
}

/**
 * Edits a consultation the editor saw at `version` (else 409 stale_version). Before it opens
 * anything may change; once open only the close, and only later; once closed, nothing
 * (consultation_closed). Never to open in the past (ruling 13, consultation_in_past) nor to run
 * less than its minimum (consultation_too_short). Audited as `consultation.updated`.
 */
export async function editConsultation(
  ctx: AppContext,
  principal: Principal,
  id: number,
  edit: ConsultationEdit,
): Promise<Consultation> {
  return inTransaction(ctx, actorOf(principal), async (unit) => {
    const current = await lockConsultation(unit.trx, id, edit.version);
    runnerActor(principal, current.runBy);
    const cutOver = await cutOverOf(unit.trx);
    const calendar = await calendarFor(ctx, undefined, unit.trx);
    const { next, changed } = await editedConsultation(calendar, unit, current, edit, cutOver);
    const status = statusAt(current, unit.now);
    const refused = checkEdit(status, current, changed, next.closesAt);
    if (refused?.closed)
      throw new AppError('consultation_closed', refused.problem, { field: refused.field });
    if (refused) throw invalid(refused.field, refused.problem);
    const window = checkWindow(next.opensAt, next.closesAt);
    if (window) throw invalid('closesAt', window);
    checkMinimum(
      calendar,
      next,
      edit.closesAfterWorkingDays === undefined ? 'closesAt' : 'closesAfterWorkingDays',
    );
    if (changed.length === 0) return current;
    const updated = await updateConsultation(unit.trx, id, next, current.version + 1);
    await unit.audit({
      action:
        changed.length === 1 && changed[0] === 'closesAt' && status === 'open'
          ? 'consultation.extended'
          : 'consultation.updated',
      subjectType: 'consultation',
      subjectId: String(id),
      before: snapshot(current),
      after: { ...snapshot(updated), changed },
    });
    if (changed.includes('opensAt')) await scheduleOpenedNotice(unit.trx, updated, unit.now);
    return updated;
  });
}
