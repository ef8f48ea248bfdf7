/** D10.20: the DCC's consultation on each TAD version, and the Panel's review of it. */
import { inTransaction, type AppContext } from '../../app-context.ts';
import { londonDateOf } from '../../calendar/index.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Actor } from '../../audit/audit.ts';
import { openConsultation } from '../consultation/consultation.actions.ts';
import {
  closedConsultationFor,
  listConsultations,
  type Consultation,
} from '../consultation/consultation.queries.ts';
import type { Principal } from '../identity/identity.ts';
import { findRelease } from '../release/release.queries.ts';
import { checkMeeting, saveTadVersion } from './tad.actions.ts';
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
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

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
 * D10.20: the version to consult on: submitted, not yet reviewed, with no consultation on it
 * that has not closed (409 already_exists).
 */
async function consultableVersion(ctx: AppContext, releaseId: number, number: number) {
  const now = ctx.now();
  const release = await findRelease(ctx.db, releaseId);
  if (!release) throw new AppError('not_found', `There is no release ${releaseId}`);
  const target = (await listTadVersions(ctx.db, releaseId)).find((v) => v.number === number);
  if (!target)
    throw new AppError('not_found', `There is no version ${number} of this release’s TAD`);
  if (target.status !== 'submitted')
    throw new AppError(
      'invalid_transition',
      target.status === 'draft'
        ? `Version ${number} must be submitted before it is consulted on`
        : `Version ${number} has already been reviewed by the Panel`,
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
 * through the consultations module, which audits `consultation.opened`. Refused while another
 * consultation on the version has not closed (409 already_exists).
 */
export async function openTadConsultation(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  number: number,
  input: TadConsultationInput,
  actor?: Actor,
): Promise<Consultation> {
  if (!actor) actorOf(requireActor(principal, canConsultOnTad, 'Only the DCC consults on its TAD'));
  const audience = input.audience ?? 'all_parties';
  if (!TAD_AUDIENCE_CHOICES.includes(audience))
    throw invalid('audience', 'Consult all Parties, or the Users');
  const { release, target } = await consultableVersion(ctx, releaseId, number);
  const amendment = target.basedOnId !== null;
  return openConsultation(
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
    actor,
  );
}

export interface TadReviewCommand extends TadReviewInput {
  meetingId?: number | null | undefined;
  version: number;
}

/**
 * D10.20: SECAS or the Panel Chair records the Panel's review of a submitted version. Refused
 * with consultation_required unless a DCC consultation of the Users (or all Parties) on THIS
 * version has closed. The version becomes reviewed; it takes effect with the RID version the
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
  const reviewedOn = input.reviewedOn.trim();
  const meetingId = input.meetingId ?? null;
  return inTransaction(ctx, actor, async (unit) => {
    const current = await lockTadVersion(unit.trx, releaseId, number, input.version);
    if (current.status !== 'submitted')
      throw new AppError(
        'invalid_transition',
        current.status === 'draft'
          ? `Version ${number} is a draft: the DCC submits it and consults on it first`
          : `Version ${number} has already been reviewed`,
      );
    const consulted = await closedConsultationFor(
      unit.trx,
      'tad_version',
      String(current.id),
      [...TAD_CONSULTEES],
      unit.now,
    );
    if (!consulted)
      throw new AppError(
        'consultation_required',
        `Version ${number} cannot be reviewed until the DCC’s consultation on it has closed (D10.20)`,
      );
    const closedOn = londonDateOf(new Date(consulted.closes_at).toISOString());
    const problem = checkTadReview({ reviewedOn, notes }, todayOf(unit.now), closedOn);
    if (problem) throw invalid(problem.field, problem.message);
    await checkMeeting(ctx, unit, meetingId, reviewedOn, 'reviewedOn');
    return saveTadVersion(
      unit,
      current,
      {
        status: 'reviewed',
        reviewMeetingId: meetingId,
        reviewedOn,
        reviewNotes: notes,
        reviewedBy: actor.id,
      },
      'tad.reviewed',
      notes,
    );
  });
}
