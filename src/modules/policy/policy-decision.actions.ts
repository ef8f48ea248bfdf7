import { inTransaction, type AppContext } from '../../app-context.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Actor } from '../../audit/audit.ts';
import { openConsultation } from '../consultation/consultation.actions.ts';
import {
  closedConsultationFor,
  listConsultations,
  type Consultation,
} from '../consultation/consultation.queries.ts';
import { actorOf, type Principal } from '../identity/identity.ts';
import { save } from './policy.actions.ts';
import {
  POLICY_CONSULTEES,
  checkDecision,
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
 * runs it). Refused while one is scheduled or open on the version.
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
  if (target.status !== 'submitted')
    throw new AppError(
      'invalid_transition',
      `Version ${target.number} must be submitted before it is consulted on`,
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
  return openConsultation(
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
    actor,
  );
}

/**
 * D10.9: records the Panel's decision on a submitted version. Approval needs a closed
 * consultation of the DCC and Users on THIS version (409 consultation_required); the version
 * then takes effect on `effectiveFrom` (see policy.ts: in force is computed on read).
 * Audited `policy_version.approved` or `policy_version.rejected`.
 */
export async function decidePolicyVersion(
  ctx: AppContext,
  principal: Principal | null,
  id: number,
  input: DecisionInput & { version: number },
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
    const versions = await listPolicyVersions(unit.trx);
    const problem = checkDecision(input, todayOf(unit.now), latestApproved(versions));
    if (problem) throw invalid(problem.field, problem.message);
    if (input.outcome === 'approve') {
      const consulted = await closedConsultationFor(
        unit.trx,
        'policy_version',
        String(id),
        [...POLICY_CONSULTEES],
        unit.now,
      );
      if (!consulted)
        throw new AppError(
          'consultation_required',
          `Version ${current.number} cannot be approved until a consultation of the DCC and Users on it has closed`,
        );
    }
    return save(
      unit,
      current,
      {
        status: input.outcome === 'approve' ? 'approved' : 'rejected',
        decidedOn: input.decidedOn,
        decisionNotes: input.notes.trim() === '' ? null : input.notes.trim(),
        effectiveFrom: input.outcome === 'approve' ? input.effectiveFrom : null,
      },
      input.outcome === 'approve' ? 'policy_version.approved' : 'policy_version.rejected',
      input.notes.trim() === '' ? undefined : input.notes.trim(),
    );
  });
}
