import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { AppError, invalid, requiredText } from '../../errors.ts';
import type { Actor } from '../../audit/audit.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf, type Principal } from '../identity/identity.ts';
import { closeAfterWorkingDays, instantOf } from './consultation-time.ts';
import { canRunConsultation } from './consultation.access.ts';
import {
  checkAudiences,
  checkEdit,
  checkQuestions,
  checkWindow,
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

async function closeOf(
  ctx: AppContext,
  unit: UnitOfWork,
  opensAt: Date,
  input: { closesAt?: string | undefined; closesAfterWorkingDays?: number | undefined },
): Promise<Date> {
  if (input.closesAfterWorkingDays !== undefined) {
    if (input.closesAt !== undefined && input.closesAt.trim() !== '') {
      throw invalid('closesAt', 'Give the close as a date or as Working Days, not both');
    }
    const calendar = await calendarFor(ctx, undefined, unit.trx);
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
  };
}

/**
 * Opens (schedules) a consultation. SECAS or the Panel Chair for the Panel's, the DCC for the
 * DCC's; other modules may pass the system actor with a null principal. Audited as
 * `consultation.opened`. Returns the stored consultation.
 */
export async function openConsultation(
  ctx: AppContext,
  principal: Principal | null,
  input: NewConsultation,
  actor?: Actor,
): Promise<Consultation> {
  const runBy = input.runBy ?? defaultRunBy(principal);
  const who = runnerActor(principal, runBy, actor);
  if (!SUBJECT_TYPES.includes(input.subjectType)) {
    throw invalid('subjectType', 'Choose policy_version, tad_version or other');
  }
  const subjectId = requiredText('subjectId', input.subjectId, 'the subject', 100);
  const title = requiredText('title', input.title, 'the title', 200);
  const description = (input.description ?? '').trim();
  if (description.length > 10_000) {
    throw invalid('description', 'The description must be at most 10 000 characters');
  }
  const questions = checkedQuestions(input.questions);
  const opensAt = new Date(instantOf('opensAt', input.opensAt, 'start'));
  return inTransaction(ctx, who, async (unit) => {
    const audiences = await checkedAudiences(unit, input.audiences);
    const closesAt = await closeOf(ctx, unit, opensAt, input);
    const problem = checkWindow(opensAt, closesAt);
    if (problem) throw invalid('closesAt', problem);
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
    });
    await unit.audit({
      action: 'consultation.opened',
      subjectType: 'consultation',
      subjectId: String(consultation.id),
      after: snapshot(consultation),
    });
    return consultation;
  });
}

/** What an edit changes: the consultation as it would become, and the names of the changed fields. */
async function editedConsultation(
  ctx: AppContext,
  unit: UnitOfWork,
  current: Consultation,
  edit: ConsultationEdit,
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
      next.opensAt = opensAt;
      changed.push('opensAt');
    }
  }
  if (edit.closesAt !== undefined || edit.closesAfterWorkingDays !== undefined) {
    const closesAt = await closeOf(ctx, unit, next.opensAt, edit);
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
 * (consultation_closed). Audited as `consultation.updated` with before and after.
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
    const { next, changed } = await editedConsultation(ctx, unit, current, edit);
    const status = statusAt(current, unit.now);
    const refused = checkEdit(status, current, changed, next.closesAt);
    if (refused?.closed)
      throw new AppError('consultation_closed', refused.problem, { field: refused.field });
    if (refused) throw invalid(refused.field, refused.problem);
    const window = checkWindow(next.opensAt, next.closesAt);
    if (window) throw invalid('closesAt', window);
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
    return updated;
  });
}
