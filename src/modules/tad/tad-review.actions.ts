/** D10.20: the DCC's consultation on each TAD version, and the Panel's review of it. */
import { inTransaction, type AppContext } from '../../app-context.ts';
import { isIsoDate, londonDateOf } from '../../calendar/index.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Actor } from '../../audit/audit.ts';
import { openSubjectConsultation } from '../consultation/consultation.actions.ts';
import { listConsultations, type Consultation } from '../consultation/consultation.queries.ts';
import { consultationGate } from '../consultation/consultation.ts';
import type { Principal } from '../identity/identity.ts';
import { cutOverOf } from '../installation/installation.queries.ts';
import { listPolicyVersions } from '../policy/policy.queries.ts';
import { consultationMinimum } from '../policy/policy.ts';
import { findRelease } from '../release/release.queries.ts';
import { decisionMeeting } from '../meeting/meeting.actions.ts';
import { requireConditions, saveTadVersion } from './tad.actions.ts';
import {
  TAD_AUDIENCE_CHOICES,
  TAD_CONSULTEES,
  checkTadReview,
  type TadAudience,
  type TadReviewInput,
  type TadVersion,
} from './tad.ts';
import { canConsultOnTad, canReviewTad } from './tad.access.ts';
import { listTadVersions, lockTadVersion } from './tad.store.ts';
import { hasAnyRole, requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

/**
 * D10.20: the DCC consults on the TAD, not the Panel: SECAS or the Panel Chair opening one is
 * refused with tad_consulted_by_dcc (403), so the refusal says why; others fall to the guard.
 */
export function refuseUnlessDcc(principal: Principal | null): void {
  if (!canConsultOnTad(principal) && hasAnyRole(principal, ['code_administrator', 'panel_chair']))
    throw new AppError(
      'tad_consulted_by_dcc',
      'The DCC consults on each Testing Approach Document and amendment (D10.20): a consultation run by the Panel or SECAS does not count',
    );
}

export interface TadConsultationInput {
  opensAt: string;
  closesAt?: string | undefined;
  closesAfterWorkingDays?: number | undefined;
  /** All Parties (the default) or the Users only. */
  audience?: TadAudience | undefined;
  questions?: string[] | undefined;
}

const DEFAULT_QUESTIONS = [
  'Do you agree that the testing objectives, including the assurance to be achieved, are right for this release? Please give your reasons.',
  'Do you agree with the testing strategy, including the DCC’s support for User testing? Please give your reasons.',
  'Are the consequences of the strategy, including its costs and risks in business terms, set out clearly and acceptably? Please give your reasons.',
  'Do you have any other comments on this version of the Testing Approach Document?',
];

/**
 * D10.20: the version to consult on: submitted, not yet reviewed (a draft is refused with
 * consultation_on_draft: the text consulted on is the text reviewed), with no consultation on it
 * that has not closed (409 already_exists).
 */
async function consultableVersion(ctx: AppContext, releaseId: number, number: number) {
  const now = ctx.now();
  const release = await findRelease(ctx.db, releaseId);
  if (!release) throw new AppError('not_found', `There is no release ${releaseId}`);
  const target = (await listTadVersions(ctx.db, releaseId)).find((v) => v.number === number);
  if (!target)
    throw new AppError('not_found', `There is no version ${number} of this release’s TAD`);
  if (target.status === 'draft')
    throw new AppError(
      'consultation_on_draft',
      `Version ${number} is a draft: the DCC submits it, fixing its text, before consulting on it`,
    );
  if (target.status !== 'submitted')
    throw new AppError(
      'invalid_transition',
      `Version ${number} has already been reviewed by the Panel`,
    );
  const running = await listConsultations(ctx.db, now, {
    subjectType: 'tad_version',
    subjectId: String(target.id),
  });
  if (running.some((c) => c.closesAt.getTime() >= now.getTime()))
    throw new AppError(
      'already_exists',
      `Version ${number} already has a consultation that has not closed`,
      { field: 'opensAt' },
    );
  return { release, target };
}

/**
 * D10.20: the DCC opens its consultation of the Parties on a submitted version (or amendment),
 * through the consultations module, which audits `consultation.opened`. The Panel or SECAS is
 * refused (tad_consulted_by_dcc). Refused while another consultation on the version has not
 * closed (409 already_exists). From the cut-over (ruling 13) it opens now or later and runs at
 * least the minimum the Policy in force sets (default 10 Working Days).
 */
export async function openTadConsultation(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  number: number,
  input: TadConsultationInput,
  actor?: Actor,
): Promise<Consultation> {
  if (!actor) {
    refuseUnlessDcc(principal);
    actorOf(requireActor(principal, canConsultOnTad, 'Only the DCC consults on its TAD'));
  }
  const audience = input.audience ?? 'all_parties';
  if (!TAD_AUDIENCE_CHOICES.includes(audience))
    throw invalid('audience', 'Consult all Parties, or the Users');
  const { release, target } = await consultableVersion(ctx, releaseId, number);
  const amendment = target.basedOnId !== null;
  const minimumWorkingDays = consultationMinimum(
    await listPolicyVersions(ctx.db),
    todayOf(ctx.now()),
  );
  return openSubjectConsultation(
    ctx,
    principal,
    {
      subjectType: 'tad_version',
      subjectId: String(target.id),
      title: `${release.name}: Testing Approach Document version ${number}${amendment ? ' (amendment)' : ''}`,
      description: `D10.20: the DCC consults on ${amendment ? 'this amendment of ' : ''}the Testing Approach Document for the ${release.name} before the Panel reviews it. The document is at /releases/${releaseId}/tad/versions/${number}.`,
      audiences: [audience],
      questions:
        input.questions && input.questions.length > 0 ? input.questions : DEFAULT_QUESTIONS,
      opensAt: input.opensAt,
      ...(input.closesAt === undefined ? {} : { closesAt: input.closesAt }),
      ...(input.closesAfterWorkingDays === undefined
        ? {}
        : { closesAfterWorkingDays: input.closesAfterWorkingDays }),
      runBy: 'dcc',
    },
    { minimumWorkingDays },
    actor,
  );
}

export interface TadReviewCommand extends Omit<TadReviewInput, 'reviewedOn'> {
  /** The Panel meeting that reviewed the version (required; refused when missing, ruling 13). */
  meetingId?: number | null | undefined;
  /** The meeting's day, the default; any other day is refused. */
  reviewedOn?: string | undefined;
  version: number;
}

/**
 * D10.20: SECAS or the Panel Chair records the Panel's review of a submitted version. Refused
 * with consultation_required unless a DCC consultation of the Users (or all Parties) on THIS
 * version has closed, on or before the review's date (decision_before_consultation_closed) and,
 * for a review from the cut-over on, held in secrel (ruling 13: consultation_held_outside).
 * D10.18, D10.13(d)(e): refused with tad_conditions_missing while a modification in the release
 * (one allocated since the version was submitted, say) lacks a statement of how (d) or (e) is
 * met: the DCC amends the TAD. Ruling 13: the review names the Panel meeting that took it and is
 * dated that day (`decisionMeeting`: validation_failed without one, meeting_not_held,
 * panel_record_late). The version becomes reviewed; it takes effect with the RID version the
 * Panel approves next (ruling 8, the RID module). Audited `tad.reviewed`.
 */
export async function reviewTadVersion(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  number: number,
  input: TadReviewCommand,
  actor: Actor = actorOf(
    requireActor(
      principal,
      canReviewTad,
      'Only the Panel Chair, or SECAS for the Panel, records the Panel’s review',
    ),
  ),
): Promise<TadVersion> {
  const notes = input.notes.trim();
  return inTransaction(ctx, actor, async (unit) => {
    const current = await lockTadVersion(unit.trx, releaseId, number, input.version);
    if (current.status !== 'submitted')
      throw new AppError(
        'invalid_transition',
        current.status === 'draft'
          ? `Version ${number} is a draft: the DCC submits it and consults on it first`
          : `Version ${number} has already been reviewed`,
      );
    const { meeting, date: reviewedOn } = await decisionMeeting(
      ctx,
      unit,
      input.meetingId,
      input.reviewedOn,
      'reviewedOn',
    );
    if (!isIsoDate(reviewedOn))
      throw invalid('reviewedOn', 'Enter the date of the review as YYYY-MM-DD');
    const gate = consultationGate(
      await listConsultations(unit.trx, unit.now, {
        subjectType: 'tad_version',
        subjectId: String(current.id),
      }),
      {
        audiences: [...TAD_CONSULTEES],
        runBy: 'dcc',
        actOn: reviewedOn,
        cutOver: await cutOverOf(unit.trx),
        now: unit.now,
      },
    );
    if ('refusal' in gate) {
      if (gate.refusal === 'consultation_held_outside')
        throw new AppError(
          'consultation_held_outside',
          `The DCC’s consultation on version ${number} was held outside secrel, before the cut-over: it carries only a review before the cut-over. The DCC consults again (D10.20)`,
          { field: 'reviewedOn' },
        );
      if (gate.refusal === 'decision_before_consultation_closed')
        throw new AppError(
          'decision_before_consultation_closed',
          `The Panel cannot have reviewed it before its consultation closed on ${gate.closedOn ?? 'a later day'}`,
          { field: 'reviewedOn' },
        );
      throw new AppError(
        'consultation_required',
        `Version ${number} cannot be reviewed until the DCC’s consultation on it has closed (D10.20)`,
      );
    }
    const closedOn = londonDateOf(gate.consultation.closesAt.toISOString());
    const problem = checkTadReview({ reviewedOn, notes }, todayOf(unit.now), closedOn);
    if (problem) throw invalid(problem.field, problem.message);
    await requireConditions(unit.trx, current, 'reviewed');
    return saveTadVersion(
      unit,
      current,
      {
        status: 'reviewed',
        reviewMeetingId: meeting.id,
        reviewedOn,
        reviewNotes: notes,
        reviewedBy: actor.id,
      },
      'tad.reviewed',
      notes,
    );
  });
}
