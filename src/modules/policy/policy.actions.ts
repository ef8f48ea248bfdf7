import { Value } from 'typebox/value';
import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Actor } from '../../audit/audit.ts';
import { actorOf, type Principal } from '../identity/identity.ts';
import { DEFAULT_MECHANISMS, DEFAULT_PROSE } from './policy-defaults.ts';
import { checkMechanisms, missingMechanisms, type PolicyMechanisms } from './policy-mechanisms.ts';
import {
  MAX_TITLE_LENGTH,
  checkConsultationWorkingDays,
  checkProse,
  isEditable,
  nextVersionNumber,
  policyInForce,
  type PolicySection,
  type PolicyVersion,
} from './policy.ts';
import { canDraftPolicy } from './policy.access.ts';
import { MechanismsSchema, ProseSchema } from './policy.schema.ts';
import {
  insertPolicyVersion,
  listPolicyVersions,
  lockPolicyVersion,
  lockPolicyVersions,
  updatePolicyVersionRow,
  type PolicyVersionChanges,
} from './policy.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { todayOf } from '../../calendar/deadline.ts';

/** What the audit trail records of a version. */
export function auditView(v: PolicyVersion) {
  const { number, title, status, mechanisms, prose, basedOnId, decidedOn, effectiveFrom } = v;
  const { consultationWorkingDays, decisionMeetingId } = v;
  return {
    number,
    title,
    status,
    mechanisms,
    prose,
    basedOnId,
    decidedOn,
    decisionMeetingId,
    effectiveFrom,
    consultationWorkingDays,
  };
}

function checkTitle(title: string): string {
  const text = title.trim();
  if (text === '') throw invalid('title', 'Give the version a title');
  if (text.length > MAX_TITLE_LENGTH)
    throw invalid('title', `The title must be at most ${MAX_TITLE_LENGTH} characters`);
  return text;
}

/** Shape (the schema) then consistency (the rules); a 400 names the field at fault. */
export function checkContent(mechanisms: unknown, prose: unknown): void {
  for (const [schema, value, root] of [
    [MechanismsSchema, mechanisms, 'mechanisms'],
    [ProseSchema, prose, 'prose'],
  ] as const) {
    const [first] = Value.Errors(schema, value);
    if (first) {
      const path = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
      throw invalid(path ? `${root}.${path}` : root, `${path || root} ${first.message}`);
    }
  }
  const problem =
    checkMechanisms(mechanisms as PolicyMechanisms) ?? checkProse(prose as PolicySection[]);
  if (problem) throw invalid(problem.field, problem.message);
}

/** Saves the changes to a version and audits them as `action`, with before and after. */
export async function save(
  unit: UnitOfWork,
  before: PolicyVersion,
  changes: PolicyVersionChanges,
  action: string,
  reason?: string,
): Promise<PolicyVersion> {
  const after = await updatePolicyVersionRow(unit.trx, before.id, changes);
  await unit.audit({
    action,
    subjectType: 'policy_version',
    subjectId: String(after.id),
    before: auditView(before),
    after: auditView(after),
    ...(reason === undefined ? {} : { reason }),
  });
  return after;
}

export interface NewPolicyVersion {
  title: string;
  basedOnId?: number | undefined;
}

/**
 * A-POL: SECAS starts a new draft, copying the mechanisms and prose of `basedOnId`, else of the
 * version in force, else the suggested defaults. One draft at a time (409 already_exists).
 * Audited `policy_version.created`.
 */
export async function createPolicyVersion(
  ctx: AppContext,
  principal: Principal | null,
  input: NewPolicyVersion,
  actor: Actor = actorOf(
    requireActor(principal, canDraftPolicy, 'Only SECAS drafts Policy versions'),
  ),
): Promise<PolicyVersion> {
  const title = checkTitle(input.title);
  return inTransaction(ctx, actor, async (unit) => {
    // Serialises concurrent creations: the number and the one-draft rule are read under a lock.
    await lockPolicyVersions(unit.trx);
    const versions = await listPolicyVersions(unit.trx);
    const draft = versions.find((v) => v.status === 'draft');
    if (draft)
      throw new AppError(
        'already_exists',
        `Version ${draft.number} is already a draft: edit it, or decide it first`,
        { field: 'title' },
      );
    const base =
      input.basedOnId === undefined
        ? policyInForce(versions, todayOf(unit.now))
        : versions.find((v) => v.id === input.basedOnId);
    if (input.basedOnId !== undefined && !base)
      throw invalid('basedOnId', `There is no Policy version ${input.basedOnId}`);
    const created = await insertPolicyVersion(unit.trx, {
      number: nextVersionNumber(versions),
      title,
      mechanisms: base?.mechanisms ?? DEFAULT_MECHANISMS,
      prose: base?.prose ?? DEFAULT_PROSE,
      basedOnId: base?.id ?? null,
      createdBy: actor.id,
      createdAt: unit.now,
      ...(base ? { consultationWorkingDays: base.consultationWorkingDays } : {}),
    });
    await unit.audit({
      action: 'policy_version.created',
      subjectType: 'policy_version',
      subjectId: String(created.id),
      after: auditView(created),
    });
    return created;
  });
}

export interface PolicyVersionEdit {
  title: string;
  mechanisms: PolicyMechanisms;
  prose: PolicySection[];
  /** D10.9, D10.20: the minimum consultation period; unchanged when absent. */
  consultationWorkingDays?: number | undefined;
  /** The version the editor read. */
  version: number;
}

/** A-POL: SECAS edits a draft it saw at `version`; audited `policy_version.updated`. */
export async function updatePolicyVersion(
  ctx: AppContext,
  principal: Principal | null,
  id: number,
  edit: PolicyVersionEdit,
  actor: Actor = actorOf(requireActor(principal, canDraftPolicy, 'Only SECAS edits Policy drafts')),
): Promise<PolicyVersion> {
  const title = checkTitle(edit.title);
  checkContent(edit.mechanisms, edit.prose);
  const days = edit.consultationWorkingDays;
  const problem = days === undefined ? null : checkConsultationWorkingDays(days);
  if (problem) throw invalid(problem.field, problem.message);
  return inTransaction(ctx, actor, async (unit) => {
    const current = await lockPolicyVersion(unit.trx, id, edit.version);
    if (!isEditable(current))
      throw new AppError(
        'invalid_transition',
        `Version ${current.number} has been submitted: its text is fixed for consultation`,
      );
    return save(
      unit,
      current,
      {
        title,
        mechanisms: edit.mechanisms,
        prose: edit.prose,
        ...(days === undefined ? {} : { consultationWorkingDays: days }),
      },
      'policy_version.updated',
    );
  });
}

/**
 * D10.8: SECAS submits a draft; refused with policy_incomplete naming each missing mechanism
 * of (a)–(e). Audited `policy_version.submitted`.
 */
export async function submitPolicyVersion(
  ctx: AppContext,
  principal: Principal | null,
  id: number,
  version: number,
  actor: Actor = actorOf(
    requireActor(principal, canDraftPolicy, 'Only SECAS submits Policy versions'),
  ),
): Promise<PolicyVersion> {
  return inTransaction(ctx, actor, async (unit) => {
    const current = await lockPolicyVersion(unit.trx, id, version);
    if (current.status !== 'draft')
      throw new AppError('invalid_transition', `Version ${current.number} is not a draft`);
    const gaps = missingMechanisms(current.mechanisms);
    if (gaps.length > 0)
      throw new AppError(
        'policy_incomplete',
        `Version ${current.number} cannot be submitted: ${gaps.map((g) => g.message).join('; ')}`,
        { field: gaps[0]?.field ?? 'mechanisms' },
      );
    return save(
      unit,
      current,
      { status: 'submitted', submittedAt: unit.now },
      'policy_version.submitted',
    );
  });
}
