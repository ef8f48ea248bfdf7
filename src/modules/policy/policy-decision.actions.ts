import { inTransaction, type AppContext } from '../../app-context.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Actor } from '../../audit/audit.ts';
import { openSubjectConsultation } from '../consultation/consultation.actions.ts';
import { listConsultations, type Consultation } from '../consultation/consultation.queries.ts';
import { consultationGate, type GateRefusal } from '../consultation/consultation.ts';
import { actorOf, type Principal } from '../identity/identity.ts';
import { cutOverOf } from '../installation/installation.queries.ts';
import { decisionMeeting } from '../meeting/meeting.actions.ts';
import { save } from './policy.actions.ts';
import {
  POLICY_CONSULTEES,
  checkDecision,
  consultationMinimum,
  latestApproved,
  type DecisionInput,
  type PolicyVersion,
} from './policy.ts';
import { canConsultOnPolicy, canDecidePolicy } from './policy.access.ts';
import { listPolicyVersions, lockPolicyVersion } from './policy.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { todayOf } from '../../calendar/deadline.ts';

/** D10.9: the consultation of the DCC and Users on a version, and the Panel's decision on it. */

export interface PolicyConsultationInput {
  opensAt: string;
  closesAt?: string | undefined;
  closesAfterWorkingDays?: number | undefined;
  questions?: string[] | undefined;
}

const DEFAULT_QUESTIONS = [
  'Do you agree with the proposed changes to the SEC Release Management Policy? Please give your reasons.',
  'Do you have any other comments on this version of the Policy?',
];

/**
 * D10.9: opens the consultation of the DCC and Users on a submitted version, through the
 * consultations module (which audits `consultation.opened` and checks that SECAS or the Chair
 * runs it). A draft is refused (consultation_on_draft): the text consulted on is the text decided
 * on. Refused while one is scheduled or open on the version. From the cut-over (ruling 13) it
 * opens now or later and runs at least the minimum the Policy in force sets (default 10 Working
 * Days; consultation_in_past, consultation_too_short).
 */
export async function openPolicyConsultation(
  ctx: AppContext,
  principal: Principal | null,
  id: number,
  input: PolicyConsultationInput,
  actor?: Actor,
): Promise<Consultation> {
  if (!actor)
    actorOf(
      requireActor(
        principal,
        canConsultOnPolicy,
        'Only SECAS or the Panel Chair consults on the Policy',
      ),
    );
  const now = ctx.now();
  const versions = await listPolicyVersions(ctx.db);
  const target = versions.find((v) => v.id === id);
  if (!target) throw new AppError('not_found', `There is no Policy version ${id}`);
  if (target.status === 'draft')
    throw new AppError(
      'consultation_on_draft',
      `Version ${target.number} is a draft: submit it, fixing its text, before it is consulted on`,
    );
  if (target.status !== 'submitted')
    throw new AppError(
      'invalid_transition',
      `Version ${target.number} has already been decided: it cannot be consulted on again`,
    );
  const running = await listConsultations(ctx.db, now, {
    subjectType: 'policy_version',
    subjectId: String(id),
  });
  if (running.some((c) => c.closesAt.getTime() >= now.getTime()))
    throw new AppError(
      'already_exists',
      `Version ${target.number} already has a consultation that has not closed`,
      { field: 'opensAt' },
    );
  return openSubjectConsultation(
    ctx,
    principal,
    {
      subjectType: 'policy_version',
      subjectId: String(id),
      title: `SEC Release Management Policy version ${target.number}: ${target.title}`,
      description: `D10.9: the DCC and Users are consulted on version ${target.number} of the SEC Release Management Policy before it takes effect.`,
      audiences: [...POLICY_CONSULTEES],
      questions:
        input.questions && input.questions.length > 0 ? input.questions : DEFAULT_QUESTIONS,
      opensAt: input.opensAt,
      ...(input.closesAt === undefined ? {} : { closesAt: input.closesAt }),
      ...(input.closesAfterWorkingDays === undefined
        ? {}
        : { closesAfterWorkingDays: input.closesAfterWorkingDays }),
      runBy: 'panel',
    },
    { minimumWorkingDays: consultationMinimum(versions, todayOf(now)) },
    actor,
  );
}

/** D10.9, ruling 13: why no consultation carries the decision, in words. */
function gateRefusal(
  version: PolicyVersion,
  refusal: GateRefusal,
  closedOn: string | undefined,
): AppError {
  if (refusal === 'consultation_held_outside')
    return new AppError(
      'consultation_held_outside',
      `The consultation on version ${version.number} was held outside secrel, before the cut-over: it carries only a decision taken before the cut-over. Consult the DCC and Users again`,
      { field: 'decidedOn' },
    );
  if (refusal === 'decision_before_consultation_closed')
    return new AppError(
      'decision_before_consultation_closed',
      `The consultation on version ${version.number} closed on ${closedOn ?? 'a later day'}: the Panel’s decision is dated on or after it`,
      { field: 'decidedOn' },
    );
  return new AppError(
    'consultation_required',
    `Version ${version.number} cannot be approved until a consultation of the DCC and Users on it has closed`,
  );
}

/** D10.9, ruling 13: the Panel's decision as recorded: at a meeting, dated its day. */
export interface PolicyDecisionCommand extends Omit<DecisionInput, 'decidedOn'> {
  /** The Panel meeting that took the decision (required; refused when missing). */
  meetingId?: number | null | undefined;
  /** The meeting's day, the default; any other day is refused. */
  decidedOn?: string | undefined;
  version: number;
}

/**
 * D10.9: records the Panel's decision on a submitted version. Approval needs a closed
 * consultation of the DCC and Users on THIS version (409 consultation_required), closed on or
 * before the decision's date (decision_before_consultation_closed) and, for a decision from the
 * cut-over on, held in secrel (ruling 13: consultation_held_outside); the version then takes
 * effect on `effectiveFrom` (see policy.ts: in force is computed on read). A Panel decision, it
 * names the Panel meeting that took it and is dated that meeting's day (ruling 13,
 * `decisionMeeting`: validation_failed without one, meeting_not_held, panel_record_late), as the
 * Panel's other decisions do; SECAS alone cannot record one without a meeting.
 * Audited `policy_version.approved` or `policy_version.rejected`, with the meeting.
 */
export async function decidePolicyVersion(
  ctx: AppContext,
  principal: Principal | null,
  id: number,
  input: PolicyDecisionCommand,
  actor: Actor = actorOf(
    requireActor(
      principal,
      canDecidePolicy,
      'Only the Panel Chair, or SECAS for the Panel, records the Panel’s decision',
    ),
  ),
): Promise<PolicyVersion> {
  return inTransaction(ctx, actor, async (unit) => {
    const current = await lockPolicyVersion(unit.trx, id, input.version);
    if (current.status !== 'submitted')
      throw new AppError(
        'invalid_transition',
        `Version ${current.number} is not waiting for the Panel’s decision`,
      );
    const { meeting, date: decidedOn } = await decisionMeeting(
      ctx,
      unit,
      input.meetingId,
      input.decidedOn,
      'decidedOn',
    );
    const versions = await listPolicyVersions(unit.trx);
    const decision = { ...input, decidedOn };
    const problem = checkDecision(decision, todayOf(unit.now), latestApproved(versions));
    if (problem) throw invalid(problem.field, problem.message);
    if (input.outcome === 'approve') {
      const consultations = await listConsultations(unit.trx, unit.now, {
        subjectType: 'policy_version',
        subjectId: String(id),
      });
      const gate = consultationGate(consultations, {
        audiences: [...POLICY_CONSULTEES],
        actOn: decidedOn,
        cutOver: await cutOverOf(unit.trx),
        now: unit.now,
      });
      if ('refusal' in gate) throw gateRefusal(current, gate.refusal, gate.closedOn);
    }
    return save(
      unit,
      current,
      {
        status: input.outcome === 'approve' ? 'approved' : 'rejected',
        decidedOn,
        decisionMeetingId: meeting.id,
        decisionNotes: input.notes.trim() === '' ? null : input.notes.trim(),
        effectiveFrom: input.outcome === 'approve' ? input.effectiveFrom : null,
      },
      input.outcome === 'approve' ? 'policy_version.approved' : 'policy_version.rejected',
      input.notes.trim() === '' ? undefined : input.notes.trim(),
    );
  });
}
